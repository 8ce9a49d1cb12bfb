// The parser of JSONPath text into the syntax tree (internal to the path area).
//
// It follows Jayway's grammar: '$' then '.name', '..name', '.*', '[...]' steps, where brackets
// hold quoted names, indexes, a slice, '*' or a filter '?(...)'. On top of Jayway it reads the ASL
// roots '$$' (the context object) and '$name' (a variable). Errors carry the offset of the
// offending character.
#pragma once

#include <memory>
#include <string_view>

#include "path/jsonpath_ast.h"

namespace sfn::path::internal {

// Parses a complete path. Leading and trailing blanks are ignored. Throws ParseError.
std::shared_ptr<const PathAst> ParsePathText(std::string_view text);

}  // namespace sfn::path::internal
