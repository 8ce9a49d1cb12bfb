#include "render/history_overlay.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "history/status.h"

using namespace sfn;
using namespace sfn::render;
using Status = StateOverlay::Status;

namespace {

history::StateInstance Instance(std::string name, history::InstanceStatus status, int64_t entered,
                                int64_t exited, int attempts = 1) {
  history::StateInstance inst;
  inst.name = std::move(name);
  inst.status = status;
  inst.entered_event_id = entered;
  inst.exited_event_id = exited;
  inst.attempts = attempts;
  return inst;
}

// Root: A (2 attempts, 1.4 s) -> M (a Map with 3 iterations: ok, failed, aborted; error caught) -> H.
history::FrameTree SampleTree() {
  using IS = history::InstanceStatus;
  history::FrameTree tree;
  tree.execution_status = history::ExecutionStatus::kFailed;
  history::Frame root;
  root.kind = history::FrameKind::kRoot;
  root.status = IS::kFailed;
  root.instances.push_back(Instance("A", IS::kSucceeded, 2, 6, 2));
  root.instances.back().start_ms = 1000;
  root.instances.back().end_ms = 2400;
  root.instances.push_back(Instance("M", IS::kCaughtError, 7, 30));
  root.instances.push_back(Instance("H", IS::kFailed, 31, 32, 0));
  tree.frames.push_back(root);
  const IS outcomes[] = {IS::kSucceeded, IS::kFailed, IS::kAborted};
  for (int i = 0; i < 3; ++i) {
    history::Frame iteration;
    iteration.kind = history::FrameKind::kIteration;
    iteration.index = i;
    iteration.parent = 0;
    iteration.owner_state = "M";
    iteration.status = outcomes[i];
    iteration.instances.push_back(
        Instance("Item", outcomes[i], 10 + i, outcomes[i] == IS::kAborted ? 0 : 20 + i));
    tree.frames.push_back(iteration);
  }
  return tree;
}

}  // namespace

TEST_CASE("render: overlay from a history") {
  history::FrameTree tree = SampleTree();
  history::StatusMap status = history::BuildStatusMap(tree);
  Overlay overlay = OverlayFromHistory(tree, status, "run 1");
  CHECK(overlay.title == "run 1");
  struct Case {
    const char* name;
    Status status;
    int visits;
    int attempts;
    const char* detail;
  };
  const Case cases[] = {
      {"A", Status::kSucceeded, 1, 2, "1.4 s"},
      {"M", Status::kCaught, 1, 1, "3 items: 1 ok, 1 failed, 1 aborted"},
      {"H", Status::kFailed, 1, 0, ""},
      {"Item", Status::kFailed, 3, 3, ""},
  };
  REQUIRE(overlay.states.size() == 4);
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const StateOverlay& s = overlay.states.at(c.name);
    CHECK(s.status == c.status);
    CHECK(s.visits == c.visits);
    CHECK(s.attempts == c.attempts);
    CHECK(s.detail == c.detail);
  }
  using Pair = std::pair<std::string, std::string>;
  CHECK(overlay.taken_edges == std::vector<Pair>{{"", "A"},
                                                 {"A", "M"},
                                                 {"", "Item"},
                                                 {"", "Item"},
                                                 {"", "Item"},
                                                 {"Item", ""},
                                                 {"Item", ""},
                                                 {"M", "H"},
                                                 {"H", ""}});
}

TEST_CASE("render: history statuses map onto overlay statuses") {
  CHECK(OverlayStatusOf(history::OverlayStatus::kNotReached) == Status::kNotReached);
  CHECK(OverlayStatusOf(history::OverlayStatus::kSucceeded) == Status::kSucceeded);
  CHECK(OverlayStatusOf(history::OverlayStatus::kFailed) == Status::kFailed);
  CHECK(OverlayStatusOf(history::OverlayStatus::kCaughtError) == Status::kCaught);
  CHECK(OverlayStatusOf(history::OverlayStatus::kRunning) == Status::kRunning);
  CHECK(OverlayStatusOf(history::OverlayStatus::kAborted) == Status::kCancelled);
}

TEST_CASE("render: durations") {
  CHECK(DurationText(0) == "0 ms");
  CHECK(DurationText(350) == "350 ms");
  CHECK(DurationText(1000) == "1 s");
  CHECK(DurationText(1440) == "1.4 s");
  CHECK(DurationText(59960) == "60 s");
  CHECK(DurationText(125000) == "2 min 5 s");
  CHECK(DurationText(120000) == "2 min");
  CHECK(DurationText(-5) == "0 ms");
}
