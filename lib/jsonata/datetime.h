// Timestamps and date/time picture strings: $fromMillis and $toMillis.
//
// Milliseconds since the Unix epoch (UTC) are rendered and parsed with the fn:format-dateTime picture
// syntax of XPath/XQuery F&O 3.1 as JSONata 2.0.6 implements it: variable markers such as [Y0001],
// [MNn,3-3], [D1o], [H01], [Z01:01t] between literal text. Calendar arithmetic is proleptic Gregorian and
// never consults the process's time zone. Picture errors throw sfn::jsonata::Error with the reference codes
// D3110 (not an ISO 8601 timestamp), D3130-D3136 (picture errors).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sfn::jsonata {

// $fromMillis(millis [, picture [, timezone]]): picture/timezone are std::nullopt when not given. Without a
// picture the result is ISO 8601 with milliseconds, e.g. "2017-11-07T15:07:54.972Z" (in the given time zone
// when there is one). timezone is "+hhmm" / "-hhmm". Instants outside the JavaScript date range render
// their numeric components as "NaN", as the reference implementation does.
std::string FromMillis(double millis, std::optional<std::string_view> picture,
                       std::optional<std::string_view> timezone);

// $toMillis(timestamp [, picture]): parses ISO 8601 (no picture) or the given picture; nullopt when it does
// not match (JSONata returns undefined then). Throws Error D3110 when, without a picture, the text is not
// an ISO 8601 timestamp, and D3130-D3136 for invalid pictures or insufficient components. Date components
// the picture leaves out before the first one it gives default to the current UTC date.
std::optional<double> ToMillis(std::string_view timestamp, std::optional<std::string_view> picture);

// As above, with the instant (milliseconds since the epoch) that supplies the missing leading components;
// JSONata uses the evaluation's $now().
std::optional<double> ToMillis(std::string_view timestamp, std::optional<std::string_view> picture,
                               double now_millis);

}  // namespace sfn::jsonata
