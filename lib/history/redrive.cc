#include "history/redrive.h"

#include <map>
#include <unordered_map>
#include <unordered_set>

#include "history/frames.h"
#include "history/replay.h"
#include "history/replay_places.h"
#include "history/replay_task_runner.h"

namespace sfn::history {
namespace {

// The fallback when no runner was given: a Task that must run again cannot.
class NoTaskRunner final : public engine::TaskRunner {
 public:
  engine::TaskResult Run(const engine::TaskRequest& request) override {
    return engine::TaskResult::Failure("States.Runtime",
                                       "no task runner is configured to run the Task state '" + request.state_name + "'");
  }
  bool CanRun(const std::string&, std::string_view, const Json*) const override { return false; }
};

// An event in the GetExecutionHistory shape, payloads encoded as JSON text again.
Json EventToApiJson(const Event& event) {
  Json out = Json::object();
  if (event.timestamp_ms) {
    out["timestamp"] = static_cast<double>(*event.timestamp_ms) / 1000.0;
  } else {
    out["timestamp"] = event.timestamp_text;
  }
  out["type"] = event.type;
  out["id"] = event.id;
  out["previousEventId"] = event.previous_id;
  if (event.details_key.empty()) return out;
  Json details = event.details;
  auto unparsed = [&event](const std::string& field) {
    return std::find(event.unparsed_payloads.begin(), event.unparsed_payloads.end(), field) !=
           event.unparsed_payloads.end();
  };
  for (auto it = details.begin(); it != details.end(); ++it) {
    if (IsPayloadField(it.key()) && !unparsed(it.key())) {
      it.value() = DumpCompact(it.value());
    } else if (it.key() == "assignedVariables" && it.value().is_object()) {
      for (auto var = it.value().begin(); var != it.value().end(); ++var) var.value() = DumpCompact(var.value());
    }
  }
  out[event.details_key] = std::move(details);
  return out;
}

// Which events of the re-execution repeat what the recording already holds.
class KeptEvents {
 public:
  KeptEvents(const FrameTree& rec, const std::vector<FramePlace>& rec_places, const FrameTree& rep,
             const std::vector<FramePlace>& rep_places)
      : rec_(rec), rec_places_(rec_places), rep_(rep), rep_places_(rep_places) {}

  std::unordered_set<int64_t> Find() {
    if (!rec_.frames.empty() && !rep_.frames.empty()) Walk(0, 0);
    return std::move(kept_);
  }

 private:
  void KeepFrame(size_t pf) {
    const Frame& frame = rep_.frames[pf];
    kept_.insert(frame.event_ids.begin(), frame.event_ids.end());
    for (const StateInstance& inst : frame.instances) KeepInstance(inst);
  }

  void KeepInstance(const StateInstance& inst) {
    kept_.insert(inst.event_ids.begin(), inst.event_ids.end());
    for (size_t child : inst.child_frames) KeepFrame(child);
  }

  void Walk(size_t rf, size_t pf) {
    const auto& rs = rec_.frames[rf].instances;
    const auto& ps = rep_.frames[pf].instances;
    size_t k = 0;
    while (k < rs.size() && k < ps.size() && rs[k].name == ps[k].name && rs[k].exited_event_id != 0) {
      KeepInstance(ps[k]);
      ++k;
    }
    if (k < rs.size() && k < ps.size() && rs[k].name == ps[k].name) WalkChildren(rs[k], ps[k]);
  }

  // The re-run Parallel or Map: its branches and iterations that succeeded are kept whole.
  void WalkChildren(const StateInstance& r, const StateInstance& p) {
    std::map<int64_t, size_t> recorded;  // key -> the last run's frame
    for (size_t f : r.child_frames) recorded[rec_places_[f].key] = f;
    for (size_t f : p.child_frames) {
      auto found = recorded.find(rep_places_[f].key);
      if (found == recorded.end()) continue;
      if (rec_.frames[found->second].status == InstanceStatus::kSucceeded) {
        KeepFrame(f);
      } else {
        Walk(found->second, f);
      }
    }
  }

