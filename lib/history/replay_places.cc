#include "history/replay_places.h"

namespace sfn::history {
namespace {

// The definition branch of a Parallel that holds the frame's first state.
int64_t BranchKey(const Frame& frame, const model::State* parallel) {
  if (parallel != nullptr && !frame.instances.empty()) {
    const std::string& first = frame.instances.front().name;
    for (size_t i = 0; i < parallel->branches.size(); ++i) {
      if (parallel->branches[i]->Find(first) != nullptr) return static_cast<int64_t>(i);
    }
  }
  return frame.index;
}

}  // namespace

std::vector<FramePlace> PlaceFrames(const FrameTree& tree, const model::StateMachine& machine) {
  std::vector<FramePlace> places(tree.frames.size());
  if (places.empty()) return places;
  places[0].scope = &machine.top;
  for (size_t f = 1; f < tree.frames.size(); ++f) {
    const Frame& frame = tree.frames[f];
    if (!frame.parent || !frame.owner || *frame.parent >= f) continue;
    const FramePlace& parent = places[*frame.parent];
    const model::State* owner = parent.scope != nullptr ? parent.scope->Find(frame.owner_state) : nullptr;
    bool parallel = frame.kind == FrameKind::kBranch;
    if (owner != nullptr && owner->type != (parallel ? model::StateType::kParallel : model::StateType::kMap)) {
      owner = nullptr;
    }
    FramePlace& place = places[f];
    place.key = parallel ? BranchKey(frame, owner) : frame.index;
    if (owner != nullptr) {
      if (!parallel) {
        place.scope = owner->processor.get();
      } else if (place.key >= 0 && static_cast<size_t>(place.key) < owner->branches.size()) {
        place.scope = owner->branches[static_cast<size_t>(place.key)].get();
      }
    }
    place.location = parent.location;
    place.location.push_back((parallel ? "Parallel:" : "Map:") + frame.owner_state + "#" + std::to_string(place.key));
  }
  return places;
}

}  // namespace sfn::history
