#include "engine/timestamps.h"

#include <cstdio>

namespace sfn::engine {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool Digits(size_t count, int64_t& out) {
    if (pos_ + count > text_.size()) return false;
    out = 0;
    for (size_t i = 0; i < count; ++i) {
      char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos_ += count;
    return true;
  }
  bool Char(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool CharNoCase(char c) {
    if (pos_ < text_.size() && (text_[pos_] == c || text_[pos_] == c + ('a' - 'A'))) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<Instant> ParseTimestamp(std::string_view text) {
  Reader r(text);
  int64_t year, month, day, hour, minute, second;
  if (!r.Digits(4, year) || !r.Char('-') || !r.Digits(2, month) || !r.Char('-') || !r.Digits(2, day))
    return {};
  if (!r.CharNoCase('T')) return {};
  if (!r.Digits(2, hour) || !r.Char(':') || !r.Digits(2, minute) || !r.Char(':') || !r.Digits(2, second))
    return {};
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, static_cast<unsigned>(month))) return {};
  if (hour > 23 || minute > 59 || second > 59) return {};
  int64_t nanos = 0;
  if (r.Char('.')) {
    int digits = 0;
    while (r.Peek() >= '0' && r.Peek() <= '9') {
      int64_t d;
      r.Digits(1, d);
      if (++digits > 9) return {};
      nanos = nanos * 10 + d;
    }
    if (digits == 0) return {};
    for (int i = digits; i < 9; ++i) nanos *= 10;
  }
  int64_t offset_seconds = 0;
  if (!r.CharNoCase('Z')) {
    int sign = r.Char('+') ? 1 : (r.Char('-') ? -1 : 0);
    int64_t oh, om;
    if (sign == 0 || !r.Digits(2, oh) || !r.Char(':') || !r.Digits(2, om) || oh > 18 || om > 59) return {};
    offset_seconds = sign * (oh * 3600 + om * 60);
  }
  if (!r.AtEnd()) return {};
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  Instant instant;
  instant.seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  instant.nanos = static_cast<int32_t>(nanos);
  return instant;
}

std::string FormatTimestampMs(int64_t epoch_ms) {
  int64_t seconds = epoch_ms >= 0 ? epoch_ms / 1000 : -((-epoch_ms + 999) / 1000);
  int64_t ms = epoch_ms - seconds * 1000;
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  int64_t rest = seconds - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(y),
                m, d, static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                static_cast<long long>(rest % 60), static_cast<long long>(ms));
  return buf;
}

}  // namespace sfn::engine
