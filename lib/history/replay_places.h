// Where each frame of a history sits in a definition.
//
// A recorded frame (a Parallel branch, a Map iteration) is matched to the definition scope that runs it and
// to the location the engine gives the same frame (engine::TaskRequest::frame, e.g. {"Parallel:P#0",
// "Map:M#3"}). Histories do not say which branch of a Parallel a frame is: it is the branch whose states
// include the frame's first state, or, when no branch has it, the order of appearance. A Map iteration's
// key is its index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "history/frames.h"
#include "model/state_machine.h"

namespace sfn::history {

struct FramePlace {
  const model::Scope* scope = nullptr;  // nullptr when the definition has no scope for the frame
  std::vector<std::string> location;    // the engine's location of the frame; empty for the root
  int64_t key = 0;                      // branch index in the definition, or iteration index
};

// One place per frame of `tree` (same indexes).
std::vector<FramePlace> PlaceFrames(const FrameTree& tree, const model::StateMachine& machine);

}  // namespace sfn::history
