// JSONPath as AWS Step Functions evaluates it in JSONPath mode (the Jayway dialect).
//
// A JsonPath is parsed once and evaluated many times. Its root is '$' (the effective input), '$$'
// (the context object, as in '$$.Execution.Id') or '$name' (a variable). Jayway's rule decides the
// shape of the answer: a definite path (only single names, single indexes, or several names in the
// last step) answers with the one value it designates and fails when there is none; an indefinite
// path (a wildcard, a slice, '..', a filter, a union of indexes or names before the end) answers
// with the array of everything it matched, possibly empty, and never fails.
//
//   JsonPath p = JsonPath::Parse("$.items[?(@.price > 10)].name");
//   Json names = p.Evaluate(env);                       // ["a", "b"]
//
// Path functions such as 'length()' parse but never match: AWS does not evaluate them. The script
// index of Jayway's older grammar, '$[(@.length-1)]', designates the last item of an array.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/json.h"
#include "path/env.h"
#include "path/parse_error.h"

namespace sfn::path {

namespace internal {
struct PathAst;
}

enum class PathRoot { kInput, kContext, kVariable };

// A definite path that designates nothing. 'detail' is Jayway's message (for example
// "No results for path: $['a']"), which AWS quotes in some causes.
struct PathNotFoundError : std::runtime_error {
  std::string path;
  std::string detail;
  PathNotFoundError(std::string path_text, std::string detail_text)
      : std::runtime_error("the path '" + path_text + "' found nothing: " + detail_text),
        path(std::move(path_text)),
        detail(std::move(detail_text)) {}
};

// The answer of a lookup that avoids copying: a node inside one of the roots, or a value the
// lookup built (the array of an indefinite path, the object of a multi-name step).
struct Selection {
  const Json* node = nullptr;
  Json owned;
  const Json& value() const { return node != nullptr ? *node : owned; }
};

class JsonPath {
 public:
  // Parses 'text'. Throws ParseError with the offset of the offending character.
  static JsonPath Parse(std::string_view text);
  // Parses the path an intrinsic function argument starts with: names also end at ',' and ')', the
  // path stops at the first character no step can take, and a filter may compare with a bare word
  // ('@.k == FooBar'). 'length' receives the number of characters read. Throws ParseError.
  static JsonPath ParseArgument(std::string_view text, size_t& length);

  const std::string& text() const { return text_; }
  PathRoot root() const;
  const std::string& variable() const;  // the name after '$' when root() is kVariable
  // The first bare word a filter of an argument path compares with, or empty. AWS saves a call
  // holding one, but Jayway cannot compile such a filter when the call runs.
  const std::string& bare_word() const;
  bool IsDefinite() const;
  // True when every step is a single '.name', '['name']' or '[n]': a reference path.
  bool IsSingleNode() const;
  // Jayway's normalized form, such as "$['a'][0]" (the root is always written '$').
  std::string Normalized() const;
  // The character offset of each step in text(), in order (for diagnostics).
  std::vector<size_t> StepOffsets() const;

  // The value the path designates (definite) or the array of its matches (indefinite). Throws
  // PathNotFoundError when a definite path designates nothing.
  Json Evaluate(const Env& env) const;
  // As Evaluate, but returns nothing instead of throwing; 'detail' receives Jayway's message.
  std::optional<Selection> Select(const Env& env, std::string* detail = nullptr) const;
  // Evaluates the steps on 'document' directly, as if it were the root.
  std::optional<Selection> SelectIn(const Json& document, std::string* detail = nullptr) const;

 private:
  JsonPath(std::string text, std::shared_ptr<const internal::PathAst> ast);
  std::string text_;
  std::shared_ptr<const internal::PathAst> ast_;
};

}  // namespace sfn::path
