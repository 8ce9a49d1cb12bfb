// Intrinsic function calls of JSONPath mode: "States.Format('Hello {}', $.name)".
//
// A call is parsed once into a tree (nested calls, string literals with the escapes \' \{ \} \\,
// numbers, true, false, null, and path arguments rooted at '$', '$$' or '$name', in the full
// JSONPath syntax) and evaluated many times. Parse errors (an unknown function, a wrong number of
// arguments, a literal argument the function cannot take, a States.Format template whose
// placeholders do not match its values, bad syntax) carry the offset in the text. Evaluation
// throws StatesError("States.IntrinsicFailure") for arguments AWS refuses, PathNotFoundError when
// a path argument designates nothing (the caller names the field), and StatesError("States.Runtime")
// when a path argument compares with a bare word ('[?(@.k == FooBar)]'): AWS saves such a call, but
// Jayway cannot compile the filter.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "path/env.h"
#include "path/parse_error.h"

namespace sfn::path {

namespace internal {
struct Call;
}

// AWS accepts up to 10 levels of nested calls in one field.
constexpr size_t kMaxIntrinsicNesting = 10;

struct IntrinsicSignature {
  std::string name;  // "States.Format"
  size_t min_args;
  std::optional<size_t> max_args;  // empty: any number
};

// The 18 functions, in AWS's documentation order.
std::vector<IntrinsicSignature> KnownIntrinsics();

// True when the text is meant as an intrinsic call (it starts with "States.").
bool LooksLikeIntrinsic(std::string_view text);

// The parse error of 'text', or nothing when it is a valid call. For linters.
std::optional<ParseError> CheckIntrinsic(std::string_view text);

class Intrinsic {
 public:
  static Intrinsic Parse(std::string_view text);  // throws ParseError
  const std::string& text() const { return text_; }
  // Throws StatesError("States.IntrinsicFailure") or PathNotFoundError.
  Json Evaluate(const Env& env) const;

 private:
  Intrinsic(std::string text, std::shared_ptr<const internal::Call> call)
      : text_(std::move(text)), call_(std::move(call)) {}
  std::string text_;
  std::shared_ptr<const internal::Call> call_;
};

}  // namespace sfn::path
