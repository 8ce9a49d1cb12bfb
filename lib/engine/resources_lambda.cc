#include "engine/resources_lambda.h"

#include <array>
#include <cstdint>
#include <ctime>
#include <vector>

namespace sfn::engine {
namespace {

std::vector<std::string_view> SplitColons(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
}

std::optional<FunctionRef> MakeRef(std::string_view name, std::string_view qualifier) {
  if (name.empty()) return std::nullopt;
  return FunctionRef{std::string(name), std::string(qualifier)};
}

// A 64-bit FNV-1a hash followed by a finalising mix, so that close seeds give unrelated values.
uint64_t Hash64(std::string_view text, uint64_t salt) {
  uint64_t h = 14695981039346656037ull ^ salt;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

std::string Hex(uint64_t value, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kDigits[value & 0xF];
    value >>= 4;
  }
  return out;
}

std::string Uuid(uint64_t high, uint64_t low) {
  // Version 4 and variant bits, as random UUIDs carry.
  high = (high & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;
  low = (low & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
  std::string hex = Hex(high, 16) + Hex(low, 16);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

Json One(std::string value) { return Json::array({std::move(value)}); }

}  // namespace

ResourceKind ClassifyResource(std::string_view resource) {
  std::vector<std::string_view> parts = SplitColons(resource);
  if (parts.size() < 6 || parts[0] != "arn" || parts[1].empty()) return ResourceKind::kOther;
  if (parts[2] == "states" && parts.size() == 7 && parts[3].empty() && parts[4].empty() &&
      parts[5] == "lambda") {
    if (parts[6] == "invoke") return ResourceKind::kLambdaInvoke;
    if (parts[6] == "invoke.waitForTaskToken") return ResourceKind::kLambdaInvokeCallback;
    return ResourceKind::kOther;
  }
  if (parts[2] == "lambda" && (parts.size() == 7 || parts.size() == 8) && parts[5] == "function" &&
      !parts[6].empty()) {
    return ResourceKind::kLambdaFunction;
  }
  return ResourceKind::kOther;
}

std::optional<FunctionRef> ParseFunctionRef(std::string_view reference) {
  std::vector<std::string_view> parts = SplitColons(reference);
  if (parts[0] == "arn") {
    if ((parts.size() != 7 && parts.size() != 8) || parts[2] != "lambda" || parts[5] != "function") {
      return std::nullopt;
    }
    return MakeRef(parts[6], parts.size() == 8 ? parts[7] : std::string_view());
  }
  if (parts.size() >= 3 && parts[1] == "function") {
    if (parts.size() > 4) return std::nullopt;
    return MakeRef(parts[2], parts.size() == 4 ? parts[3] : std::string_view());
  }
  if (parts.size() > 2) return std::nullopt;
  return MakeRef(parts[0], parts.size() == 2 ? parts[1] : std::string_view());
}

Json MakeInvokeResponse(Json payload, size_t body_bytes, const InvokeResponseMeta& meta) {
  std::string length = std::to_string(body_bytes);
  Json all_headers = Json::object();
  all_headers["X-Amz-Executed-Version"] = One("$LATEST");
  all_headers["x-amzn-Remapped-Content-Length"] = One("0");
  all_headers["Connection"] = One("keep-alive");
  all_headers["x-amzn-RequestId"] = One(meta.request_id);
  all_headers["Content-Length"] = One(length);
  all_headers["Date"] = One(meta.date);
  all_headers["X-Amzn-Trace-Id"] = One(meta.trace_id);
  all_headers["Content-Type"] = One("application/json");
  Json headers = Json::object();
  headers["Connection"] = "keep-alive";
  headers["Content-Length"] = length;
  headers["Content-Type"] = "application/json";
  headers["Date"] = meta.date;
  headers["X-Amz-Executed-Version"] = "$LATEST";
  headers["x-amzn-Remapped-Content-Length"] = "0";
  headers["x-amzn-RequestId"] = meta.request_id;
  headers["X-Amzn-Trace-Id"] = meta.trace_id;
  Json http = Json::object();
  http["AllHttpHeaders"] = std::move(all_headers);
  http["HttpHeaders"] = std::move(headers);
  http["HttpStatusCode"] = 200;
  Json response = Json::object();
  response["ExecutedVersion"] = "$LATEST";
  response["Payload"] = std::move(payload);
  response["SdkHttpMetadata"] = std::move(http);
  response["SdkResponseMetadata"] = Json{{"RequestId", meta.request_id}};
  response["StatusCode"] = 200;
  return response;
}

InvokeResponseMeta MakeInvokeResponseMeta(std::string_view seed, std::chrono::system_clock::time_point now) {
  uint64_t a = Hash64(seed, 1), b = Hash64(seed, 2), c = Hash64(seed, 3), d = Hash64(seed, 4);
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  InvokeResponseMeta meta;
  meta.request_id = Uuid(a, b);
  meta.date = HttpDate(now);
  meta.trace_id = "Root=1-" + Hex(static_cast<uint64_t>(seconds), 8) + "-" + Hex(c, 16) + Hex(d >> 32, 8) +
                  ";Parent=" + Hex(d, 16) + ";Sampled=0";
  return meta;
}

std::string HttpDate(std::chrono::system_clock::time_point time) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  if (::gmtime_r(&t, &tm) == nullptr) return "Thu, 01 Jan 1970 00:00:00 GMT";
  auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
  return std::string(kDays[static_cast<size_t>(tm.tm_wday % 7)]) + ", " + two(tm.tm_mday) + " " +
         kMonths[static_cast<size_t>(tm.tm_mon % 12)] + " " + std::to_string(tm.tm_year + 1900) + " " +
         two(tm.tm_hour) + ":" + two(tm.tm_min) + ":" + two(tm.tm_sec) + " GMT";
}

}  // namespace sfn::engine
