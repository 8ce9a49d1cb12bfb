#include "jsonata/format_number.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "jsonata/error.h"

namespace sfn::jsonata {
namespace {

using detail::IntegerPicture;
using detail::IntegerStyle;
using detail::LetterCase;

[[noreturn]] void Fail(const char* code, const std::string& message) { throw Error(code, message); }

// ---------------------------------------------------------------------------------------------------------
// JavaScript-compatible number rendering.

// The shortest round-trip decimal digits of a finite, non-zero |x| and the power of ten of the first digit.
struct ShortestDecimal {
  std::string digits;
  int exponent = 0;  // |x| = d.ddd × 10^exponent
};

ShortestDecimal Shortest(double x) {
  std::array<char, 64> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::fabs(x),
                                 std::chars_format::scientific);
  ShortestDecimal result;
  const char* p = buffer.data();
  for (; p < end && *p != 'e'; ++p) {
    if (*p >= '0' && *p <= '9') result.digits.push_back(*p);
  }
  if (p < end) std::from_chars(p + (p[1] == '+' ? 2 : 1), end, result.exponent);
  return result;
}

// x × 10^shift computed on the decimal text of x, as JavaScript code does with toString() and 'e'.
double ShiftDecimal(double x, int shift) {
  if (x == 0 || !std::isfinite(x)) return x;
  ShortestDecimal d = Shortest(x);
  std::string text =
      d.digits.substr(0, 1) + "." + d.digits.substr(1) + "e" + std::to_string(d.exponent + shift);
  double result = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), result);
  if (error == std::errc::result_out_of_range) result = d.exponent + shift > 0 ? INFINITY : 0;
  return x < 0 ? -result : result;
}

double JsMathRound(double y) {
  if (!std::isfinite(y) || y == std::floor(y)) return y;
  double r = std::floor(y);
  return y - r >= 0.5 ? r + 1 : r;
}

// Rounds to `precision` decimal places, ties to even.
double RoundHalfEven(double value, int precision) {
  double shifted = precision != 0 ? ShiftDecimal(value, precision) : value;
  if (!std::isfinite(shifted)) return value;
  double rounded = JsMathRound(shifted);
  if (std::fabs(rounded - shifted) == 0.5 && std::fabs(std::fmod(rounded, 2)) == 1) rounded -= 1;
  return precision != 0 ? ShiftDecimal(rounded, -precision) : rounded;
}

// Integer digits of an integral |x|, as JavaScript prints integers (shortest digits then zeros); values of
// 1e21 and above are expanded the same way rather than switching to exponent notation.
std::string IntegerDigits(double x) {
  if (x == 0) return "0";
  ShortestDecimal d = Shortest(x);
  if (d.exponent < 0) return "0";
  std::string digits = d.digits;
  if (static_cast<int>(digits.size()) > d.exponent + 1) digits.resize(d.exponent + 1);
  digits.append(d.exponent + 1 - digits.size(), '0');
  return digits;
}

// Number.prototype.toFixed for x >= 0: the exact binary value rounded to `places` decimals, ties away from
// zero. Values of 1e21 and above keep their shortest digits (see IntegerDigits).
std::string ToFixed(double x, int places) {
  std::string integer;
  std::string fraction;
  if (x >= 1e21) {
    integer = IntegerDigits(x);
  } else {
    std::vector<char> buffer(1200);
    int n = std::snprintf(buffer.data(), buffer.size(), "%.1080f", x);
    std::string exact(buffer.data(), static_cast<size_t>(std::max(n, 0)));
    size_t dot = exact.find('.');
    integer = exact.substr(0, dot);
    fraction = dot == std::string::npos ? "" : exact.substr(dot + 1);
  }
  bool round_up = static_cast<int>(fraction.size()) > places && fraction[places] >= '5';
  fraction.resize(places, '0');
  std::string digits = integer + fraction;
  if (round_up) {
    int i = static_cast<int>(digits.size()) - 1;
    for (; i >= 0 && digits[i] == '9'; --i) digits[i] = '0';
    if (i >= 0) {
      ++digits[i];
    } else {
      digits.insert(digits.begin(), '1');
    }
  }
  if (places == 0) return digits;
  return digits.substr(0, digits.size() - places) + "." + digits.substr(digits.size() - places);
}

std::string JsNonFinite(double x) {
  if (std::isnan(x)) return "NaN";
  return x < 0 ? "-Infinity" : "Infinity";
}

// ---------------------------------------------------------------------------------------------------------
// Integer pictures.

