// Well-formedness checks of an execution history.
//
// Each rule has a code; a finding names the event it concerns. Rules:
//   HISTORY_EMPTY              the history holds no events
//   HISTORY_EXECUTION_START    ExecutionStarted is missing, not first, or repeated
//   HISTORY_ID_GAP             ids are not contiguous from 1
//   HISTORY_DUPLICATE_ID       an id appears more than once (the reader kept the first)
//   HISTORY_PREV_INVALID       previousEventId names no earlier event
//   HISTORY_PREV_ZERO          previousEventId is 0 where AWS always names a cause (warning)
//   HISTORY_TERMINAL           more than one terminal execution event, or events after it
//                              (ExecutionRedriven may follow a terminal event)
//   HISTORY_UNKNOWN_TYPE       an event type AWS does not define (warning)
//   HISTORY_DETAILS_MISMATCH   the details member does not belong to the event type (warning)
//   HISTORY_MISSING_NAME       a state event without the state name
//   HISTORY_STATE_ORDER        a state's events out of their legal order (Entered before Exited,
//                              TaskScheduled -> TaskStarted -> TaskSucceeded/Failed/TimedOut, ...)
//   HISTORY_ORPHAN_EVENT       an event that belongs to no open state
//   HISTORY_ITERATION_ORDER    a Map iteration that ends without starting, or starts twice
//   HISTORY_UNCLOSED_STATE     the execution succeeded but a state never exited nor failed
//   HISTORY_TIMESTAMP_ORDER    an event is older than the event it follows (warning)
// A history without a terminal event is a running execution, not an error.
//
// Recordings normalised by test tooling are tolerated: timestamps that are not dates are skipped; when
// ids are masked (ids inferred by position, events of concurrent branches sorted and deduplicated by the
// tooling, ParallelStateSucceeded dropped), the rules that depend on ids and on the order inside Parallel
// states (HISTORY_ID_GAP, HISTORY_PREV_*, HISTORY_STATE_ORDER below a Parallel state) are not applied.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "history/event.h"
#include "history/frames.h"
#include "history/reader.h"

namespace sfn::history {

enum class FindingSeverity { kError, kWarning };

struct Finding {
  int64_t event_id = 0;  // 0 when the finding concerns the whole history
  std::string code;
  std::string message;
  FindingSeverity severity = FindingSeverity::kError;
};

struct WellFormedOptions {
  // The recording was normalised with masked ids: skip the id, chain and Parallel ordering rules.
  bool tolerate_masked_ids = false;
};

WellFormedOptions OptionsFor(const ReadResult& read);

// Checks events (ascending ids) with their frame tree; findings are ordered by event id.
std::vector<Finding> CheckWellFormed(const std::vector<Event>& events, const FrameTree& tree,
                                     const WellFormedOptions& options = {});

// Checks a read history: builds its frames and adds the reader's duplicate ids.
std::vector<Finding> CheckWellFormed(const ReadResult& read);

}  // namespace sfn::history
