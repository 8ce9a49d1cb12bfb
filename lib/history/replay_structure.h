// The structure-only replay: for a history recorded without execution data (no inputs, outputs nor task
// results, GetExecutionHistory with includeExecutionData=false), the definition cannot be re-executed, so
// the path the history took is checked against what the definition allows instead:
//   - each frame starts at its scope's StartAt; each visited state exists there with the recorded type;
//   - each move from one state to the next is a Next, a Choice rule or Default target, or, after an error
//     a Catch handled, the Next of the first Catch whose ErrorEquals names the error;
//   - each retried attempt failed with an error some Retry names, no Retry fires more often than its
//     MaxAttempts, and a state that failed for good had no Retry left for its error;
//   - a frame that ended well ends in an End state or a Succeed state.
// Findings are Divergences (compare_histories.h): `expected` is what the history holds, `actual` what
// the definition allows.
#pragma once

#include <cstddef>
#include <vector>

#include "history/compare_histories.h"

namespace sfn::history {

// `recorded.places` (PlaceFrames) tie each frame to its scope in the definition.
std::vector<Divergence> CheckStructure(const HistoryView& recorded);

// Whether a Retry or Catch whose ErrorEquals is `names` handles `error`.
bool ErrorEqualsMatches(const std::vector<std::string>& names, const std::string& error);

}  // namespace sfn::history
