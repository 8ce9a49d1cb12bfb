// YamlReader: reads YAML (1.2 core schema, through yaml-cpp) into a JSON value with source positions.
//
// Plain scalars resolve to null, booleans, numbers or strings; quoted scalars stay strings. CloudFormation
// short-form tags become their long form (`!Sub x` -> {"Fn::Sub": x}, `!Ref x` -> {"Ref": x},
// `!GetAtt a.b` -> {"Fn::GetAtt": ["a", "b"]}). Nesting is checked before yaml-cpp sees the text, and
// alias expansion is bounded, so hostile input ends in a ReadError rather than a crash.
#pragma once

#include <string_view>

#include "loader/json_reader.h"
#include "loader/source_text.h"

namespace sfn::loader {

JsonReadResult ReadYaml(const SourceText& source, PositionIndex* index, const ReadLimits& limits = {});

}  // namespace sfn::loader
