// The root cause of a failed execution: the event where the error first happened.
//
// When a Task fails inside a Map iteration inside a Parallel branch, the error propagates outwards
// (MapIterationFailed, MapStateFailed, ParallelStateFailed, ExecutionFailed). The root cause is the
// originating event, found by following previousEventId back from ExecutionFailed through the
// propagation events. When the chain is missing (previousEventId 0 after a runtime error, normalised
// recordings), it falls back to the "entered at the event id #N" hint AWS writes in some causes, then to
// the earliest uncaught originating failure, then to the last state that was entered and never left.
#pragma once

#include <vector>

#include "history/event.h"
#include "history/frames.h"

namespace sfn::history {

// Fills tree.root_cause for a FAILED execution and marks the originating state instance Failed.
// For TIMED_OUT and ABORTED executions only the error and cause of the terminal event are recorded.
void AttributeRootCause(const std::vector<Event>& events, FrameTree& tree);

}  // namespace sfn::history
