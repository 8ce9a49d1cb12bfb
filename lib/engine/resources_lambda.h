// Lambda in Task resources: which kind of Task a Resource string names, how a Lambda function reference
// (the FunctionName parameter, or a function ARN used as Resource) splits into name and qualifier, and the
// response that the arn:aws:states:::lambda:invoke integration returns around a function's payload.
//
// Resource kinds, recognised for every partition (aws, aws-cn, aws-us-gov, ...):
//   arn:<p>:states:::lambda:invoke                      kLambdaInvoke
//   arn:<p>:states:::lambda:invoke.waitForTaskToken     kLambdaInvokeCallback
//   arn:<p>:lambda:<region>:<account>:function:<name>   kLambdaFunction (optionally ":<qualifier>")
//   anything else (other integrations, activities)      kOther
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"

namespace sfn::engine {

enum class ResourceKind { kLambdaInvoke, kLambdaInvokeCallback, kLambdaFunction, kOther };

ResourceKind ClassifyResource(std::string_view resource);

// A Lambda function reference in one of the forms FunctionName accepts: "name", "name:qualifier",
// "account:function:name[:qualifier]" or "arn:<p>:lambda:<region>:<account>:function:name[:qualifier]".
struct FunctionRef {
  std::string name;       // the bare function name
  std::string qualifier;  // a version or alias; empty when none
};

// Nullopt when `reference` has none of the forms above (or an empty name).
std::optional<FunctionRef> ParseFunctionRef(std::string_view reference);

// The values that differ between two invocations in a lambda:invoke response.
struct InvokeResponseMeta {
  std::string request_id;  // a UUID
  std::string date;        // an HTTP date, e.g. "Tue, 04 Feb 2026 08:37:50 GMT"
  std::string trace_id;    // an X-Ray trace header value
};

// The lambda:invoke result for a function whose response body (`body_bytes` bytes long) held `payload`:
// {"ExecutedVersion", "Payload", "SdkHttpMetadata": {"AllHttpHeaders", "HttpHeaders", "HttpStatusCode"},
//  "SdkResponseMetadata": {"RequestId"}, "StatusCode": 200}, in AWS's member order.
Json MakeInvokeResponse(Json payload, size_t body_bytes, const InvokeResponseMeta& meta);

// Response values derived from `seed` (e.g. the execution ARN, state name and an invocation counter), so
// that equal seeds give equal values, and from `now` for the date.
InvokeResponseMeta MakeInvokeResponseMeta(std::string_view seed, std::chrono::system_clock::time_point now);

// "Tue, 04 Feb 2026 08:37:50 GMT" (RFC 7231), independent of the C locale.
std::string HttpDate(std::chrono::system_clock::time_point time);

}  // namespace sfn::engine
