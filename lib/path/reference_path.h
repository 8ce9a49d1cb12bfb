// Reference paths: the restricted JSONPath that can designate only one node.
//
// ResultPath, InputPath/OutputPath in their reference form, ItemsPath and the Variable field of
// Choice rules accept only '.name', '['name']' and '[n]' steps after the root ('$', '$$' or
// '$name'): no wildcard, slice, union, deep scan, filter or function. A reference path can be read
// (like any definite path) and, for ResultPath, written:
//
//   ReferencePath rp = ReferencePath::Parse("$.result.items[0]");
//   Json out = ApplyResultPath(input, rp, result);   // input with result placed at the path
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "path/jsonpath.h"

namespace sfn::path {

class ReferencePath {
 public:
  struct Step {
    bool is_index = false;
    std::string name;   // when !is_index
    int32_t index = 0;  // when is_index
  };

  // Throws ParseError: for a step that is valid JSONPath but not allowed here, the offset is where
  // that step starts.
  static ReferencePath Parse(std::string_view text);

  const std::string& text() const { return path_.text(); }
  PathRoot root() const { return path_.root(); }
  const std::string& variable() const { return path_.variable(); }
  const std::vector<Step>& steps() const { return steps_; }
  const JsonPath& path() const { return path_; }

  // The designated node (no copy), or nullptr with Jayway's message in 'detail'.
  const Json* Resolve(const Env& env, std::string* detail = nullptr) const;
  // A copy of the designated node. Throws PathNotFoundError.
  Json Evaluate(const Env& env) const;

 private:
  ReferencePath(JsonPath path, std::vector<Step> steps) : path_(std::move(path)), steps_(std::move(steps)) {}
  JsonPath path_;
  std::vector<Step> steps_;
};

// Places 'result' in a copy of 'input' at 'path' (a ResultPath rooted at '$'). '$' replaces the
// whole input. Missing objects on the way are created; a step through a value that is not an
// object (for a name) or an array holding that index (for an index) raises
// StatesError("States.ResultPathMatchFailure"). ResultPath null is the caller's business.
Json ApplyResultPath(const Json& input, const ReferencePath& path, Json result);

// The same, modifying 'input'. On failure 'input' is left unchanged.
void ApplyResultPathInPlace(Json& input, const ReferencePath& path, Json result);

}  // namespace sfn::path
