// Reading and writing the timestamps of history events.
//
// AWS writes event timestamps as epoch seconds with fractional milliseconds on the wire
// (1650505098.965), the AWS CLI prints ISO-8601 with the local offset and microseconds
// ("2022-04-21T02:38:18.965000+01:00"), and CloudWatch Logs carries epoch milliseconds as a string
// ("1650505098965"). Everything is converted to epoch milliseconds (UTC).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"

namespace sfn::history {

// Epoch milliseconds from a JSON number or string in any of the forms above; nullopt when the value
// is not a timestamp (e.g. the placeholder "timestamp" of normalised recordings).
std::optional<int64_t> ParseTimestamp(const Json& value);

// Epoch milliseconds from text: digits (seconds with a fraction, or milliseconds when the integer part
// is too large to be seconds), or ISO-8601 date and time with an optional offset (UTC when absent).
std::optional<int64_t> ParseTimestampText(std::string_view text);

// "2024-05-03T11:41:47.123Z".
std::string FormatTimestamp(int64_t epoch_ms);

// A short human duration: "850ms", "1.234s", "2m03.5s", "1h02m03s", "3d04h".
std::string FormatDuration(int64_t ms);

}  // namespace sfn::history
