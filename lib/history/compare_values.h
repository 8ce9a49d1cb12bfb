// Comparing a recorded JSON value with a replayed one, by value where the value is reproducible and by
// shape where it cannot be.
//
// A replay cannot reproduce what depends on the moment or on chance: UUIDs (States.UUID, execution
// names), timestamps ($$.State.EnteredTime, $now()), the ARNs of executions and map runs. Strings of those
// shapes match any string of the same shape, also inside longer text ("failed at 2024-05-03T13:41:47Z").
// Recordings masked by test tooling hold placeholders such as "<ExecArnPart_0idx>" or the account
// "111111111111": these match any run of characters. With `masked_words`, the whole-string placeholders of
// normalised recordings ("date", "timestamp", "snf_role_arn", ...) match any value.
//
// JSON texts inside strings compare by value whatever their separators (Lambda error causes are written
// with Python's ", " and ": "). A replayed $$.Execution.RedriveCount of 0 matches its absence (recordings
// made before AWS added it). Numbers compare by value (1 equals 1.0); object members compare whatever
// their order. The first
// difference is reported with its JSON Pointer (RFC 6901) and the two values found there.
//
// Test tooling also replaces known texts (a Lambda function's generated name, a queue URL) by a placeholder
// of its own ("lambda_function_name"). Given those `replacements`, the replayed strings have the same texts
// replaced before they are compared.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace sfn::history {

// A text the recording's tooling replaced, everywhere in its strings, by a placeholder.
struct TextReplacement {
  std::string text;
  std::string placeholder;
};

struct ValueCompareOptions {
  bool masked_words = false;  // the recording was normalised: its placeholder words match anything
  std::vector<TextReplacement> replacements;  // applied to replayed strings, in order
};

struct ValueMismatch {
  std::string pointer;           // where, inside the compared values ("" for the whole value)
  std::optional<Json> expected;  // the recorded value there; nullopt when the recording has no such member
  std::optional<Json> actual;    // the replayed value there; nullopt when the replay has no such member
};

// The first difference between `expected` (recorded) and `actual` (replayed), or nullopt when they match.
std::optional<ValueMismatch> CompareValues(const Json& expected, const Json& actual,
                                           const ValueCompareOptions& options = {});

// Whether a recorded string matches a replayed one by value, placeholder or shape.
bool StringsMatch(std::string_view expected, std::string_view actual, const ValueCompareOptions& options = {});

// The value at a JSON Pointer, or nullptr when the pointer does not resolve.
const Json* ValueAt(const Json& root, std::string_view pointer);

// Escapes one reference token of a JSON Pointer ("a/b" -> "a~1b").
std::string PointerToken(std::string_view key);

}  // namespace sfn::history