// The zeros of the Unicode decimal digit families (general category Nd) in the Basic Multilingual Plane.
constexpr std::array<char32_t, 37> kDigitFamilyZeros = {
    0x30,   0x660,  0x6F0,  0x7C0,  0x966,  0x9E6,  0xA66,  0xAE6,  0xB66,  0xBE6,  0xC66,  0xCE6,  0xD66,
    0xDE6,  0xE50,  0xED0,  0xF20,  0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

std::optional<char32_t> DigitFamilyZero(char32_t c) {
  for (char32_t zero : kDigitFamilyZeros) {
    if (c >= zero && c <= zero + 9) return zero;
  }
  return std::nullopt;
}

// The interval of a regular grouping: every separator is the same character and the positions are exactly
// the multiples of their greatest common divisor. 0 when irregular or absent.
int RegularInterval(const std::vector<int>& positions, bool same_character) {
  if (positions.empty() || !same_character) return 0;
  int factor = 0;
  for (int position : positions) factor = std::gcd(factor, position);
  const std::set<int> present(positions.begin(), positions.end());
  for (size_t k = 1; k <= positions.size(); ++k) {
    if (present.count(static_cast<int>(k) * factor) == 0) return 0;
  }
  return factor;
}

void AnalyseDecimalDigitPattern(std::string_view primary, IntegerPicture& picture) {
  std::u32string code_points = detail::DecodeUtf8(primary);
  std::optional<char32_t> zero;
  int position = 0;
  for (auto it = code_points.rbegin(); it != code_points.rend(); ++it) {
    if (std::optional<char32_t> family = DigitFamilyZero(*it)) {
      if (zero && *zero != *family) {
        Fail("D3131", "all digits of a decimal digit pattern must belong to the same decimal digit family");
      }
      zero = family;
      ++picture.mandatory_digits;
      ++position;
    } else if (*it == U'#') {
      ++picture.optional_digits;
      ++position;
    } else {
      picture.separators.push_back({position, *it});
    }
  }
  std::reverse(picture.separators.begin(), picture.separators.end());
  if (!zero) {
    picture.style = IntegerStyle::kSequence;
    picture.token = std::string(primary);
    return;
  }
  picture.zero = *zero;
  std::vector<int> positions;
  bool same_character = true;
  for (const auto& separator : picture.separators) {
    positions.push_back(separator.position);
    same_character = same_character && separator.character == picture.separators.front().character;
  }
  picture.regular_interval = RegularInterval(positions, same_character);
}

constexpr std::array<const char*, 20> kSmallWords = {
    "Zero",     "One",     "Two",     "Three",     "Four",     "Five",    "Six",
    "Seven",    "Eight",   "Nine",    "Ten",       "Eleven",   "Twelve",  "Thirteen",
    "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"};
constexpr std::array<const char*, 20> kSmallOrdinals = {
    "Zeroth",     "First",     "Second",    "Third",       "Fourth",     "Fifth",     "Sixth",
    "Seventh",    "Eighth",    "Ninth",     "Tenth",       "Eleventh",   "Twelfth",   "Thirteenth",
    "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"};
constexpr std::array<const char*, 8> kTens = {"Twenty", "Thirty",  "Forty",  "Fifty",
                                              "Sixty",  "Seventy", "Eighty", "Ninety"};
constexpr std::array<const char*, 4> kMagnitudes = {"Thousand", "Million", "Billion", "Trillion"};
constexpr int kMaxWordsDepth = 64;

// English words for an integral num >= 0, in title case. `after` tells whether words precede this group.
std::string NumberToWords(double num, bool after, bool ordinal, int depth) {
  if (depth > kMaxWordsDepth) return "";
  std::string words;
  if (num <= 19) {
    int index = static_cast<int>(num);
    words = std::string(after ? " and " : "") + (ordinal ? kSmallOrdinals[index] : kSmallWords[index]);
  } else if (num < 100) {
    double remainder = std::fmod(num, 10);
    words = std::string(after ? " and " : "") + kTens[static_cast<int>(num / 10) - 2];
    if (remainder > 0) {
      words += "-" + NumberToWords(remainder, false, ordinal, depth + 1);
    } else if (ordinal) {
      words = words.substr(0, words.size() - 1) + "ieth";
    }
  } else if (num < 1000) {
    double remainder = std::fmod(num, 100);
    words = std::string(after ? ", " : "") + kSmallWords[static_cast<int>(num / 100)] + " Hundred";
    if (remainder > 0) {
      words += NumberToWords(remainder, true, ordinal, depth + 1);
    } else if (ordinal) {
      words += "th";
    }
  } else {
    int magnitude = 1;
    while (magnitude < static_cast<int>(kMagnitudes.size()) && std::pow(10.0, 3 * (magnitude + 1)) <= num) {
      ++magnitude;
    }
    double factor = std::pow(10.0, 3 * magnitude);
    double mantissa = std::floor(num / factor);
    double remainder = num - mantissa * factor;
    words = std::string(after ? ", " : "") + NumberToWords(mantissa, false, false, depth + 1) + " " +
            kMagnitudes[magnitude - 1];
    if (remainder > 0) {
      words += NumberToWords(remainder, true, ordinal, depth + 1);
    } else if (ordinal) {
      words += "th";
    }
  }
  return words;
}

std::string AsciiLower(std::string text) {
  for (char& c : text) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return text;
}

std::string AsciiUpper(std::string text) {
  for (char& c : text) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return text;
}

constexpr double kMaxRoman = 1e7;

std::string ToRoman(double value) {
  static constexpr std::array<std::pair<int, const char*>, 13> kNumerals = {{{1000, "m"},
                                                                             {900, "cm"},
                                                                             {500, "d"},
                                                                             {400, "cd"},
                                                                             {100, "c"},
                                                                             {90, "xc"},
                                                                             {50, "l"},
                                                                             {40, "xl"},
                                                                             {10, "x"},
                                                                             {9, "ix"},
                                                                             {5, "v"},
                                                                             {4, "iv"},
                                                                             {1, "i"}}};
  if (value > kMaxRoman) Fail("D3130", "the number is too large to be written in roman numerals");
  auto remaining = static_cast<int64_t>(value);
  std::string roman;
  for (const auto& [amount, numeral] : kNumerals) {
    for (; remaining >= amount; remaining -= amount) roman += numeral;
  }
  return roman;
}

std::string ToLetters(double value, char a) {
  std::string letters;
  while (value > 0) {
    letters.push_back(static_cast<char>(a + static_cast<int>(std::fmod(value - 1, 26))));
    value = std::floor((value - 1) / 26);
  }
  std::reverse(letters.begin(), letters.end());
  return letters;
}

// Copies the digits, inserting a separator before each digit that has a grouping position to its right.
std::u32string GroupDigits(const std::u32string& digits, const IntegerPicture& picture) {
  const int length = static_cast<int>(digits.size());
  std::vector<char32_t> separator_at(length, 0);  // indexed by the number of digits to the right
  for (const auto& separator : picture.separators) {
    if (separator.position > 0 && separator.position < length)
      separator_at[separator.position] = separator.character;
  }
  std::u32string result;
  for (int i = 0; i < length; ++i) {
    const int to_right = length - i;
    if (i > 0 && picture.regular_interval > 0 && to_right % picture.regular_interval == 0) {
      result.push_back(picture.separators.front().character);
    } else if (i > 0 && picture.regular_interval == 0 && separator_at[to_right] != 0) {
      result.push_back(separator_at[to_right]);
    }
    result.push_back(digits[i]);
  }
  return result;
}

std::string FormatDecimal(double value, const IntegerPicture& picture) {
  std::string ascii = IntegerDigits(value);
  if (static_cast<int>(ascii.size()) < picture.mandatory_digits) {
    ascii.insert(0, picture.mandatory_digits - ascii.size(), '0');
  }
  std::u32string digits;
  for (char c : ascii) digits.push_back(picture.zero + static_cast<char32_t>(c - '0'));
  std::u32string grouped = GroupDigits(digits, picture);
  std::string result = detail::EncodeUtf8(grouped);
  if (picture.ordinal) {
    char last = result.back();
    bool teen = result.size() > 1 && result[result.size() - 2] == '1';
    const char* suffix = "th";
    if (!teen && last == '1') suffix = "st";
    if (!teen && last == '2') suffix = "nd";
    if (!teen && last == '3') suffix = "rd";
    result += suffix;
  }
  return result;
}

const std::map<std::string, double>& WordValues() {
  static const std::map<std::string, double> kValues = [] {
    std::map<std::string, double> values;
    for (size_t i = 0; i < kSmallWords.size(); ++i) {
      values[AsciiLower(kSmallWords[i])] = static_cast<double>(i);
      values[AsciiLower(kSmallOrdinals[i])] = static_cast<double>(i);
    }
    for (size_t i = 0; i < kTens.size(); ++i) {
      std::string word = AsciiLower(kTens[i]);
      values[word] = static_cast<double>((i + 2) * 10);
      values[word.substr(0, word.size() - 1) + "ieth"] = static_cast<double>((i + 2) * 10);
    }
    values["hundred"] = 100;
    values["hundredth"] = 100;
    for (size_t i = 0; i < kMagnitudes.size(); ++i) {
      std::string word = AsciiLower(kMagnitudes[i]);
      values[word] = std::pow(10.0, 3 * (i + 1));
      values[word + "th"] = std::pow(10.0, 3 * (i + 1));
    }
    return values;
  }();
  return kValues;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Splits number words at ", ", " and ", white space, '-' and '\'.
std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> parts;
  std::string current;
  size_t i = 0;
  while (i < text.size()) {
    size_t skip = 0;
    if (text[i] == ',' && i + 1 < text.size() && IsSpace(text[i + 1])) {
      skip = 2;
    } else if (IsSpace(text[i]) && text.substr(i + 1, 3) == "and" && i + 4 < text.size() &&
               IsSpace(text[i + 4])) {
      skip = 5;
    } else if (IsSpace(text[i]) || text[i] == '-' || text[i] == '\\') {
      skip = 1;
    }
    if (skip == 0) {
      current.push_back(text[i++]);
      continue;
    }
    parts.push_back(current);
    current.clear();
    i += skip;
  }
  parts.push_back(current);
  return parts;
}

std::optional<double> ParseDecimal(std::string_view text, const IntegerPicture& picture) {
  if (picture.ordinal) {
    if (text.size() < 2) return std::nullopt;
    std::string suffix = AsciiLower(std::string(text.substr(text.size() - 2)));
    if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return std::nullopt;
    text.remove_suffix(2);
  }
  std::string ascii;
  for (char32_t c : detail::DecodeUtf8(text)) {
    bool separator = std::any_of(picture.separators.begin(), picture.separators.end(),
                                 [c](const auto& s) { return s.character == c; });
    if (separator) continue;
    if (c < picture.zero || c > picture.zero + 9) return std::nullopt;
    ascii.push_back(static_cast<char>('0' + (c - picture.zero)));
  }
  if (ascii.empty()) return std::nullopt;
  double value = 0;
  auto [end, error] = std::from_chars(ascii.data(), ascii.data() + ascii.size(), value);
  return error == std::errc::result_out_of_range ? INFINITY : value;
}

bool AllOf(std::string_view text, std::string_view allowed) {
  return std::all_of(text.begin(), text.end(),
                     [allowed](char c) { return allowed.find(c) != std::string_view::npos; });
}

// ---------------------------------------------------------------------------------------------------------
// Number pictures.

struct Symbols {
  char32_t decimal = U'.';
  char32_t grouping = U',';
  char32_t exponent = U'e';
  char32_t zero = U'0';
  char32_t digit = U'#';
  char32_t pattern = U';';
  std::u32string infinity = U"Infinity";
  std::u32string minus = U"-";
  std::u32string nan = U"NaN";
  std::u32string percent = U"%";
  std::u32string per_mille = U"\u2030";

  bool IsDigit(char32_t c) const { return c >= zero && c <= zero + 9; }
  bool IsActive(char32_t c) const {
    return IsDigit(c) || c == decimal || c == exponent || c == grouping || c == digit || c == pattern;
  }
};

Symbols ReadSymbols(const Json* options) {
  Symbols symbols;
  if (options == nullptr || !options->is_object()) return symbols;
  auto text = [options](const char* key) -> std::optional<std::u32string> {
    auto it = options->find(key);
    if (it == options->end() || !it->is_string()) return std::nullopt;
    return detail::DecodeUtf8(it->get_ref<const std::string&>());
  };
  auto character = [&text](const char* key, char32_t& target) {
    std::optional<std::u32string> value = text(key);
    if (value && !value->empty()) target = value->front();
  };
  auto string = [&text](const char* key, std::u32string& target) {
    if (std::optional<std::u32string> value = text(key)) target = *value;
  };
  character("decimal-separator", symbols.decimal);
  character("grouping-separator", symbols.grouping);
  character("exponent-separator", symbols.exponent);
  character("zero-digit", symbols.zero);
  character("digit", symbols.digit);
  character("pattern-separator", symbols.pattern);
  string("infinity", symbols.infinity);
  string("minus-sign", symbols.minus);
  string("NaN", symbols.nan);
  string("percent", symbols.percent);
  string("per-mille", symbols.per_mille);
  return symbols;
}

bool Contains(const std::u32string& text, const std::u32string& needle) {
  return !needle.empty() && text.find(needle) != std::u32string::npos;
}

bool ContainsTwice(const std::u32string& text, const std::u32string& needle) {
  if (needle.empty()) return false;
  size_t first = text.find(needle);
  return first != std::u32string::npos && text.rfind(needle) != first;
}

// A sub-picture cut into its parts (F&O 4.7.3).
struct SubPicture {
  std::u32string text;
  std::u32string prefix;
  std::u32string suffix;
  std::u32string active;
  std::u32string mantissa;
  std::optional<std::u32string> exponent;
  std::u32string integer;
  std::u32string fraction;
};

SubPicture SplitSubPicture(const std::u32string& text, const Symbols& symbols) {
  auto is_anchor = [&symbols](char32_t c) { return symbols.IsActive(c) && c != symbols.exponent; };
  auto first = std::find_if(text.begin(), text.end(), is_anchor);
  if (first == text.end()) {
    Fail("D3086", "a sub-picture must contain at least one digit or optional digit character");
  }
  auto last = std::find_if(text.rbegin(), text.rend(), is_anchor).base();
  SubPicture parts;
  parts.text = text;
  const size_t active_start = first - text.begin();
  const size_t active_end = last - text.begin();
  parts.prefix = text.substr(0, active_start);
  parts.suffix = text.substr(active_end);
  parts.active = text.substr(active_start, active_end - active_start);
  // An exponent separator directly after the last active character still starts an (empty) exponent.
  size_t exponent_at = text.find(symbols.exponent, active_start);
  if (exponent_at != std::u32string::npos && exponent_at <= active_end) {
    parts.mantissa = text.substr(active_start, exponent_at - active_start);
    parts.exponent =
        exponent_at < active_end ? text.substr(exponent_at + 1, active_end - exponent_at - 1) : U"";
  } else {
    parts.mantissa = parts.active;
  }
  size_t decimal_at = parts.mantissa.find(symbols.decimal);
  parts.integer = parts.mantissa.substr(0, decimal_at);
  if (decimal_at != std::u32string::npos) parts.fraction = parts.mantissa.substr(decimal_at + 1);
  return parts;
}

// The F&O 4.7.3 rules; like the reference implementation, the last rule broken gives the error code.
const char* PictureViolation(const SubPicture& parts, const Symbols& s) {
  const char* error = nullptr;
  const std::u32string& text = parts.text;
  const size_t decimal_at = text.find(s.decimal);
  auto count_digits = [&s](const std::u32string& part) {
    return std::count_if(part.begin(), part.end(), [&s](char32_t c) { return s.IsDigit(c); });
  };
  if (decimal_at != std::u32string::npos && text.rfind(s.decimal) != decimal_at) error = "D3081";
  if (ContainsTwice(text, s.percent)) error = "D3082";
  if (ContainsTwice(text, s.per_mille)) error = "D3083";
  if (Contains(text, s.percent) && Contains(text, s.per_mille)) error = "D3084";
  if (std::none_of(parts.mantissa.begin(), parts.mantissa.end(),
                   [&s](char32_t c) { return s.IsDigit(c) || c == s.digit; })) {
    error = "D3085";
  }
  if (!std::all_of(parts.active.begin(), parts.active.end(), [&s](char32_t c) { return s.IsActive(c); })) {
    error = "D3086";
  }
  if (decimal_at != std::u32string::npos) {
    if ((decimal_at > 0 && text[decimal_at - 1] == s.grouping) ||
        (decimal_at + 1 < text.size() && text[decimal_at + 1] == s.grouping)) {
      error = "D3087";
    }
  } else if (!parts.integer.empty() && parts.integer.back() == s.grouping) {
    error = "D3088";
  }
  if (text.find(std::u32string(2, s.grouping)) != std::u32string::npos) error = "D3089";
  size_t optional_at = parts.integer.find(s.digit);
  if (optional_at != std::u32string::npos && count_digits(parts.integer.substr(0, optional_at)) > 0) {
    error = "D3090";
  }
  optional_at = parts.fraction.rfind(s.digit);
  if (optional_at != std::u32string::npos && count_digits(parts.fraction.substr(optional_at)) > 0) {
    error = "D3091";
  }
  if (parts.exponent && !parts.exponent->empty() &&
      (Contains(text, s.percent) || Contains(text, s.per_mille))) {
    error = "D3092";
  }
  if (parts.exponent && (parts.exponent->empty() ||
                         static_cast<size_t>(count_digits(*parts.exponent)) != parts.exponent->size())) {
    error = "D3093";
  }
  return error;
}

void Validate(const SubPicture& parts, const Symbols& symbols) {
  const char* code = PictureViolation(parts, symbols);
  if (code == nullptr) return;
  static const std::map<std::string, std::string> kMessages = {
      {"D3081", "a sub-picture must not contain more than one decimal-separator character"},
      {"D3082", "a sub-picture must not contain more than one percent character"},
      {"D3083", "a sub-picture must not contain more than one per-mille character"},
      {"D3084", "a sub-picture must not contain both a percent and a per-mille character"},
      {"D3085", "the mantissa of a sub-picture must contain at least one digit or optional digit character"},
      {"D3086", "a sub-picture must not contain a passive character between two active characters"},
      {"D3087", "a grouping-separator must not be adjacent to the decimal-separator"},
      {"D3088", "the integer part of a sub-picture must not end with a grouping-separator"},
      {"D3089", "a sub-picture must not contain two adjacent grouping-separators"},
      {"D3090", "in the integer part, an optional digit character must not follow a decimal digit"},
      {"D3091", "in the fractional part, a decimal digit must not follow an optional digit character"},
      {"D3092", "a sub-picture with a percent or per-mille character must not have an exponent"},
      {"D3093", "the exponent of a sub-picture must contain only decimal digits"}};
  Fail(code, kMessages.at(code));
}

// The variables of F&O 4.7.4 for one sub-picture.
struct NumberPicture {
  std::u32string prefix;
  std::u32string suffix;
  std::u32string text;
  std::vector<int> integer_groups;  // digits to the right of each separator, left to right
  int regular_interval = 0;
  std::vector<int> fraction_groups;  // digits to the left of each separator, left to right
  int minimum_integer = 0;
  int scaling_factor = 0;
  int minimum_fraction = 0;
  int maximum_fraction = 0;
  int minimum_exponent = 0;
};

NumberPicture Analyse(const SubPicture& parts, const Symbols& s) {
  auto is_digit_sign = [&s](char32_t c) { return s.IsDigit(c) || c == s.digit; };
  NumberPicture picture;
  picture.prefix = parts.prefix;
  picture.suffix = parts.suffix;
  picture.text = parts.text;
  int digit_signs = 0;
  for (auto it = parts.integer.rbegin(); it != parts.integer.rend(); ++it) {
    if (*it == s.grouping) picture.integer_groups.push_back(digit_signs);
    digit_signs += is_digit_sign(*it) ? 1 : 0;
  }
  std::reverse(picture.integer_groups.begin(), picture.integer_groups.end());
  picture.regular_interval = RegularInterval(picture.integer_groups, true);
  digit_signs = 0;
  for (char32_t c : parts.fraction) {
    if (c == s.grouping) picture.fraction_groups.push_back(digit_signs);
    digit_signs += is_digit_sign(c) ? 1 : 0;
  }
  auto digits_in = [&s](const std::u32string& part) {
    return static_cast<int>(
        std::count_if(part.begin(), part.end(), [&s](char32_t c) { return s.IsDigit(c); }));
  };
  picture.minimum_integer = digits_in(parts.integer);
  picture.scaling_factor = picture.minimum_integer;
  picture.minimum_fraction = digits_in(parts.fraction);
  picture.maximum_fraction =
      static_cast<int>(std::count_if(parts.fraction.begin(), parts.fraction.end(), is_digit_sign));
  const bool has_exponent = parts.exponent.has_value();
  if (picture.minimum_integer == 0 && picture.maximum_fraction == 0) {
    if (has_exponent) {
      picture.minimum_fraction = 1;
      picture.maximum_fraction = 1;
    } else {
      picture.minimum_integer = 1;
    }
  }
  if (has_exponent && picture.minimum_integer == 0 && parts.integer.find(s.digit) != std::u32string::npos) {
    picture.minimum_integer = 1;
  }
  if (picture.minimum_integer == 0 && picture.minimum_fraction == 0) picture.minimum_fraction = 1;
  if (has_exponent) picture.minimum_exponent = digits_in(*parts.exponent);
  return picture;
}

std::u32string InFamily(const std::string& ascii, const Symbols& s) {
  std::u32string result;
  for (char c : ascii) result.push_back(c >= '0' && c <= '9' ? s.zero + static_cast<char32_t>(c - '0') : c);
  return result;
}

// Inserts the grouping separators into "digits<decimal>digits" in one pass.
std::u32string InsertGroupingSeparators(const std::u32string& text, const NumberPicture& picture,
                                        const Symbols& s) {
  const size_t decimal_at = text.find(s.decimal);
  const int integer_digits = static_cast<int>(decimal_at);
  const int fraction_digits = static_cast<int>(text.size() - decimal_at - 1);
  std::vector<bool> integer_marks(integer_digits + 1, false);  // by digits to the right
  for (int position : picture.integer_groups) {
    if (position > 0 && position < integer_digits) integer_marks[position] = true;
  }
  std::vector<bool> fraction_marks(fraction_digits + 1, false);  // by digits to the left
  for (int position : picture.fraction_groups) {
    if (position > 0 && position < fraction_digits) fraction_marks[position] = true;
  }
  std::u32string result;
  for (int i = 0; i < integer_digits; ++i) {
    const int to_right = integer_digits - i;
    const bool mark =
        picture.regular_interval > 0 ? to_right % picture.regular_interval == 0 : integer_marks[to_right];
    if (i > 0 && mark) result.push_back(s.grouping);
    result.push_back(text[i]);
  }
  result.push_back(s.decimal);
  for (int j = 1; j <= fraction_digits; ++j) {
    result.push_back(text[decimal_at + j]);
    if (fraction_marks[j]) result.push_back(s.grouping);
  }
  return result;
}

std::u32string FormatWithPicture(double value, const NumberPicture& picture, const Symbols& s) {
  double adjusted = value;
  if (Contains(picture.text, s.percent)) {
    adjusted = value * 100;
  } else if (Contains(picture.text, s.per_mille)) {
    adjusted = value * 1000;
  }
  if (std::isinf(adjusted)) return picture.prefix + s.infinity + picture.suffix;
  double mantissa = std::fabs(adjusted);
  std::optional<int> exponent;
  if (picture.minimum_exponent > 0) {
    const double largest = std::pow(10.0, picture.scaling_factor);
    const double smallest = std::pow(10.0, picture.scaling_factor - 1);
    exponent = 0;
    if (mantissa != 0) {
      for (; mantissa < smallest; --*exponent) mantissa *= 10;
      for (; mantissa > largest; ++*exponent) mantissa /= 10;
    }
  }
  const double rounded = RoundHalfEven(mantissa, picture.maximum_fraction);
  std::u32string text = InFamily(ToFixed(std::fabs(rounded), picture.maximum_fraction), s);
  size_t dot = text.find(U'.');
  if (dot == std::u32string::npos) {
    text.push_back(s.decimal);
  } else {
    text[dot] = s.decimal;
  }
  text.erase(0, std::min(text.find_first_not_of(s.zero), text.size()));
  while (!text.empty() && text.back() == s.zero) text.pop_back();
  size_t decimal_at = text.find(s.decimal);
  const int pad_left = picture.minimum_integer - static_cast<int>(decimal_at);
  const int pad_right = picture.minimum_fraction - static_cast<int>(text.size() - decimal_at - 1);
  if (pad_left > 0) text.insert(0, pad_left, s.zero);
  if (pad_right > 0) text.append(pad_right, s.zero);
  text = InsertGroupingSeparators(text, picture, s);
  if (text.back() == s.decimal) text.pop_back();
  if (exponent) {
    std::u32string digits = InFamily(std::to_string(std::abs(*exponent)), s);
    if (static_cast<int>(digits.size()) < picture.minimum_exponent) {
      digits.insert(0, picture.minimum_exponent - digits.size(), s.zero);
    }
    text += std::u32string(1, s.exponent) + (*exponent < 0 ? s.minus : U"") + digits;
  }
  return picture.prefix + text + picture.suffix;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------

namespace detail {

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string result;
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80           ? 1
                 : (byte >> 5) == 0x6  ? 2
                 : (byte >> 4) == 0xE  ? 3
                 : (byte >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) {
      result.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t c = length == 1 ? byte : byte & (0x7F >> length);
    bool valid = true;
    for (int k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      valid = valid && (next & 0xC0) == 0x80;
      c = (c << 6) | (next & 0x3F);
    }
    result.push_back(valid ? c : 0xFFFD);
    i += valid ? length : 1;
  }
  return result;
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string result;
  for (char32_t c : text) {
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c < 0x80) {
      result.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      result.push_back(static_cast<char>(0xC0 | (c >> 6)));
      result.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      result.push_back(static_cast<char>(0xE0 | (c >> 12)));
      result.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      result.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      result.push_back(static_cast<char>(0xF0 | (c >> 18)));
      result.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      result.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      result.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return result;
}

IntegerPicture AnalyseIntegerPicture(std::string_view picture) {
  IntegerPicture result;
  std::string_view primary = picture;
  if (size_t semicolon = picture.rfind(';'); semicolon != std::string_view::npos) {
    primary = picture.substr(0, semicolon);
    result.ordinal = picture.substr(semicolon + 1).starts_with("o");
  }
  result.token = std::string(primary);
  if (primary == "A" || primary == "a") {
    result.style = IntegerStyle::kLetters;
    result.letter_case = primary == "A" ? LetterCase::kUpper : LetterCase::kLower;
  } else if (primary == "I" || primary == "i") {
    result.style = IntegerStyle::kRoman;
    result.letter_case = primary == "I" ? LetterCase::kUpper : LetterCase::kLower;
  } else if (primary == "W" || primary == "Ww" || primary == "w") {
    result.style = IntegerStyle::kWords;
    result.letter_case = primary == "W"    ? LetterCase::kUpper
                         : primary == "Ww" ? LetterCase::kTitle
                                           : LetterCase::kLower;
  } else {
    AnalyseDecimalDigitPattern(primary, result);
  }
  return result;
}

std::string FormatIntegerWith(double value, const IntegerPicture& picture) {
  if (picture.style == IntegerStyle::kSequence) {
    Fail("D3130",
         "formatting or parsing an integer as the sequence '" + picture.token + "' is not supported");
  }
  if (!std::isfinite(value)) return JsNonFinite(value);
  value = std::floor(value);
  const bool negative = value < 0;
  const double magnitude = std::fabs(value);
  const bool upper = picture.letter_case == LetterCase::kUpper;
  std::string text;
  switch (picture.style) {
    case IntegerStyle::kLetters:
      text = ToLetters(magnitude, upper ? 'A' : 'a');
      break;
    case IntegerStyle::kRoman:
      text = upper ? AsciiUpper(ToRoman(magnitude)) : ToRoman(magnitude);
      break;
    case IntegerStyle::kWords:
      text = NumberToWords(magnitude, false, picture.ordinal, 0);
      if (picture.letter_case != LetterCase::kTitle) text = upper ? AsciiUpper(text) : AsciiLower(text);
      break;
    default:
      text = FormatDecimal(magnitude, picture);
      break;
  }
  return negative ? "-" + text : text;
}

double LettersToNumber(std::string_view letters) {
  double value = 0;
  for (char c : letters) {
    int offset = (c >= 'a' && c <= 'z') ? c - 'a' : c - 'A';
    value = value * 26 + offset + 1;
  }
  return value;
}

double RomanToNumber(std::string_view roman) {
  auto numeral_value = [](char c) {
    switch (c) {
      case 'M':
      case 'm':
        return 1000;
      case 'D':
      case 'd':
        return 500;
      case 'C':
      case 'c':
        return 100;
      case 'L':
      case 'l':
        return 50;
      case 'X':
      case 'x':
        return 10;
      case 'V':
      case 'v':
        return 5;
      default:
        return 1;
    }
  };
  double value = 0;
  int largest = 1;
  for (auto it = roman.rbegin(); it != roman.rend(); ++it) {
    int numeral = numeral_value(*it);
    if (numeral < largest) {
      value -= numeral;
    } else {
      largest = numeral;
      value += numeral;
    }
  }
  return value;
}

std::optional<double> WordsToNumber(std::string_view lower_text) {
  const auto& values = WordValues();
  std::vector<double> groups = {0};
  for (const std::string& part : SplitWords(lower_text)) {
    auto it = values.find(part);
    if (it == values.end()) return std::nullopt;
    if (it->second < 100) {
      double top = groups.back();
      groups.pop_back();
      if (top >= 1000) {
        groups.push_back(top);
        top = 0;
      }
      groups.push_back(top + it->second);
    } else {
      groups.back() *= it->second;
    }
  }
  return std::accumulate(groups.begin(), groups.end(), 0.0);
}

const std::vector<std::string>& NumberWords() {
  static const std::vector<std::string> kWords = [] {
    std::vector<std::string> words;
    for (const auto& [word, value] : WordValues()) words.push_back(word);
    return words;
  }();
  return kWords;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------------------

std::string FormatNumber(double value, std::string_view picture, const Json* options) {
  const Symbols symbols = ReadSymbols(options);
  const std::u32string code_points = detail::DecodeUtf8(picture);
  std::vector<std::u32string> texts;
  for (size_t start = 0;;) {
    size_t end = code_points.find(symbols.pattern, start);
    texts.push_back(
        code_points.substr(start, end == std::u32string::npos ? std::u32string::npos : end - start));
    if (end == std::u32string::npos) break;
    start = end + 1;
  }
  if (texts.size() > 2) Fail("D3080", "the picture string must not contain more than two sub-pictures");
  std::vector<SubPicture> parts;
  for (const auto& text : texts) parts.push_back(SplitSubPicture(text, symbols));
  for (const auto& part : parts) Validate(part, symbols);
  std::vector<NumberPicture> pictures;
  for (const auto& part : parts) pictures.push_back(Analyse(part, symbols));
  if (pictures.size() == 1) {
    pictures.push_back(pictures.front());
    pictures.back().prefix = symbols.minus + pictures.back().prefix;
  }
  if (std::isnan(value)) return detail::EncodeUtf8(symbols.nan);
  return detail::EncodeUtf8(FormatWithPicture(value, value >= 0 ? pictures[0] : pictures[1], symbols));
}

std::string FormatInteger(double value, std::string_view picture) {
  return detail::FormatIntegerWith(value, detail::AnalyseIntegerPicture(picture));
}

std::optional<double> ParseInteger(std::string_view text, std::string_view picture) {
  const IntegerPicture format = detail::AnalyseIntegerPicture(picture);
  if (format.style == IntegerStyle::kSequence) {
    Fail("D3130", "formatting or parsing an integer as the sequence '" + format.token + "' is not supported");
  }
  if (format.style == IntegerStyle::kWords) return detail::WordsToNumber(AsciiLower(std::string(text)));
  const bool negative = text.starts_with("-");
  if (negative) text.remove_prefix(1);
  std::optional<double> value;
  const bool upper = format.letter_case == LetterCase::kUpper;
  if (format.style == IntegerStyle::kLetters) {
    if (AllOf(text, upper ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ" : "abcdefghijklmnopqrstuvwxyz")) {
      value = detail::LettersToNumber(text);
    }
  } else if (format.style == IntegerStyle::kRoman) {
    if (AllOf(text, upper ? "MDCLXVI" : "mdclxvi")) value = detail::RomanToNumber(text);
  } else {
    value = ParseDecimal(text, format);
  }
  if (value && negative) *value = -*value;
  return value;
}

}  // namespace sfn::jsonata