  const FrameTree& rec_;
  const std::vector<FramePlace>& rec_places_;
  const FrameTree& rep_;
  const std::vector<FramePlace>& rep_places_;
  std::unordered_set<int64_t> kept_;
};

std::string Refusal(const ReadResult& recorded, const FrameTree& tree) {
  if (recorded.structure_only) return "the history holds no execution data (inputs and results); it cannot be redriven";
  for (const Event& e : recorded.events) {
    if (RoleOf(e.type) == EventRole::kExecutionRedriven) {
      return "the history was already redriven; redriving it again is not supported";
    }
  }
  ExecutionStatus s = tree.execution_status;
  if (s == ExecutionStatus::kFailed || s == ExecutionStatus::kTimedOut || s == ExecutionStatus::kAborted) return "";
  return "only a FAILED, TIMED_OUT or ABORTED execution can be redriven; this one is " +
         std::string(ExecutionStatusName(s));
}

// Appends the new events with ids after `redriven_id`; each previousEventId names an event of the
// continued history.
size_t AppendNewEvents(const ReadResult& rerun, const FrameTree& tree, const std::unordered_set<int64_t>& kept,
                       int64_t redriven_id, Json& events) {
  std::unordered_map<int64_t, int64_t> new_id;
  std::vector<int64_t> last_new(tree.frames.size(), 0);
  int64_t next = redriven_id + 1;
  size_t added = 0;
  for (size_t pos = 0; pos < rerun.events.size(); ++pos) {
    const Event& e = rerun.events[pos];
    if (RoleOf(e.type) == EventRole::kExecutionStarted || kept.count(e.id) > 0) continue;
    size_t frame = tree.event_frame[pos];
    int64_t previous = 0;
    if (auto it = new_id.find(e.previous_id); it != new_id.end()) {
      previous = it->second;
    } else {
      std::optional<size_t> f = frame;
      while (f && previous == 0) {
        previous = last_new[*f];
        f = tree.frames[*f].parent;
      }
      if (previous == 0) previous = redriven_id;
    }
    Event copy = e;
    copy.id = next++;
    copy.previous_id = previous;
    new_id[e.id] = copy.id;
    last_new[frame] = copy.id;
    events.push_back(EventToApiJson(copy));
    ++added;
  }
  return added;
}

}  // namespace

RedriveResult Redrive(const ReadResult& recorded, const model::StateMachine& machine, const RedriveOptions& options) {
  RedriveResult out;
  FrameTree tree = BuildFrames(recorded.events);
  out.refusal = Refusal(recorded, tree);
  if (!out.refusal.empty()) return out;
  out.redriven = true;
  std::vector<FramePlace> places = PlaceFrames(tree, machine);
  RecordedContext ctx = ContextOf(recorded);
  NoTaskRunner none;
  ReplayRunnerOptions runner_options;
  runner_options.recorded_status = tree.execution_status;
  runner_options.fallback = options.tasks != nullptr ? options.tasks : &none;
  ReplayTaskRunner runner(CollectRecordedTasks(recorded.events, tree, places), runner_options);

  engine::VirtualClock clock;
  engine::ExecutionOptions eo;
  eo.input = ctx.input;
  eo.execution_name = !options.execution_name.empty() ? options.execution_name : ctx.execution_name;
  eo.state_machine_name = !options.state_machine_name.empty() ? options.state_machine_name
                          : !ctx.state_machine_name.empty() ? ctx.state_machine_name
                                                            : std::string("StateMachine");
  if (!ctx.account.empty()) eo.account = ctx.account;
  if (!ctx.region.empty()) eo.region = ctx.region;
  eo.role_arn = ctx.role_arn;
  eo.clock = &clock;
  eo.tasks = &runner;
  eo.random_seed = options.random_seed;
  eo.cancel = options.cancel;
  eo.max_workers = options.max_workers;
  eo.read_object = options.read_object;
  const int redrive_count = 1;  // a history that was already redriven is refused
  eo.redrive_count = redrive_count;
  engine::ExecutionResult result = engine::Execute(machine, eo);
  out.status = result.status;
  out.output = result.output;
  out.error = result.error;
  out.cause = result.cause;
  out.has_error = result.has_error;
  out.has_cause = result.has_cause;
  out.kept_attempts = runner.served();
  out.rerun_attempts = runner.delegated();

  ReadResult rerun = ReadHistoryJson(result.events, "redrive");
  FrameTree rerun_tree = BuildFrames(rerun.events);
  std::unordered_set<int64_t> kept =
      KeptEvents(tree, places, rerun_tree, PlaceFrames(rerun_tree, machine)).Find();

  Json events = Json::array();
  for (const Event& e : recorded.events) events.push_back(EventToApiJson(e));
  int64_t last_id = recorded.events.empty() ? 0 : recorded.events.back().id;
  int64_t redriven_id = last_id + 1;
  Json redriven = Json::object();
  redriven["timestamp"] = static_cast<double>(result.start_ms) / 1000.0;
  redriven["type"] = "ExecutionRedriven";
  redriven["id"] = redriven_id;
  redriven["previousEventId"] = last_id;
  redriven["executionRedrivenEventDetails"] = Json{{"redriveCount", redrive_count}};
  events.push_back(std::move(redriven));
  out.new_events = 1 + AppendNewEvents(rerun, rerun_tree, kept, redriven_id, events);
  out.continued = Json{{"events", std::move(events)}};
  return out;
}

}  // namespace sfn::history
