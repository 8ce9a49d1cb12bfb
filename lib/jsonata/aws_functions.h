// The JSONata functions that AWS Step Functions adds to the standard library.
//
// $partition(array, size) splits an array into chunks of `size` items (the last may be shorter);
// $range(start, end[, step]) lists the numbers from start to end inclusive; $hash(data, algorithm) is the
// lowercase hex digest of a string with MD5, SHA-1, SHA-256, SHA-384 or SHA-512; $random([seed]) is a number
// in [0, 1), deterministic for a given seed; $uuid() is a version 4 UUID; $parse(text) parses JSON text.
// Invalid arguments raise Error with code kAwsFunctionError.
//
// $range returns a sequence, as JSONata's $map and $filter do, while $partition returns an array: on AWS,
// $range(1, 9, 9) is 1, not [1], while $partition([0], 4) stays [[0]]. So a range of one number is that
// number, an empty range is undefined, and `$range(1, 1)[]` keeps the array.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "jsonata/jsonata.h"

namespace sfn::jsonata {

inline constexpr const char* kAwsFunctionError = "D3200";

// Registers the functions in `bindings`. With `random_seed`, $random() and $uuid() without a seed follow a
// fixed sequence (for reproducible tests); otherwise they are seeded from the system. The registered
// functions are safe to call from concurrent evaluations.
void AddAwsFunctions(Bindings& bindings, std::optional<uint64_t> random_seed);

// True for the names AddAwsFunctions registers ("partition", "range", ...), without the '$'.
bool IsAwsFunction(std::string_view name);

}  // namespace sfn::jsonata
