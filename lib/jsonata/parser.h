// The JSONata parser: source text to a compiled Program.
//
// A tokenizer and a top-down operator precedence (Pratt) parser build the raw tree; a rewriting pass then
// produces the evaluated form (see ast.h). Errors are Error values with the reference's S0xxx codes and the
// character position. Nesting is bounded, so pathological input fails with S0299 instead of overflowing
// the stack.
#pragma once

#include <memory>
#include <string_view>

#include "jsonata/ast.h"

namespace sfn::jsonata {

inline constexpr int kMaxParseDepth = 1000;

std::shared_ptr<const Program> Parse(std::string_view source);

}  // namespace sfn::jsonata
