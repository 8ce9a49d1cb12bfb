// The per-state status of an execution, for overlaying on a diagram.
//
// For each state name in each frame (the top level, a branch, an iteration), and aggregated per state
// name across all frames: how often it was visited, how many Task attempts it made, and one final
// status chosen by priority Failed > CaughtError > Running > Aborted > Succeeded > NotReached (a
// TimedOut visit counts as Failed). Also the transitions taken: from-state -> to-state pairs within one
// frame, counted, so a diagram can draw the taken edges in bold.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "history/frames.h"

namespace sfn::history {

enum class OverlayStatus { kNotReached, kSucceeded, kAborted, kRunning, kCaughtError, kFailed };

std::string_view OverlayStatusName(OverlayStatus status);  // "NotReached", "Succeeded", ...

// The overlay status of one visit (TimedOut -> Failed).
OverlayStatus OverlayOf(InstanceStatus status);

// The higher-priority status of the two.
OverlayStatus Worst(OverlayStatus a, OverlayStatus b);

struct StateStatus {
  int visits = 0;
  int attempts = 0;
  OverlayStatus status = OverlayStatus::kNotReached;
  bool taken = false;  // on the path the execution took (visited at least once)
};

struct Transition {
  std::string from;
  std::string to;
  bool operator<(const Transition& other) const {
    return std::tie(from, to) < std::tie(other.from, other.to);
  }
};

struct StatusMap {
  // Key: {frame path (FramePath: "" for the top level, "Outer[1]/Inner[3]"), state name}.
  std::map<std::pair<std::string, std::string>, StateStatus> by_frame;
  // Key: state name, aggregated over every frame.
  std::map<std::string, StateStatus> by_name;
  // Transitions within one frame, aggregated over every frame, with counts.
  std::map<Transition, int> transitions;
  // Transitions of frames whose order was reconstructed by position only (normalised recordings) are
  // left out; this says whether that happened.
  bool transitions_partial = false;

  // The aggregated status of a state name; NotReached when the history never entered it.
  StateStatus Of(std::string_view name) const;
  // The status of a state name in one frame.
  StateStatus Of(std::string_view frame_path, std::string_view name) const;
  int TransitionCount(std::string_view from, std::string_view to) const;
};

StatusMap BuildStatusMap(const FrameTree& tree);

}  // namespace sfn::history
