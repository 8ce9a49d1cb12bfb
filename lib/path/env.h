// The evaluation environment of JSONPath-mode expressions.
//
// A path, an intrinsic function call or a payload template reads from three roots: '$' (the
// effective input of the state), '$$' (the context object) and '$name' (a variable set by an
// earlier Assign). Env hands those in by pointer, so evaluation walks the caller's values without
// copying them. 'random' is the source of randomness for States.MathRandom (without a seed) and
// States.UUID; tests inject a fixed sequence, and when it is empty a fresh std::random_device is
// used for each call.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "common/json.h"

namespace sfn::path {

struct Env {
  const Json* input = nullptr;                                 // $
  const Json* context = nullptr;                               // $$
  std::function<const Json*(std::string_view name)> variable;  // $name, nullptr when unknown
  std::function<uint64_t()> random;                            // 64 random bits per call
};

}  // namespace sfn::path
