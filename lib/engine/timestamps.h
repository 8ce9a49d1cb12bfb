// RFC 3339 timestamps as Step Functions reads and writes them.
//
// Wait (Timestamp, TimestampPath) and the Timestamp* Choice operators accept ISO-8601 extended offset
// date-times: "2016-03-14T01:59:00Z", with an optional fraction of up to nine digits and an offset of
// "Z" or "+hh:mm". Anything else (no offset, a space instead of 'T', an hour of 25) does not parse.
// The context object's StartTime and EnteredTime are written with milliseconds and 'Z'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfn::engine {

// An instant with nanosecond precision.
struct Instant {
  int64_t seconds = 0;  // since the Unix epoch
  int32_t nanos = 0;    // 0..999999999

  auto operator<=>(const Instant&) const = default;
  int64_t ToMillis() const { return seconds * 1000 + nanos / 1000000; }
};

std::optional<Instant> ParseTimestamp(std::string_view text);

// "2024-05-01T12:00:00.000Z".
std::string FormatTimestampMs(int64_t epoch_ms);

}  // namespace sfn::engine
