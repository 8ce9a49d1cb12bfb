// Picture-string number formatting: $formatNumber, $formatInteger and $parseInteger.
//
// These follow the XPath/XQuery F&O 3.1 functions fn:format-number and fn:format-integer as JSONata 2.0.6
// implements them (digits are rendered the way JavaScript renders numbers; rounding is half to even).
// Picture errors throw sfn::jsonata::Error with the reference codes D3080-D3093 (format-number) and
// D3130-D3131 (format-integer). The `detail` namespace holds the integer-picture building blocks that the
// date/time pictures (datetime.h) reuse; it is not meant for other callers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace sfn::jsonata {

// $formatNumber(number, picture [, options]) with XPath/XQuery F&O 3.1 fn:format-number semantics as
// JSONata 2.0.6 implements them. options may be nullptr; otherwise a JSON object overriding
// decimal-separator, grouping-separator, exponent-separator, infinity, minus-sign, NaN, percent, per-mille,
// zero-digit, digit, pattern-separator.
std::string FormatNumber(double value, std::string_view picture, const Json* options);

// $formatInteger(number, picture): fn:format-integer (decimal digit patterns with grouping, "a"/"A"
// letters, "i"/"I" roman, "w"/"W"/"Ww" words, ordinal modifier ";o").
std::string FormatInteger(double value, std::string_view picture);

// $parseInteger(string, picture): the inverse of FormatInteger. nullopt when the text does not match.
std::optional<double> ParseInteger(std::string_view text, std::string_view picture);

namespace detail {

// UTF-8 <-> code points. Invalid bytes decode to U+FFFD; nothing throws.
std::u32string DecodeUtf8(std::string_view text);
std::string EncodeUtf8(std::u32string_view text);

enum class IntegerStyle { kDecimal, kLetters, kRoman, kWords, kSequence };
enum class LetterCase { kLower, kUpper, kTitle };

struct GroupingSeparator {
  int position = 0;  // number of digit positions to its right
  char32_t character = U',';
};

// The analysed form of a format-integer picture such as "#,##0;o", "A", "Ww".
struct IntegerPicture {
  IntegerStyle style = IntegerStyle::kDecimal;
  LetterCase letter_case = LetterCase::kLower;
  bool ordinal = false;
  char32_t zero = U'0';  // the zero of the decimal digit family
  int mandatory_digits = 0;
  int optional_digits = 0;
  int regular_interval = 0;                   // > 0: one separator character repeating every N digits
  std::vector<GroupingSeparator> separators;  // left to right (largest position first)
  std::string token;                          // the primary format token, for messages
};

// Throws Error D3131 when the digits mix decimal digit families.
IntegerPicture AnalyseIntegerPicture(std::string_view picture);

// Formats floor(value) (the caller floors). Throws Error D3130 for an unsupported numbering sequence.
std::string FormatIntegerWith(double value, const IntegerPicture& picture);

// Value of spreadsheet-style letters ("A" = 1, "AA" = 27), roman numerals and English number words
// (lower case expected). nullopt when a word is unknown.
double LettersToNumber(std::string_view letters);
double RomanToNumber(std::string_view roman);
std::optional<double> WordsToNumber(std::string_view lower_text);

// The lower-case English number words that WordsToNumber understands ("one", "twentieth", "thousand"...).
const std::vector<std::string>& NumberWords();

}  // namespace detail
}  // namespace sfn::jsonata
