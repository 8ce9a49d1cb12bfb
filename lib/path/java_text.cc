#include "path/java_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace sfn::path {
namespace {

constexpr size_t kMaxTextDepth = 256;

void AppendJavaText(std::string& out, const Json& value, size_t depth) {
  if (depth > kMaxTextDepth) {
    out += "...";
    return;
  }
  switch (value.type()) {
    case Json::value_t::string:
      out += value.get_ref<const std::string&>();
      return;
    case Json::value_t::number_float:
      out += JavaDoubleText(value.get<double>());
      return;
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        out += it.key();
        out += '=';
        AppendJavaText(out, it.value(), depth + 1);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& item : value) {
        if (!first) out += ", ";
        first = false;
        AppendJavaText(out, item, depth + 1);
      }
      out += ']';
      return;
    }
    default:
      out += DumpCompact(value);
      return;
  }
}

}  // namespace

std::string JavaDoubleText(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // e.g. "-1.2345e+02"
  bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  int exponent = std::atoi(sci.c_str() + e + 1);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());  // "12345"
  std::string out = negative ? "-" : "";
  double magnitude = std::fabs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      size_t int_len = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_len) {
        out += digits + std::string(int_len - digits.size(), '0') + ".0";
      } else {
        out += digits.substr(0, int_len) + "." + digits.substr(int_len);
      }
    } else {
      out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    return out;
  }
  out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
  out += "E" + std::to_string(exponent);
  return out;
}

std::string JavaText(const Json& value) {
  std::string out;
  AppendJavaText(out, value, 0);
  return out;
}

std::string JavaClassName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::string:
      return "java.lang.String";
    case Json::value_t::boolean:
      return "java.lang.Boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: {
      bool fits_int =
          value.is_number_integer() && value.get<int64_t>() >= INT32_MIN && value.get<int64_t>() <= INT32_MAX;
      if (value.is_number_unsigned()) fits_int = value.get<uint64_t>() <= INT32_MAX;
      return fits_int ? "java.lang.Integer" : "java.lang.Long";
    }
    case Json::value_t::number_float:
      return "java.lang.Double";
    case Json::value_t::array:
      return "java.util.ArrayList";
    case Json::value_t::object:
      return "java.util.LinkedHashMap";
    default:
      return "java.lang.Object";
  }
}

char32_t NextCodePoint(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  size_t len = (c >= 0xF0 && c < 0xF8) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC2 && c < 0xE0) ? 2 : 0;
  if (len == 0 || c >= 0xF8 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = byte(i + k);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += len;
  return cp;
}

size_t Utf16Length(std::string_view utf8) {
  size_t units = 0;
  for (size_t i = 0; i < utf8.size();) units += NextCodePoint(utf8, i) >= 0x10000 ? 2 : 1;
  return units;
}

int JavaCompare(std::string_view a, std::string_view b) {
  auto units = [](std::string_view s) {
    std::vector<char16_t> out;
    for (size_t i = 0; i < s.size();) {
      char32_t cp = NextCodePoint(s, i);
      if (cp >= 0x10000) {
        cp -= 0x10000;
        out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
        out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
      } else {
        out.push_back(static_cast<char16_t>(cp));
      }
    }
    return out;
  };
  std::vector<char16_t> x = units(a);
  std::vector<char16_t> y = units(b);
  size_t n = std::min(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  if (x.size() == y.size()) return 0;
  return x.size() < y.size() ? -1 : 1;
}

}  // namespace sfn::path
