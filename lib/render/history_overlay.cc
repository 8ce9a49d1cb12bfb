#include "render/history_overlay.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

namespace sfn::render {
namespace {

struct TakenStep {
  int64_t event_id = 0;
  size_t sequence = 0;  // ties keep frame order
  std::string from;
  std::string to;
};

bool FrameFinished(const history::Frame& frame) { return frame.status != history::InstanceStatus::kRunning; }

void CollectSteps(const history::FrameTree& tree, std::vector<TakenStep>& steps) {
  for (const history::Frame& frame : tree.frames) {
    const auto& instances = frame.instances;
    for (size_t i = 0; i < instances.size(); ++i) {
      std::string from = i == 0 ? std::string() : instances[i - 1].name;
      steps.push_back({instances[i].entered_event_id, steps.size(), std::move(from), instances[i].name});
    }
    if (instances.empty()) continue;
    const history::StateInstance& last = instances.back();
    bool ended = frame.kind == history::FrameKind::kRoot
                     ? tree.execution_status != history::ExecutionStatus::kRunning
                     : FrameFinished(frame);
    if (ended && last.exited_event_id != 0)
      steps.push_back({last.exited_event_id, steps.size(), last.name, ""});
  }
}

struct ItemTally {
  int total = 0, ok = 0, failed = 0, aborted = 0, running = 0;
};

// The iterations of each Map state (by name), by outcome, in one pass over the frames.
std::map<std::string, ItemTally> TallyItems(const history::FrameTree& tree) {
  std::map<std::string, ItemTally> out;
  for (const history::Frame& frame : tree.frames) {
    if (frame.kind != history::FrameKind::kIteration) continue;
    ItemTally& tally = out[frame.owner_state];
    ++tally.total;
    switch (frame.status) {
      case history::InstanceStatus::kSucceeded:
      case history::InstanceStatus::kCaughtError:
        ++tally.ok;
        break;
      case history::InstanceStatus::kFailed:
      case history::InstanceStatus::kTimedOut:
        ++tally.failed;
        break;
      case history::InstanceStatus::kAborted:
        ++tally.aborted;
        break;
      case history::InstanceStatus::kRunning:
        ++tally.running;
        break;
    }
  }
  return out;
}

// "3 items: 1 ok, 1 failed, 1 aborted".
std::string ItemText(const ItemTally& tally) {
  std::string out = std::to_string(tally.total) + (tally.total == 1 ? " item" : " items");
  std::string parts;
  auto add = [&](int n, const char* word) {
    if (n == 0) return;
    parts += (parts.empty() ? ": " : ", ") + std::to_string(n) + " " + word;
  };
  add(tally.ok, "ok");
  add(tally.failed, "failed");
  add(tally.aborted, "aborted");
  add(tally.running, "running");
  return out + parts;
}

// The time spent in a state visited exactly once, keyed by name.
std::map<std::string, int64_t> SingleVisitDurations(const history::FrameTree& tree,
                                                    const history::StatusMap& status) {
  std::map<std::string, int64_t> out;
  for (const history::Frame& frame : tree.frames) {
    for (const history::StateInstance& inst : frame.instances) {
      if (!inst.start_ms || !inst.end_ms || status.Of(inst.name).visits != 1) continue;
      out[inst.name] = *inst.end_ms - *inst.start_ms;
    }
  }
  return out;
}

}  // namespace

StateOverlay::Status OverlayStatusOf(history::OverlayStatus status) {
  using S = StateOverlay::Status;
  switch (status) {
    case history::OverlayStatus::kSucceeded:
      return S::kSucceeded;
    case history::OverlayStatus::kFailed:
      return S::kFailed;
    case history::OverlayStatus::kCaughtError:
      return S::kCaught;
    case history::OverlayStatus::kRunning:
      return S::kRunning;
    case history::OverlayStatus::kAborted:
      return S::kCancelled;
    case history::OverlayStatus::kNotReached:
      break;
  }
  return S::kNotReached;
}

std::string DurationText(int64_t ms) {
  if (ms < 0) ms = 0;
  if (ms < 1000) return std::to_string(ms) + " ms";
  if (ms < 60000) {
    int64_t tenths = (ms + 50) / 100;
    std::string out = std::to_string(tenths / 10);
    if (tenths % 10 != 0) out += "." + std::to_string(tenths % 10);
    return out + " s";
  }
  int64_t seconds = (ms + 500) / 1000;
  std::string out = std::to_string(seconds / 60) + " min";
  if (seconds % 60 != 0) out += " " + std::to_string(seconds % 60) + " s";
  return out;
}

Overlay OverlayFromHistory(const history::FrameTree& tree, const history::StatusMap& status,
                           std::string title) {
  Overlay overlay;
  overlay.title = std::move(title);
  std::map<std::string, int64_t> durations = SingleVisitDurations(tree, status);
  std::map<std::string, ItemTally> items = TallyItems(tree);
  for (const auto& [name, s] : status.by_name) {
    StateOverlay& state = overlay.states[name];
    state.status = OverlayStatusOf(s.status);
    state.visits = s.visits;
    state.attempts = s.attempts;
    auto tally = items.find(name);
    auto duration = durations.find(name);
    if (tally != items.end()) {
      state.detail = ItemText(tally->second);
    } else if (duration != durations.end()) {
      state.detail = DurationText(duration->second);
    }
  }
  std::vector<TakenStep> steps;
  CollectSteps(tree, steps);
  std::sort(steps.begin(), steps.end(), [](const TakenStep& a, const TakenStep& b) {
    return std::tie(a.event_id, a.sequence) < std::tie(b.event_id, b.sequence);
  });
  for (TakenStep& step : steps) overlay.taken_edges.emplace_back(std::move(step.from), std::move(step.to));
  return overlay;
}

}  // namespace sfn::render
