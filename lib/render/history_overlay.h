// The overlay of a recorded or replayed execution: each state's aggregated status, visits and attempts
// from the history's StatusMap, the time spent in states visited once, the item counts of Map states,
// and the transitions taken in the order the execution entered their targets (the start of each frame
// as {"", first state}, the end of a finished frame as {last state, ""}).
#pragma once

#include <string>

#include "history/frames.h"
#include "history/status.h"
#include "render/overlay.h"

namespace sfn::render {

StateOverlay::Status OverlayStatusOf(history::OverlayStatus status);

Overlay OverlayFromHistory(const history::FrameTree& tree, const history::StatusMap& status,
                           std::string title = "");

// "350 ms", "1.4 s", "2 min 5 s".
std::string DurationText(int64_t milliseconds);

}  // namespace sfn::render
