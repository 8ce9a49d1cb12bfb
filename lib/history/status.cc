#include "history/status.h"

namespace sfn::history {
namespace {

int Priority(OverlayStatus status) { return static_cast<int>(status); }

void Merge(StateStatus& into, const StateInstance& inst) {
  ++into.visits;
  into.attempts += inst.attempts;
  into.status = Worst(into.status, OverlayOf(inst.status));
  into.taken = true;
}

}  // namespace

std::string_view OverlayStatusName(OverlayStatus status) {
  switch (status) {
    case OverlayStatus::kNotReached:
      return "NotReached";
    case OverlayStatus::kSucceeded:
      return "Succeeded";
    case OverlayStatus::kAborted:
      return "Aborted";
    case OverlayStatus::kRunning:
      return "Running";
    case OverlayStatus::kCaughtError:
      return "CaughtError";
    case OverlayStatus::kFailed:
      return "Failed";
  }
  return "NotReached";
}

OverlayStatus OverlayOf(InstanceStatus status) {
  switch (status) {
    case InstanceStatus::kSucceeded:
      return OverlayStatus::kSucceeded;
    case InstanceStatus::kFailed:
    case InstanceStatus::kTimedOut:
      return OverlayStatus::kFailed;
    case InstanceStatus::kCaughtError:
      return OverlayStatus::kCaughtError;
    case InstanceStatus::kRunning:
      return OverlayStatus::kRunning;
    case InstanceStatus::kAborted:
      return OverlayStatus::kAborted;
  }
  return OverlayStatus::kNotReached;
}

OverlayStatus Worst(OverlayStatus a, OverlayStatus b) { return Priority(a) >= Priority(b) ? a : b; }

StateStatus StatusMap::Of(std::string_view name) const {
  auto it = by_name.find(std::string(name));
  return it == by_name.end() ? StateStatus{} : it->second;
}

StateStatus StatusMap::Of(std::string_view frame_path, std::string_view name) const {
  auto it = by_frame.find({std::string(frame_path), std::string(name)});
  return it == by_frame.end() ? StateStatus{} : it->second;
}

int StatusMap::TransitionCount(std::string_view from, std::string_view to) const {
  auto it = transitions.find({std::string(from), std::string(to)});
  return it == transitions.end() ? 0 : it->second;
}

StatusMap BuildStatusMap(const FrameTree& tree) {
  StatusMap map;
  for (size_t f = 0; f < tree.frames.size(); ++f) {
    const Frame& frame = tree.frames[f];
    std::string path = FramePath(tree, f);
    for (size_t i = 0; i < frame.instances.size(); ++i) {
      const StateInstance& inst = frame.instances[i];
      Merge(map.by_frame[{path, inst.name}], inst);
      Merge(map.by_name[inst.name], inst);
      if (i == 0) continue;
      if (frame.ambiguous) {
        map.transitions_partial = true;
        continue;
      }
      ++map.transitions[{frame.instances[i - 1].name, inst.name}];
    }
  }
  return map;
}

}  // namespace sfn::history
