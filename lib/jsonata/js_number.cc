#include "jsonata/js_number.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sfn::jsonata {

std::string JsNumberToString(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  std::string out;
  size_t pos = 0;
  if (sci[0] == '-') {
    out += '-';
    pos = 1;
  }
  size_t e = sci.find('e');
  std::string digits;
  for (size_t i = pos; i < e; ++i) {
    if (sci[i] != '.') digits += sci[i];
  }
  int exponent = std::atoi(sci.c_str() + e + 1);
  int k = static_cast<int>(digits.size());
  int n = exponent + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n));
    out += '.';
    out += digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += (n - 1 >= 0) ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

double RoundTo15Digits(double value) {
  if (!std::isfinite(value) || value == 0) return value;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.14e", value);
  return std::strtod(buf, nullptr);
}

std::string JsIntegerToRadix(double value, int radix) {
  if (value == 0) return "0";
  bool negative = value < 0;
  double v = std::fabs(value);
  std::string out;
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  while (v >= 1) {
    double q = std::floor(v / radix);
    int d = static_cast<int>(v - q * radix);
    if (d < 0) d = 0;
    if (d >= radix) d = radix - 1;
    out += kDigits[d];
    v = q;
  }
  if (negative) out += '-';
  return std::string(out.rbegin(), out.rend());
}

}  // namespace sfn::jsonata
