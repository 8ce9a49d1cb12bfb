// JSONata 2.0.6 over sfn::Json: compile an expression once, evaluate it many times.
//
// Expression::Compile parses the source into an immutable program (errors: sfn::jsonata::Error with an
// S0xxx code and the character position). Evaluate runs it over an input document with a set of Bindings
// (variables such as $states, and native functions such as AWS's $partition). Evaluation never copies the
// input: it walks the document by reference and copies only the result. One compiled Expression may be
// evaluated concurrently from several threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "jsonata/error.h"

namespace sfn::jsonata {

struct Program;
struct Signature;

struct Options {
  size_t max_depth = 500;                     // nested evaluation frames before U1001
  std::chrono::milliseconds time_limit{5000};  // wall time before U1001
};

// A native function callable from expressions. Arguments arrive with undefined as nullopt; returning
// nullopt yields undefined. It may throw Error (its code is kept) or StatesError.
using NativeFunction = std::function<std::optional<Json>(const std::vector<std::optional<Json>>& args)>;

// How an expression sees the array a native function returns: as one array value, or as a sequence of
// values, like the results of JSONata's own $map or $filter. A sequence of one item is that item, and an
// empty sequence is undefined (unless the call is marked to keep arrays, as in `$f()[]`).
enum class NativeResult { kValue, kSequence };

// Variables and extra functions visible to an evaluation. Names are given without the leading '$'.
// They shadow the built-in functions of the same name.
class Bindings {
 public:
  struct Entry {
    bool is_function = false;
    Json value;
    NativeFunction function;
    std::shared_ptr<const Signature> signature;  // null when none was given
    int arity = -1;                              // parameters in the signature, -1 when unknown
    NativeResult result = NativeResult::kValue;
    std::string name;
  };

  void Set(std::string name, Json value);
  // `signature` uses JSONata's syntax, e.g. "<a<n>n:a>"; throws Error S0401/S0402 when malformed.
  void SetFunction(std::string name, NativeFunction fn, std::string signature = "",
                   NativeResult result = NativeResult::kValue);
  const Entry* Find(std::string_view name) const;
  bool empty() const { return entries_.empty(); }

 private:
  std::map<std::string, Entry, std::less<>> entries_;
};

class Expression {
 public:
  // Throws Error (S0xxx) when the source is not a valid expression.
  static std::shared_ptr<const Expression> Compile(std::string_view source);

  // `input` nullptr means undefined. Returns nullopt when the result is undefined. Throws Error.
  std::optional<Json> Evaluate(const Json* input, const Bindings& bindings, const Options& options = {}) const;
  std::optional<Json> Evaluate(const Json* input) const { return Evaluate(input, Bindings()); }
  const std::string& Source() const;
  // The variables the expression reads but does not bind itself (with ':=', as a function parameter, or
  // with '@' or '#'), without JSONata's built-in functions, '$' and '$$'; each once, in source order.
  // The tests are by name, not by scope: a name bound anywhere in the expression is left out, and so is a
  // name the expression tests with $exists($name), since such a read is guarded.
  std::vector<std::string> FreeVariables() const;

  explicit Expression(std::shared_ptr<const Program> program);

 private:
  std::shared_ptr<const Program> program_;
};

}  // namespace sfn::jsonata
