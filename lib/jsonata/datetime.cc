#include "jsonata/datetime.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "jsonata/error.h"
#include "jsonata/format_number.h"

namespace sfn::jsonata {
namespace {

using detail::IntegerPicture;
using detail::IntegerStyle;

[[noreturn]] void Fail(const char* code, const std::string& message) { throw Error(code, message); }

constexpr int64_t kMillisPerDay = 86400000;
constexpr double kMaxTimeValue = 8.64e15;  // the JavaScript date range, in milliseconds either side of 1970
constexpr int kMaxWidth = 1000;
constexpr int64_t kMatchBudget = 200000;
constexpr size_t kMaxParsedLength = 1024;  // longer text is not taken for a timestamp

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
constexpr std::array<const char*, 8> kDays = {"",         "Monday", "Tuesday",  "Wednesday",
                                              "Thursday", "Friday", "Saturday", "Sunday"};

// ---------------------------------------------------------------------------------------------------------
// Proleptic Gregorian calendar arithmetic on day numbers (day 0 = 1970-01-01).

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Counts days in 400-year eras of 146097 days, with years starting on 1 March so that the leap day is last.
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  const int64_t y = month <= 2 ? year - 1 : year;
  const int64_t era = FloorDiv(y, 400);
  const int64_t year_of_era = y - era * 400;
  const int64_t month_from_march = (month + 9) % 12;
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct Civil {
  int64_t year = 1970;
  int month = 1;  // 1-12
  int day = 1;
};

Civil CivilFromDays(int64_t days) {
  const int64_t shifted = days + 719468;
  const int64_t era = FloorDiv(shifted, 146097);
  const int64_t day_of_era = shifted - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;
  Civil civil;
  civil.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  civil.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  civil.year = year_of_era + era * 400 + (civil.month <= 2 ? 1 : 0);
  return civil;
}

// 1 = Monday ... 7 = Sunday; day 0 was a Thursday.
int IsoWeekday(int64_t days) { return static_cast<int>(days + 3 - FloorDiv(days + 3, 7) * 7) + 1; }

// ECMAScript MakeDay/MakeTime/MakeDate/TimeClip: months overflow into years; NaN when an argument is not
// finite or the result is outside the JavaScript date range.
double MakeDateValue(double year, double month, double day, double hour, double minute, double second,
                     double milli) {
  for (double part : {year, month, day, hour, minute, second, milli}) {
    if (!std::isfinite(part)) return NAN;
  }
  year = std::trunc(year);
  month = std::trunc(month);
  if (std::fabs(year) > 1e6 || std::fabs(month) > 1e8 || std::fabs(day) > 1e12) return NAN;
  const auto whole_year = static_cast<int64_t>(year) + FloorDiv(static_cast<int64_t>(month), 12);
  const int64_t month_index = static_cast<int64_t>(month) - FloorDiv(static_cast<int64_t>(month), 12) * 12;
  const double days =
      static_cast<double>(DaysFromCivil(whole_year, month_index + 1, 1)) + std::trunc(day) - 1;
  const double time =
      std::trunc(hour) * 3600000 + std::trunc(minute) * 60000 + std::trunc(second) * 1000 + std::trunc(milli);
  const double result = days * kMillisPerDay + time;
  return std::fabs(result) > kMaxTimeValue ? NAN : result;
}

// Date.UTC, where the years 0-99 mean 1900-1999.
double DateUtc(double year, double month, double day, double hour, double minute, double second,
               double milli) {
  if (std::trunc(year) >= 0 && std::trunc(year) <= 99) year = std::trunc(year) + 1900;
  return MakeDateValue(year, month, day, hour, minute, second, milli);
}

// ---------------------------------------------------------------------------------------------------------
// The components of one instant.

struct Instant {
  bool valid = false;
  int64_t millis = 0;
  int64_t days = 0;
  Civil civil;
  int64_t millis_of_day = 0;
};

Instant MakeInstant(double millis) {
  Instant instant;
  if (!std::isfinite(millis) || std::fabs(millis) > kMaxTimeValue) return instant;
  instant.valid = true;
  instant.millis = static_cast<int64_t>(std::trunc(millis));
  instant.days = FloorDiv(instant.millis, kMillisPerDay);
  instant.millis_of_day = instant.millis - instant.days * kMillisPerDay;
  instant.civil = CivilFromDays(instant.days);
  return instant;
}

// The Monday that starts week 1 of a year or month: the week holding its first Thursday.
int64_t StartOfFirstWeek(int64_t year, int month) {
  const int64_t first = DaysFromCivil(year, month, 1);
  const int weekday = IsoWeekday(first);
  return weekday > 4 ? first + (8 - weekday) : first - (weekday - 1);
}

struct YearMonth {
  int64_t year;
  int month;  // 1-12
};

YearMonth NextMonth(YearMonth ym) {
  return ym.month == 12 ? YearMonth{ym.year + 1, 1} : YearMonth{ym.year, ym.month + 1};
}
YearMonth PreviousMonth(YearMonth ym) {
  return ym.month == 1 ? YearMonth{ym.year - 1, 12} : YearMonth{ym.year, ym.month - 1};
}

// Week of the year (whole years) or of the month, ISO 8601 style.
double WeekNumber(int64_t today, YearMonth period, bool of_year) {
  const YearMonth next = of_year ? YearMonth{period.year + 1, 1} : NextMonth(period);
  const YearMonth previous = of_year ? YearMonth{period.year - 1, 1} : PreviousMonth(period);
  auto weeks_since = [today](YearMonth start) {
    return static_cast<double>(today - StartOfFirstWeek(start.year, start.month)) / 7 + 1;
  };
  double week = weeks_since(period);
  if (week > (of_year ? 52 : 4)) {
    if (today >= StartOfFirstWeek(next.year, next.month)) week = 1;
  } else if (week < 1) {
    week = weeks_since(previous);
  }
  return std::floor(week);
}

// The numeric value of a component; P is 0 for am and 1 for pm.
double Fragment(const Instant& instant, char component) {
  if (!instant.valid) return NAN;
  const Civil& c = instant.civil;
  const int64_t ms = instant.millis_of_day;
  switch (component) {
    case 'Y':
      return static_cast<double>(c.year);
    case 'M':
      return c.month;
    case 'D':
      return c.day;
    case 'd':
      return static_cast<double>(instant.days - DaysFromCivil(c.year, 1, 1) + 1);
    case 'F':
      return IsoWeekday(instant.days);
    case 'W':
      return WeekNumber(instant.days, {c.year, 1}, true);
    case 'w':
      return WeekNumber(instant.days, {c.year, c.month}, false);
    case 'X': {
      if (instant.days < StartOfFirstWeek(c.year, 1)) return static_cast<double>(c.year - 1);
      if (instant.days >= StartOfFirstWeek(c.year + 1, 1)) return static_cast<double>(c.year + 1);
      return static_cast<double>(c.year);
    }
    case 'x': {
      const YearMonth month{c.year, c.month};
      if (instant.days < StartOfFirstWeek(c.year, c.month)) return PreviousMonth(month).month;
      const YearMonth next = NextMonth(month);
      if (instant.days >= StartOfFirstWeek(next.year, next.month)) return next.month;
      return c.month;
    }
    case 'H':
      return static_cast<double>(ms / 3600000);
    case 'h': {
      const int64_t hour = (ms / 3600000) % 12;
      return static_cast<double>(hour == 0 ? 12 : hour);
    }
    case 'P':
      return ms / 3600000 >= 12 ? 1 : 0;
    case 'm':
      return static_cast<double>(ms / 60000 % 60);
    case 's':
      return static_cast<double>(ms / 1000 % 60);
    case 'f':
      return static_cast<double>(ms % 1000);
    default:
      return 0;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Picture analysis (F&O 9.8.4).

enum class NameCase { kNone, kLower, kUpper, kTitle };

struct Marker {
  char component = 0;
  std::string presentation1;
  char presentation2 = 0;
  std::optional<int> width_min;
  std::optional<int> width_max;
  NameCase names = NameCase::kNone;
  std::optional<IntegerPicture> integer;
  int year_digits = -1;  // the year is reduced modulo 10^year_digits when not -1
  int parse_width = 0;   // digits to read when parsing: fixed when an integer marker follows directly
};

struct PicturePart {
  bool is_literal = true;
  std::string literal;
  Marker marker;
};

constexpr std::string_view kComponents = "YMDdFWwXxHhmsfPZzCE";
constexpr std::string_view kIntegerComponents = "YMDdFWwXxHhmsf";

std::optional<std::string_view> DefaultPresentation(char component) {
  switch (component) {
    case 'Y':
    case 'M':
    case 'D':
    case 'd':
    case 'W':
    case 'w':
    case 'X':
    case 'x':
    case 'H':
    case 'h':
    case 'f':
      return "1";
    case 'F':
    case 'P':
    case 'C':
    case 'E':
      return "n";
    case 'm':
    case 's':
      return "01";
    case 'Z':
    case 'z':
      return "01:01";
    default:
      return std::nullopt;
  }
}

// parseInt-style width: optional sign then digits; absent for "*", empty or no digits.
std::optional<int> ParseWidth(std::string_view text) {
  if (text.empty() || text == "*") return std::nullopt;
  size_t i = (text[0] == '+' || text[0] == '-') ? 1 : 0;
  size_t digits_end = i;
  while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') ++digits_end;
  if (digits_end == i) return std::nullopt;
  int64_t value = 0;
  for (size_t k = i; k < digits_end && value <= kMaxWidth; ++k) value = value * 10 + (text[k] - '0');
  value = std::min<int64_t>(value, kMaxWidth);
  return static_cast<int>(text[0] == '-' ? -value : value);
}

std::string StripWhitespace(std::string_view text) {
  std::string result;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') result.push_back(c);
  }
  return result;
}

void ApplyIntegerFormat(Marker& marker) {
  std::string pattern = marker.presentation1;
  if (marker.presentation2 != 0) pattern += std::string(";") + marker.presentation2;
  IntegerPicture integer = detail::AnalyseIntegerPicture(pattern);
  if (marker.width_min && integer.mandatory_digits < *marker.width_min)
    integer.mandatory_digits = *marker.width_min;
  if (marker.component == 'Y') {
    if (marker.width_max) {
      marker.year_digits = *marker.width_max;
      integer.mandatory_digits = *marker.width_max;
    } else if (integer.mandatory_digits + integer.optional_digits >= 2) {
      marker.year_digits = integer.mandatory_digits + integer.optional_digits;
    }
  }
  marker.integer = std::move(integer);
}

Marker ParseMarker(std::string_view text) {
  Marker marker;
  marker.component = text.empty() ? 0 : text[0];
  std::string presentation;
  if (size_t comma = text.rfind(','); comma != std::string_view::npos) {
    std::string_view width = text.substr(comma + 1);
    size_t dash = width.find('-');
    marker.width_min = ParseWidth(width.substr(0, dash));
    if (dash != std::string_view::npos) marker.width_max = ParseWidth(width.substr(dash + 1));
    presentation = comma > 0 ? std::string(text.substr(1, comma - 1)) : "";
  } else if (!text.empty()) {
    presentation = std::string(text.substr(1));
  }
  if (presentation.size() > 1 &&
      std::string_view("atco").find(presentation.back()) != std::string_view::npos) {
    marker.presentation2 = presentation.back();
    presentation.pop_back();
  }
  std::optional<std::string_view> fallback = DefaultPresentation(marker.component);
  if (kComponents.find(marker.component) == std::string_view::npos || marker.component == 0 ||
      (presentation.empty() && !fallback)) {
    Fail("D3132",
         "unknown component specifier '" + std::string(text.substr(0, 1)) + "' in date/time picture");
  }
  marker.presentation1 =
      presentation.empty() && marker.presentation2 == 0 ? std::string(*fallback) : presentation;
  if (marker.presentation1.starts_with("n")) {
    marker.names = NameCase::kLower;
  } else if (marker.presentation1.starts_with("N")) {
    marker.names = marker.presentation1.starts_with("Nn") ? NameCase::kTitle : NameCase::kUpper;
  } else if (kIntegerComponents.find(marker.component) != std::string_view::npos) {
    ApplyIntegerFormat(marker);
  }
  if (marker.component == 'Z' || marker.component == 'z') {
    marker.integer = detail::AnalyseIntegerPicture(marker.presentation1);
  }
  return marker;
}

void AddLiteral(std::vector<PicturePart>& parts, std::string_view text) {
  if (text.empty()) return;
  std::string literal;
  for (size_t i = 0; i < text.size(); ++i) {
    literal.push_back(text[i]);
    if (text[i] == ']' && i + 1 < text.size() && text[i + 1] == ']') ++i;
  }
  if (!parts.empty() && parts.back().is_literal) {
    parts.back().literal += literal;
  } else {
    parts.push_back({true, literal, {}});
  }
}

std::vector<PicturePart> AnalysePicture(std::string_view picture) {
  std::vector<PicturePart> parts;
  size_t start = 0;
  size_t pos = 0;
  while (pos < picture.size()) {
    if (picture[pos] != '[') {
      ++pos;
      continue;
    }
    AddLiteral(parts, picture.substr(start, pos - start));
    if (pos + 1 < picture.size() && picture[pos + 1] == '[') {
      AddLiteral(parts, "[");
      pos += 2;
      start = pos;
      continue;
    }
    size_t close = picture.find(']', pos);
    if (close == std::string_view::npos)
      Fail("D3135", "no matching closing bracket ']' in date/time picture");
    Marker marker = ParseMarker(StripWhitespace(picture.substr(pos + 1, close - pos - 1)));
    // Adjacent integer markers ("[Y0001][M01]") can only be told apart by the digits each one takes.
    const bool is_integer = marker.names == NameCase::kNone &&
                            kIntegerComponents.find(marker.component) != std::string_view::npos;
    if (is_integer && !parts.empty() && !parts.back().is_literal && parts.back().marker.integer) {
      parts.back().marker.parse_width = parts.back().marker.integer->mandatory_digits;
    }
    parts.push_back({false, "", std::move(marker)});
    pos = close + 1;
    start = pos;
  }
  AddLiteral(parts, picture.substr(start));
  return parts;
}

// ---------------------------------------------------------------------------------------------------------
// Formatting (F&O 9.8.4.3 onwards).

std::string ApplyNameCase(std::string name, NameCase names) {
  for (char& c : name) {
    if (names == NameCase::kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (names == NameCase::kLower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return name;
}

std::string FormatName(const Marker& marker, double value) {
  const bool is_month = marker.component == 'M' || marker.component == 'x';
  if (!is_month && marker.component != 'F') {
    Fail("D3133",
         std::string("the name modifier applies only to months and days, not to '") + marker.component + "'");
  }
  if (!std::isfinite(value)) return "NaN";
  std::string name = is_month ? kMonths[static_cast<size_t>(value) - 1] : kDays[static_cast<size_t>(value)];
  name = ApplyNameCase(name, marker.names);
  if (marker.width_max && *marker.width_max >= 0 && static_cast<int>(name.size()) > *marker.width_max) {
    name.resize(*marker.width_max);
  }
  return name;
}

std::string TwoDigits(int64_t value) { return (value < 10 ? "0" : "") + std::to_string(value); }

// offset_minutes is east of UTC.
std::string FormatTimezone(const Marker& marker, double offset_minutes) {
  if (!std::isfinite(offset_minutes) || std::fabs(offset_minutes) > kMaxTimeValue) return "NaN";
  const IntegerPicture& picture = *marker.integer;
  const auto magnitude = static_cast<int64_t>(std::fabs(offset_minutes));
  const int64_t hours = magnitude / 60;
  const int64_t minutes = magnitude % 60;
  std::string text;
  const int digits = picture.mandatory_digits;
  if (picture.regular_interval > 0 || digits == 3 || digits == 4) {
    text = detail::FormatIntegerWith(static_cast<double>(hours * 100 + minutes), picture);
  } else if (digits == 1 || digits == 2) {
    text = detail::FormatIntegerWith(static_cast<double>(hours), picture);
    if (minutes != 0) text += ":" + TwoDigits(minutes);
  } else {
    Fail("D3134", "the timezone integer format specifier must not have more than four digits");
  }
  text = (offset_minutes < 0 ? "-" : "+") + text;
  if (marker.component == 'z') text = "GMT" + text;
  if (offset_minutes == 0 && marker.presentation2 == 't') text = "Z";
  return text;
}

std::string FormatMarker(const Marker& marker, const Instant& instant, double offset_minutes) {
  const char component = marker.component;
  if (component == 'Z' || component == 'z') return FormatTimezone(marker, offset_minutes);
  if (component == 'C' || component == 'E') return "ISO";
  double value = Fragment(instant, component);
  if (component == 'P') {
    if (!instant.valid) return "NaN";
    if (marker.names == NameCase::kUpper) return value == 1 ? "PM" : "AM";
    return value == 1 ? "pm" : "am";
  }
  if (component == 'Y' && marker.year_digits != -1)
    value = std::fmod(value, std::pow(10.0, marker.year_digits));
  if (marker.names != NameCase::kNone) return FormatName(marker, value);
  return detail::FormatIntegerWith(value, *marker.integer);
}

// parseInt-style timezone "+hhmm": minutes east of UTC, NaN when there are no digits.
double ParseTimezoneOffset(std::string_view timezone) {
  size_t i = 0;
  while (i < timezone.size() && (timezone[i] == ' ' || timezone[i] == '\t')) ++i;
  bool negative = i < timezone.size() && timezone[i] == '-';
  if (i < timezone.size() && (timezone[i] == '-' || timezone[i] == '+')) ++i;
  double value = 0;
  size_t digits = 0;
  for (; i < timezone.size() && timezone[i] >= '0' && timezone[i] <= '9'; ++i, ++digits) {
    value = value * 10 + (timezone[i] - '0');
  }
  if (digits == 0) return NAN;
  const double hours = std::trunc(value / 100);
  const double minutes = value - hours * 100;
  return (negative ? -1 : 1) * (hours * 60 + minutes);
}

// ---------------------------------------------------------------------------------------------------------
// Parsing with a picture: a backtracking match of the parts, then the F&O component rules.

enum class MatchKind { kLiteral, kDigits, kLetters, kRoman, kWords, kName, kTimezone };

struct PartMatcher {
  MatchKind kind = MatchKind::kLiteral;
  std::string literal;   // kLiteral text; kTimezone hour/minute separator (may be empty)
  int count = 0;         // kDigits: exact number of digits, 0 for one or more
  bool ordinal = false;  // kDigits: followed by st/nd/rd/th
  const Marker* marker = nullptr;
};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool StartsWithFolded(std::string_view text, size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[pos + i]) != Lower(prefix[i])) return false;
  }
  return true;
}

PartMatcher MakeMatcher(const PicturePart& part) {
  PartMatcher matcher;
  if (part.is_literal) {
    matcher.literal = part.literal;
    return matcher;
  }
  const Marker& marker = part.marker;
  matcher.marker = &marker;
  if (marker.component == 'Z' || marker.component == 'z') {
    matcher.kind = MatchKind::kTimezone;
    if (marker.integer->regular_interval > 0) {
      matcher.literal = detail::EncodeUtf8(std::u32string(1, marker.integer->separators.front().character));
    }
  } else if (marker.integer) {
    switch (marker.integer->style) {
      case IntegerStyle::kLetters:
        matcher.kind = MatchKind::kLetters;
        break;
      case IntegerStyle::kRoman:
        matcher.kind = MatchKind::kRoman;
        break;
      case IntegerStyle::kWords:
        matcher.kind = MatchKind::kWords;
        break;
      case IntegerStyle::kSequence:
        Fail("D3130", "formatting or parsing an integer as the sequence '" + marker.integer->token +
                          "' is not supported");
      default:
        matcher.kind = MatchKind::kDigits;
        matcher.count = marker.parse_width;
        matcher.ordinal = marker.integer->ordinal;
    }
  } else if (std::string_view("MxFP").find(marker.component) != std::string_view::npos) {
    matcher.kind = MatchKind::kName;
  } else {
    Fail("D3133",
         std::string("the name modifier applies only to months and days, not to '") + marker.component + "'");
  }
  return matcher;
}

size_t RunLength(std::string_view text, size_t pos, bool (*accept)(char)) {
  size_t end = pos;
  while (end < text.size() && accept(text[end])) ++end;
  return end - pos;
}

// Ends of the runs text[pos, end) that the part can match, preferred (longest) first.
std::vector<size_t> RunEnds(size_t pos, size_t run) {
  std::vector<size_t> ends;
  for (size_t length = run; length > 0; --length) ends.push_back(pos + length);
  return ends;
}

// For every position of the text, where one number-word token ("one", "and", "-", ...) starting there ends.
using WordSteps = std::vector<std::vector<size_t>>;

WordSteps FindWordSteps(std::string_view text) {
  WordSteps steps(text.size());
  for (size_t at = 0; at < text.size(); ++at) {
    if (text[at] == '-' || text[at] == ',' || text[at] == ' ') steps[at].push_back(at + 1);
    if (StartsWithFolded(text, at, "and")) steps[at].push_back(at + 3);
    for (const std::string& word : detail::NumberWords()) {
      if (StartsWithFolded(text, at, word)) steps[at].push_back(at + word.size());
    }
  }
  return steps;
}

std::vector<size_t> WordEnds(const WordSteps& steps, size_t pos) {
  std::vector<bool> reachable(steps.size() + 1, false);
  reachable[pos] = true;
  std::vector<size_t> ends;
  for (size_t at = pos; at < steps.size(); ++at) {
    if (!reachable[at]) continue;
    for (size_t end : steps[at]) reachable[end] = true;
  }
  for (size_t end = steps.size(); end > pos; --end) {
    if (reachable[end]) ends.push_back(end);
  }
  return ends;
}

std::vector<size_t> TimezoneEnds(std::string_view text, size_t pos, const PartMatcher& matcher) {
  if (matcher.marker->component == 'z') {
    if (!StartsWithFolded(text, pos, "GMT")) return {};
    pos += 3;
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return {};
  ++pos;
  const size_t run = RunLength(text, pos, IsAsciiDigit);
  if (matcher.literal.empty()) return RunEnds(pos, run);
  std::vector<size_t> ends;
  for (size_t length = run; length > 0; --length) {
    size_t after = pos + length;
    if (text.substr(after, matcher.literal.size()) != matcher.literal) continue;
    after += matcher.literal.size();
    for (size_t end : RunEnds(after, RunLength(text, after, IsAsciiDigit))) ends.push_back(end);
  }
  return ends;
}

std::vector<size_t> DigitEnds(std::string_view text, size_t pos, const PartMatcher& matcher) {
  const size_t run = RunLength(text, pos, IsAsciiDigit);
  std::vector<size_t> ends;
  if (matcher.count > 0) {
    if (run >= static_cast<size_t>(matcher.count)) ends.push_back(pos + matcher.count);
  } else {
    ends = RunEnds(pos, run);
  }
  if (!matcher.ordinal) return ends;
  std::vector<size_t> with_suffix;
  for (size_t end : ends) {
    for (std::string_view suffix : {"th", "st", "nd", "rd"}) {
      if (StartsWithFolded(text, end, suffix)) with_suffix.push_back(end + 2);
    }
  }
  return with_suffix;
}

bool IsRomanLetter(char c) { return std::string_view("MDCLXVImdclxvi").find(c) != std::string_view::npos; }

std::vector<size_t> CandidateEnds(std::string_view text, size_t pos, const PartMatcher& matcher,
                                  const WordSteps& word_steps) {
  switch (matcher.kind) {
    case MatchKind::kLiteral:
      if (StartsWithFolded(text, pos, matcher.literal)) return {pos + matcher.literal.size()};
      return {};
    case MatchKind::kDigits:
      return DigitEnds(text, pos, matcher);
    case MatchKind::kLetters:
    case MatchKind::kName:
      return RunEnds(pos, RunLength(text, pos, IsAsciiLetter));
    case MatchKind::kRoman:
      return RunEnds(pos, RunLength(text, pos, IsRomanLetter));
    case MatchKind::kWords:
      return WordEnds(word_steps, pos);
    case MatchKind::kTimezone:
      return TimezoneEnds(text, pos, matcher);
  }
  return {};
}

// Matches the whole text; returns the start of every part plus the end of the text, or nullopt.
std::optional<std::vector<size_t>> MatchParts(std::string_view text,
                                              const std::vector<PartMatcher>& matchers) {
  if (matchers.empty())
    return text.empty() ? std::optional<std::vector<size_t>>(std::vector<size_t>{0}) : std::nullopt;
  struct Frame {
    size_t part;
    size_t pos;
    std::vector<size_t> ends;
    size_t next = 0;
  };
  const bool has_words = std::any_of(matchers.begin(), matchers.end(),
                                     [](const PartMatcher& m) { return m.kind == MatchKind::kWords; });
  const WordSteps word_steps = has_words ? FindWordSteps(text) : WordSteps(text.size());
  std::set<std::pair<size_t, size_t>> failed;
  std::vector<Frame> stack;
  stack.push_back({0, 0, CandidateEnds(text, 0, matchers[0], word_steps)});
  for (int64_t steps = 0; !stack.empty() && steps < kMatchBudget; ++steps) {
    Frame& top = stack.back();
    if (top.next == top.ends.size()) {
      failed.insert({top.part, top.pos});
      stack.pop_back();
      continue;
    }
    const size_t end = top.ends[top.next++];
    const size_t part = top.part + 1;
    if (part == matchers.size()) {
      if (end != text.size()) continue;
      std::vector<size_t> bounds;
      for (const Frame& frame : stack) bounds.push_back(frame.pos);
      bounds.push_back(end);
      return bounds;
    }
    if (failed.count({part, end}) != 0) continue;
    stack.push_back({part, end, CandidateEnds(text, end, matchers[part], word_steps)});
  }
  return std::nullopt;
}

double ParseSignedInt(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  double value = 0;
  size_t digits = 0;
  for (; digits < text.size() && IsAsciiDigit(text[digits]); ++digits)
    value = value * 10 + (text[digits] - '0');
  if (digits == 0) return NAN;
  return negative ? -value : value;
}

// Minutes east of UTC from "+05:30", "-0500", "GMT-5".
double ParseTimezoneText(std::string_view value, const PartMatcher& matcher) {
  if (matcher.marker->component == 'z') value.remove_prefix(3);
  const double sign = value[0] == '-' ? -1 : 1;
  double hours = 0;
  double minutes = 0;
  if (!matcher.literal.empty()) {
    size_t separator = value.find(matcher.literal);
    hours = std::fabs(ParseSignedInt(value.substr(0, separator)));
    minutes = ParseSignedInt(value.substr(separator + matcher.literal.size()));
  } else if (value.size() - 1 <= 2) {
    hours = std::fabs(ParseSignedInt(value));
  } else {
    hours = std::fabs(ParseSignedInt(value.substr(0, 3)));
    minutes = ParseSignedInt(value.substr(3));
  }
  return sign * (hours * 60 + minutes);
}

std::optional<double> LookupName(std::string_view value, const Marker& marker) {
  auto matches = [&marker, value](std::string name) {
    if (marker.width_max && *marker.width_max > 0 && static_cast<int>(name.size()) > *marker.width_max) {
      name.resize(*marker.width_max);
    }
    return name == value;
  };
  if (marker.component == 'M' || marker.component == 'x') {
    for (size_t i = 0; i < kMonths.size(); ++i) {
      if (matches(kMonths[i])) return static_cast<double>(i + 1);
    }
  } else if (marker.component == 'F') {
    for (size_t i = 1; i < kDays.size(); ++i) {
      if (matches(kDays[i])) return static_cast<double>(i);
    }
  } else if (value == "am" || value == "AM") {
    return 0.0;
  } else if (value == "pm" || value == "PM") {
    return 1.0;
  }
  return std::nullopt;
}

std::optional<double> ParseComponent(std::string_view value, const PartMatcher& matcher) {
  switch (matcher.kind) {
    case MatchKind::kDigits: {
      if (matcher.ordinal) value.remove_suffix(2);
      double number = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
      return error == std::errc::result_out_of_range ? INFINITY : number;
    }
    case MatchKind::kLetters:
      return detail::LettersToNumber(value);
    case MatchKind::kRoman:
      return detail::RomanToNumber(value);
    case MatchKind::kWords: {
      std::string lower(value);
      std::transform(lower.begin(), lower.end(), lower.begin(), Lower);
      return detail::WordsToNumber(lower).value_or(NAN);
    }
    case MatchKind::kName:
      return LookupName(value, *matcher.marker);
    case MatchKind::kTimezone:
      return ParseTimezoneText(value, matcher);
    default:
      return std::nullopt;
  }
}

// Parsed components: a key is present once its marker matched; the value may still be undefined.
using Components = std::map<char, std::optional<double>>;

bool IsSet(const Components& components, char component) {
  auto it = components.find(component);
  return it != components.end() && it->second.has_value();
}

// A component counts towards a date/time combination when it is truthy (present, non-zero, not NaN).
int PresenceMask(const Components& components, std::string_view order) {
  int mask = 0;
  for (char component : order) {
    const bool truthy = IsSet(components, component) && *components.at(component) != 0 &&
                        !std::isnan(*components.at(component));
    mask = (mask << 1) | (truthy ? 1 : 0);
  }
  return mask;
}

bool IsCombination(int mask, int type) { return (~type & mask) == 0 && (type & mask) != 0; }

std::optional<double> ComponentsToMillis(Components components, double now_millis) {
  // Masks over YXMxWwdD: {Y,M,D}, {Y,d}, {X,x,w,F}, {X,W,F}; over PHhmsf: {H,m,s,f}, {P,h,m,s,f}.
  const int date_mask = PresenceMask(components, "YXMxWwdD");
  const bool date_a = IsCombination(date_mask, 0b10100001);
  const bool date_b = !date_a && IsCombination(date_mask, 0b10000010);
  const bool date_c = IsCombination(date_mask, 0b01010100);
  const bool date_d = !date_c && IsCombination(date_mask, 0b01001000);
  const int time_mask = PresenceMask(components, "PHhmsf");
  const bool time_b = !IsCombination(time_mask, 0b010111) && IsCombination(time_mask, 0b101111);
  if (date_c || date_d) Fail("D3136", "parsing week-based dates is not supported");
  const std::string order = std::string(date_b ? "YD" : "YMD") + (time_b ? "Phmsf" : "Hmsf");
  const Instant now = MakeInstant(now_millis);
  bool started = false;
  bool ended = false;
  for (char component : order) {
    if (!IsSet(components, component)) {
      if (started) {
        components[component] = (component == 'M' || component == 'D' || component == 'd') ? 1 : 0;
        ended = true;
      } else {
        components[component] = component == 'P' ? 0 : Fragment(now, component);
      }
    } else {
      started = true;
      if (ended) Fail("D3136", "the date/time picture is missing components needed to build a timestamp");
    }
  }
  auto get = [&components](char component) {
    return IsSet(components, component) ? *components[component] : NAN;
  };
  double month = get('M') > 0 ? get('M') - 1 : 0;
  double day = get('D');
  if (date_b) {
    const Instant derived = MakeInstant(DateUtc(get('Y'), 0, 1, 0, 0, 0, 0) + (get('d') - 1) * kMillisPerDay);
    month = derived.valid ? derived.civil.month - 1 : NAN;
    day = derived.valid ? derived.civil.day : NAN;
  }
  double hour = get('H');
  if (time_b) {
    hour = get('h') == 12 ? 0 : get('h');
    if (get('P') == 1) hour += 12;
  }
  double millis = DateUtc(get('Y'), month, day, hour, get('m'), get('s'), get('f'));
  for (char zone : {'Z', 'z'}) {
    const double offset = IsSet(components, zone) ? *components[zone] : 0;
    if (offset != 0 && !std::isnan(offset)) {
      millis -= offset * 60000;
      break;
    }
  }
  if (std::isnan(millis)) return std::nullopt;
  return millis;
}

std::optional<double> ParseWithPicture(std::string_view text, std::string_view picture, double now_millis) {
  const std::vector<PicturePart> parts = AnalysePicture(picture);
  std::vector<PartMatcher> matchers;
  for (const PicturePart& part : parts) matchers.push_back(MakeMatcher(part));
  // Every part consumes at least one character.
  if (text.size() > kMaxParsedLength || matchers.size() > text.size()) return std::nullopt;
  std::optional<std::vector<size_t>> bounds = MatchParts(text, matchers);
  if (!bounds) return std::nullopt;
  Components components;
  for (size_t i = 0; i < matchers.size(); ++i) {
    if (matchers[i].kind == MatchKind::kLiteral) continue;
    const std::string_view value = text.substr((*bounds)[i], (*bounds)[i + 1] - (*bounds)[i]);
    components[matchers[i].marker->component] = ParseComponent(value, matchers[i]);
  }
  if (components.empty()) return std::nullopt;
  return ComponentsToMillis(std::move(components), now_millis);
}

// ---------------------------------------------------------------------------------------------------------
// ISO 8601 without a picture.

// Reads `count` ASCII digits at pos.
std::optional<int> Digits(std::string_view text, size_t pos, size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!IsAsciiDigit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

[[noreturn]] void FailNotIso(std::string_view text) {
  Fail("D3110", "the argument of $toMillis must be an ISO 8601 timestamp, not '" + std::string(text) + "'");
}

struct IsoFields {
  int year = 0;
  std::vector<int> date_groups;  // month, day (the syntax allows any number of "-dd" groups)
  std::vector<std::array<int, 3>> time_groups;
  std::string fraction;
  std::optional<int> offset_minutes;
};

// Checks the syntax JSONata accepts:
// \d{4}(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?
IsoFields ScanIso(std::string_view text) {
  IsoFields fields;
  auto year = Digits(text, 0, 4);
  if (!year) FailNotIso(text);
  fields.year = *year;
  size_t pos = 4;
  auto in_range = [&text](size_t at, char low, char high) {
    return at < text.size() && text[at] >= low && text[at] <= high;
  };
  while (pos < text.size() && text[pos] == '-' && in_range(pos + 1, '0', '3') && Digits(text, pos + 1, 2)) {
    fields.date_groups.push_back(*Digits(text, pos + 1, 2));
    pos += 3;
  }
  while (pos < text.size() && text[pos] == 'T' && in_range(pos + 1, '0', '2') && Digits(text, pos + 1, 2) &&
         text.substr(pos + 3, 1) == ":" && in_range(pos + 4, '0', '5') && Digits(text, pos + 4, 2) &&
         text.substr(pos + 6, 1) == ":" && in_range(pos + 7, '0', '5') && Digits(text, pos + 7, 2)) {
    fields.time_groups.push_back(
        {*Digits(text, pos + 1, 2), *Digits(text, pos + 4, 2), *Digits(text, pos + 7, 2)});
    pos += 9;
  }
  if (pos + 1 < text.size() && text[pos] == '.' && IsAsciiDigit(text[pos + 1])) {
    size_t end = pos + 1;
    while (end < text.size() && IsAsciiDigit(text[end])) ++end;
    fields.fraction = std::string(text.substr(pos + 1, end - pos - 1));
    pos = end;
  }
  if (pos < text.size() && text[pos] == 'Z') {
    fields.offset_minutes = 0;
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-') && in_range(pos + 1, '0', '2') &&
             Digits(text, pos + 1, 2)) {
    const int hours = *Digits(text, pos + 1, 2);
    size_t minutes_at = pos + 3 + (text.substr(pos + 3, 1) == ":" ? 1 : 0);
    if (in_range(minutes_at, '0', '5') && Digits(text, minutes_at, 2)) {
      const int minutes = *Digits(text, minutes_at, 2);
      fields.offset_minutes = (text[pos] == '-' ? -1 : 1) * (hours * 60 + minutes);
      pos = minutes_at + 2;
    }
  }
  if (pos != text.size()) FailNotIso(text);
  return fields;
}

// Date.parse on text that passed the syntax check: only the canonical arrangements give a date.
std::optional<double> ParseIso(std::string_view text) {
  const IsoFields fields = ScanIso(text);
  if (fields.date_groups.size() > 2 || fields.time_groups.size() > 1) return std::nullopt;
  if (!fields.fraction.empty() && fields.time_groups.empty()) return std::nullopt;
  const int month = fields.date_groups.empty() ? 1 : fields.date_groups[0];
  const int day = fields.date_groups.size() < 2 ? 1 : fields.date_groups[1];
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  std::array<int, 3> time = fields.time_groups.empty() ? std::array<int, 3>{0, 0, 0} : fields.time_groups[0];
  std::string fraction = fields.fraction.substr(0, 3);
  fraction.resize(3, '0');
  const int millis = std::stoi(fraction);
  if (time[0] > 24 || (time[0] == 24 && (time[1] != 0 || time[2] != 0 || millis != 0))) return std::nullopt;
  if (fields.offset_minutes && std::abs(*fields.offset_minutes) >= 24 * 60) return std::nullopt;
  const double result = MakeDateValue(fields.year, month - 1, day, time[0], time[1], time[2], millis);
  if (std::isnan(result)) return std::nullopt;
  return result - fields.offset_minutes.value_or(0) * 60000.0;
}

double NowMillis() {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  using std::chrono::system_clock;
  return static_cast<double>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

constexpr std::string_view kIsoPicture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";

}  // namespace

std::string FromMillis(double millis, std::optional<std::string_view> picture,
                       std::optional<std::string_view> timezone) {
  const std::vector<PicturePart> parts = AnalysePicture(picture.value_or(kIsoPicture));
  double offset_minutes = timezone ? ParseTimezoneOffset(*timezone) : 0;
  // An offset beyond any representable instant formats as NaN, as an invalid one does (and never
  // reaches an integer conversion).
  if (std::fabs(offset_minutes) > 1e9) offset_minutes = NAN;
  const Instant instant = MakeInstant(millis + offset_minutes * 60000);
  std::string result;
  for (const PicturePart& part : parts) {
    result += part.is_literal ? part.literal : FormatMarker(part.marker, instant, offset_minutes);
  }
  return result;
}

std::optional<double> ToMillis(std::string_view timestamp, std::optional<std::string_view> picture) {
  return ToMillis(timestamp, picture, NowMillis());
}

std::optional<double> ToMillis(std::string_view timestamp, std::optional<std::string_view> picture,
                               double now_millis) {
  if (!picture) return ParseIso(timestamp);
  return ParseWithPicture(timestamp, *picture, now_millis);
}

}  // namespace sfn::jsonata
