// Number text as JavaScript writes it.
//
// JSONata's reference implementation runs on JavaScript, so numbers print as Number.prototype.toString does
// (shortest round-trip digits, exponent form from 1e21 and below 1e-6), and $string rounds non-integers to
// 15 significant digits first.
#pragma once

#include <string>

namespace sfn::jsonata {

// Number.prototype.toString(): 1e21 -> "1e+21", 0.1 + 0.2 -> "0.30000000000000004", -0 -> "0".
std::string JsNumberToString(double value);

// The value rounded to 15 significant digits, as Number(value.toPrecision(15)).
double RoundTo15Digits(double value);

// Number.prototype.toString(radix) for a whole number and 2 <= radix <= 36.
std::string JsIntegerToRadix(double value, int radix);

}  // namespace sfn::jsonata
