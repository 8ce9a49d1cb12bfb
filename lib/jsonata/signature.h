// Function signatures such as "<s-nn?:s>".
//
// A signature lists one type symbol per parameter (s n b l a o f j x, or a choice "(sn)"), optionally with
// a subtype ("a<n>"), a quantifier ("?" optional, "+" one or more) or "-" (the context value stands in for a
// missing argument). Validation checks the arguments of a call, substitutes the context and wraps single
// values given for array parameters, as the reference implementation does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jsonata/value.h"

namespace sfn::jsonata {

struct SignatureParam {
  std::string symbols;  // the type symbols a matching argument may have ('m' = undefined)
  char quantifier = 0;  // 0, '?' or '+'
  bool context = false;
  std::string context_symbols;
  char type = 0;  // the declared symbol, '(' for a choice
  std::string subtype;
};

struct Signature {
  std::string definition;
  std::vector<SignatureParam> params;

  // Returns the arguments to pass on; throws Error T0410, T0411 or T0412.
  std::vector<Value> Validate(const std::vector<Value>& args, const Value& context) const;
};

// Throws Error S0401 or S0402 with `position` set to the offset in `text`.
Signature ParseSignature(std::string_view text);

// The signature symbol of a value: s n b l a o f, or m for undefined.
char TypeSymbol(const Value& v);

}  // namespace sfn::jsonata
