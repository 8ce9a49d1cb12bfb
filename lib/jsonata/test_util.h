// Helpers shared by the JSONata unit tests.
#pragma once

#include <string>

#include "jsonata/jsonata.h"

namespace sfn::jsonata::testing {

// Evaluates `expr` over the JSON text `input` ("" = undefined) and returns the compact JSON result,
// "undefined", or "error CODE".
inline std::string Run(const std::string& expr, const std::string& input = "", const Bindings& bindings = {},
                       const Options& options = {}) {
  try {
    Json doc;
    if (!input.empty()) doc = Json::parse(input);
    auto compiled = Expression::Compile(expr);
    auto result = compiled->Evaluate(input.empty() ? nullptr : &doc, bindings, options);
    return result ? result->dump() : "undefined";
  } catch (const Error& e) {
    return "error " + e.code;
  }
}

struct Case {
  std::string expr;
  std::string input;
  std::string expected;
};

}  // namespace sfn::jsonata::testing
