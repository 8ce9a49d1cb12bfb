// The event listing of a history (sfn history-replay --format events): one line per event with its id,
// its previous event's id, its offset from the execution's start, its type indented by the depth of its
// frame (two spaces per Parallel branch or Map iteration level), the state it belongs to and, below the
// top level, the frame path ("Fan[1]/Each[3]").
#pragma once

#include <string>
#include <vector>

#include "history/event.h"
#include "history/frames.h"

namespace sfn::history {

std::string RenderEventList(const std::vector<Event>& events, const FrameTree& tree);

}  // namespace sfn::history
