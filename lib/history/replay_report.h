// Renderers of a replay's result: text for people and JSON for tools.
//
// The text names the verdict, what was replayed, then each divergence (event id, frame and state, what
// differs and where, the recorded and the replayed value), cut to a readable width. The JSON holds the
// same facts with the values whole:
//   {"consistent": false, "mode": "full", "recorded": {"events": 14, "status": "SUCCEEDED"},
//    "replayed": {"events": 13, "status": "FAILED"}, "tasksServed": 3, "stoppedEarly": false,
//    "notes": [...], "divergences": [{"eventId": 7, "replayEventId": 7, "frame": "", "state": "Check",
//    "aspect": "next state", "pointer": "", "expected": "Ship", "actual": "Reject", "message": "..."}]}
// A value absent on one side ("expected" or "actual") is left out of its divergence.
#pragma once

#include <string>

#include "common/json.h"
#include "history/replay.h"

namespace sfn::history {

struct ReplayReportOptions {
  std::string history_name;
  std::string definition_name;
  bool first_only = false;        // the replay kept only the first divergence (no --keep-going)
  size_t max_value_chars = 200;   // text: values are cut after this many characters
};

std::string RenderReplayText(const ReplayResult& result, const ReplayReportOptions& options);
Json ReplayToJson(const ReplayResult& result);
Json DivergenceToJson(const Divergence& divergence);

}  // namespace sfn::history
