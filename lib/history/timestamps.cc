#include "history/timestamps.h"

#include <cmath>
#include <cstdio>

namespace sfn::history {
namespace {

// Seconds larger than this are read as milliseconds (1e11 s is the year 5138).
constexpr double kMillisThreshold = 1e11;
constexpr int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool Done() const { return pos_ >= text_.size(); }
  char Peek() const { return Done() ? '\0' : text_[pos_]; }
  bool Accept(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  // Reads exactly `count` digits.
  std::optional<int64_t> Digits(int count) {
    int64_t value = 0;
    for (int k = 0; k < count; ++k) {
      char c = Peek();
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
      ++pos_;
    }
    return value;
  }
  // Reads a fraction's digits and returns milliseconds (extra digits truncated).
  int64_t FractionMillis() {
    int64_t ms = 0;
    int count = 0;
    while (Peek() >= '0' && Peek() <= '9') {
      if (count < 3) ms = ms * 10 + (Peek() - '0');
      ++count;
      ++pos_;
    }
    for (; count < 3; ++count) ms *= 10;
    return ms;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::optional<int64_t> ParseOffsetMinutes(Cursor& cursor) {
  if (cursor.Done()) return 0;
  if (cursor.Accept('Z') || cursor.Accept('z')) {
    if (!cursor.Done()) return std::nullopt;
    return 0;
  }
  int sign = cursor.Accept('+') ? 1 : (cursor.Accept('-') ? -1 : 0);
  if (sign == 0) return std::nullopt;
  auto hours = cursor.Digits(2);
  cursor.Accept(':');
  std::optional<int64_t> minutes = 0;
  if (!cursor.Done()) minutes = cursor.Digits(2);
  if (!hours || !minutes || !cursor.Done()) return std::nullopt;
  return sign * (*hours * 60 + *minutes);
}

std::optional<int64_t> ParseIso8601(std::string_view text) {
  Cursor c(text);
  auto year = c.Digits(4);
  if (!year || !c.Accept('-')) return std::nullopt;
  auto month = c.Digits(2);
  if (!month || !c.Accept('-')) return std::nullopt;
  auto day = c.Digits(2);
  if (!day || !(c.Accept('T') || c.Accept('t') || c.Accept(' '))) return std::nullopt;
  auto hour = c.Digits(2);
  if (!hour || !c.Accept(':')) return std::nullopt;
  auto minute = c.Digits(2);
  if (!minute || !c.Accept(':')) return std::nullopt;
  auto second = c.Digits(2);
  if (!second) return std::nullopt;
  int64_t millis = c.Accept('.') || c.Accept(',') ? c.FractionMillis() : 0;
  auto offset = ParseOffsetMinutes(c);
  if (!offset || *month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  int64_t days = DaysFromCivil(*year, *month, *day);
  int64_t seconds = ((days * 24 + *hour) * 60 + *minute) * 60 + *second - *offset * 60;
  return seconds * 1000 + millis;
}

std::optional<int64_t> FromNumber(double value) {
  if (!std::isfinite(value) || std::fabs(value) > 1e15) return std::nullopt;
  if (std::fabs(value) >= kMillisThreshold) return static_cast<int64_t>(std::llround(value));
  return static_cast<int64_t>(std::llround(value * 1000.0));
}

bool IsNumericText(std::string_view text) {
  if (text.empty()) return false;
  bool digit = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (!(c == '.' || (i == 0 && c == '-'))) {
      return false;
    }
  }
  return digit;
}

}  // namespace

std::optional<int64_t> ParseTimestampText(std::string_view text) {
  if (IsNumericText(text)) {
    try {
      return FromNumber(std::stod(std::string(text)));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return ParseIso8601(text);
}

std::optional<int64_t> ParseTimestamp(const Json& value) {
  if (value.is_number()) return FromNumber(value.get<double>());
  if (value.is_string()) return ParseTimestampText(value.get_ref<const std::string&>());
  return std::nullopt;
}

std::string FormatTimestamp(int64_t epoch_ms) {
  int64_t days = epoch_ms >= 0 ? epoch_ms / kMsPerDay : -((-epoch_ms + kMsPerDay - 1) / kMsPerDay);
  int64_t rest = epoch_ms - days * kMsPerDay;
  int64_t y = 0, m = 0, d = 0;
  CivilFromDays(days, y, m, d);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                static_cast<long long>(rest / 3'600'000), static_cast<long long>(rest / 60'000 % 60),
                static_cast<long long>(rest / 1000 % 60), static_cast<long long>(rest % 1000));
  return buffer;
}

std::string FormatDuration(int64_t ms) {
  std::string sign = ms < 0 ? "-" : "";
  uint64_t v = ms < 0 ? static_cast<uint64_t>(-(ms + 1)) + 1 : static_cast<uint64_t>(ms);
  char buffer[64];
  if (v < 1000) {
    std::snprintf(buffer, sizeof buffer, "%llums", static_cast<unsigned long long>(v));
  } else if (v < 60'000) {
    std::snprintf(buffer, sizeof buffer, "%llu.%03llus", static_cast<unsigned long long>(v / 1000),
                  static_cast<unsigned long long>(v % 1000));
  } else if (v < 3'600'000) {
    std::snprintf(buffer, sizeof buffer, "%llum%02llu.%llus", static_cast<unsigned long long>(v / 60'000),
                  static_cast<unsigned long long>(v / 1000 % 60),
                  static_cast<unsigned long long>(v % 1000 / 100));
  } else if (v < static_cast<uint64_t>(kMsPerDay)) {
    std::snprintf(
        buffer, sizeof buffer, "%lluh%02llum%02llus", static_cast<unsigned long long>(v / 3'600'000),
        static_cast<unsigned long long>(v / 60'000 % 60), static_cast<unsigned long long>(v / 1000 % 60));
  } else {
    std::snprintf(buffer, sizeof buffer, "%llud%02lluh", static_cast<unsigned long long>(v / kMsPerDay),
                  static_cast<unsigned long long>(v / 3'600'000 % 24));
  }
  return sign + buffer;
}

}  // namespace sfn::history
