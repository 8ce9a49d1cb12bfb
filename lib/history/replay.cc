#include "history/replay.h"

#include <atomic>
#include <map>
#include <memory>
#include <thread>

#include "common/states_error.h"
#include "history/replay_map_runs.h"
#include "history/replay_places.h"
#include "history/replay_structure.h"

namespace sfn::history {
namespace {

// When the recording has no usable start time (normalised recordings).
constexpr int64_t kDefaultStartMs = 1'700'000'000'000;
constexpr int64_t kProbeShiftMs = 3'600'000;
constexpr uint64_t kSeed = 1;
constexpr uint64_t kProbeSeed = 2;
constexpr std::chrono::milliseconds kStopGrace{200};

std::vector<std::string> SplitArn(const std::string& arn) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t colon = arn.find(':', start);
    parts.push_back(arn.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return parts;
}

void ReadExecutionArn(const std::string& arn, RecordedContext& ctx) {
  std::vector<std::string> parts = SplitArn(arn);
  if (parts.size() < 8 || parts[0] != "arn" || parts[2] != "states") return;
  if (parts[5] != "execution" && parts[5] != "express") return;
  ctx.region = parts[3];
  ctx.account = parts[4];
  ctx.state_machine_name = parts[6];
  ctx.execution_name = parts[7];
}

// Where a recorded ABORTED execution was stopped: the last state visit it entered, named with the number of
// times a state of that name had been entered by then (1-based).
struct AbortPoint {
  std::string state;
  int ordinal = 0;
};

std::optional<AbortPoint> AbortPointOf(const std::vector<Event>& events, const FrameTree& tree) {
  if (tree.execution_status != ExecutionStatus::kAborted) return std::nullopt;
  const StateInstance* last = nullptr;
  for (const Frame& frame : tree.frames) {
    for (const StateInstance& inst : frame.instances) {
      if (inst.exited_event_id == 0 && (!last || inst.entered_event_id > last->entered_event_id)) last = &inst;
    }
  }
  if (last == nullptr) return std::nullopt;
  AbortPoint point{last->name, 0};
  for (const Event& e : events) {
    if (RoleOf(e.type) == EventRole::kStateEntered && StateNameOf(e) == last->name) ++point.ordinal;
    if (e.id == last->entered_event_id) break;
  }
  return point;
}

// Stops the replay where the recorded execution was stopped.
std::function<void(const Json&)> StopAt(const AbortPoint& point, std::shared_ptr<process::CancelToken> stop) {
  auto seen = std::make_shared<std::atomic<int>>(0);
  return [point, stop, seen](const Json& event) {
    std::string type = event.value("type", "");
    if (RoleOf(type) != EventRole::kStateEntered) return;
    auto details = event.find("stateEnteredEventDetails");
    if (details == event.end() || details->value("name", "") != point.state) return;
    if (seen->fetch_add(1) + 1 != point.ordinal) return;
    stop->Cancel();
    // The engine notices the cancellation on its watchdog thread; give it the moment it needs before the
    // state goes on (the engine has no synchronous stop).
    std::this_thread::sleep_for(kStopGrace);
  };
}

struct ReplayRun {
  engine::ExecutionResult result;
  ReadResult read;
  FrameTree tree;
  std::vector<ReplayMiss> misses;
  size_t served = 0;
  size_t map_runs_served = 0;
};

using ObjectReader = decltype(engine::ExecutionOptions::read_object);

// The S3 reads of distributed Maps are external calls, like Tasks: an object the replay cannot read
// locally takes its recorded outcome. When the recording's map run failed to read its items
// (MapRunFailed with States.ItemReaderFailed), the read fails with the recorded cause, in recorded order.
ObjectReader ServeReaderFailures(const std::vector<Event>& recorded, ObjectReader local) {
  auto failures = std::make_shared<std::vector<std::string>>();
  for (const Event& e : recorded) {
    if (e.type == "MapRunFailed" && e.details.value("error", std::string()) == "States.ItemReaderFailed") {
      failures->push_back(e.details.value("cause", std::string()));
    }
  }
  if (failures->empty()) return local;
  auto next = std::make_shared<std::atomic<size_t>>(0);
  return [failures, next, local](const std::string& bucket, const std::string& key) -> std::optional<std::string> {
    if (local) {
      if (auto content = local(bucket, key)) return content;
    }
    size_t i = (*next)++;
    if (i < failures->size()) throw StatesError("States.ItemReaderFailed", (*failures)[i]);
    return std::nullopt;
  };
}

std::unique_ptr<ReplayRun> RunOnce(const RecordedTasks& tasks, const HistoryView& rec, ExecutionStatus recorded_status,
                                   const std::optional<AbortPoint>& abort_point, const model::StateMachine& machine,
                                   const RecordedContext& ctx, const ReplayOptions& options, uint64_t seed,
                                   int64_t shift_ms) {
  auto run = std::make_unique<ReplayRun>();
  RecordedMapRuns map_runs(*rec.events, *rec.tree, rec.places);
  auto stop = std::make_shared<process::CancelToken>();
  ReplayRunnerOptions runner_options;
  runner_options.recorded_status = recorded_status;
  runner_options.abort_wait = options.abort_wait;
  runner_options.stop = stop;
  ReplayTaskRunner runner(tasks, runner_options);
  engine::VirtualClock clock(ctx.start_ms.value_or(kDefaultStartMs) + shift_ms);
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
  eo.random_seed = seed;
  eo.cancel = stop;
  eo.max_workers = options.max_workers;
  eo.read_object = ServeReaderFailures(*rec.events, options.read_object);
  if (!map_runs.empty()) {
    eo.map_runs = [&map_runs](const engine::MapRunRequest& request) { return map_runs.Next(request); };
  }
  if (abort_point) eo.on_event = StopAt(*abort_point, stop);
  run->result = engine::Execute(machine, eo);
  run->read = ReadHistoryJson(run->result.events, "replay");
  run->tree = BuildFrames(run->read.events);
  run->misses = runner.misses();
  run->served = runner.served();
  run->map_runs_served = map_runs.served();
  return run;
}

void AddNormalisationNotes(const ReadResult& recorded, std::vector<std::string>& notes) {
  const Normalisation& n = recorded.normalisation;
  if (n.timestamps_masked) notes.push_back("the recording's timestamps are masked: the replay starts at a fixed time");
  if (n.ids_masked) notes.push_back("the recording's ids are masked: the insides of its Parallel branches are not compared");
  if (n.payloads_unparsed || n.payloads_inline) {
    notes.push_back("the recording was normalised by test tooling: its placeholders match any value");
  }
  if (recorded.payloads_truncated) notes.push_back("some recorded payloads are truncated");
  if (recorded.incomplete) notes.push_back("the recording is incomplete (a nextToken remains)");
}

// Turns the runner's misses into divergences (or notes, when the recording simply ends).
void AddMisses(const std::vector<ReplayMiss>& misses, const HistoryView& rec, ReplayResult& out) {
  std::map<std::vector<std::string>, size_t> frame_of;
  for (size_t f = 0; f < rec.places.size(); ++f) frame_of.emplace(rec.places[f].location, f);
  for (const ReplayMiss& miss : misses) {
    out.stopped_early = true;
    if (miss.reason == ReplayMiss::Reason::kRecordingEnds || miss.reason == ReplayMiss::Reason::kExecutionStopped) {
      out.notes.push_back("the replay stopped at '" + miss.state + "': " + miss.message);
      continue;
    }
    Divergence d;
    size_t frame = 0;
    std::string suffix;
    if (miss.has_instance) {
      frame = miss.instance.frame;
      d.event_id = rec.tree->Instance(miss.instance).event_ids.back();
    } else {
      // The frame itself, or the nearest enclosing frame the recording has (a Distributed Map's iterations
      // run as child executions, whose events are not in the parent's history).
      std::vector<std::string> location = miss.location;
      auto it = frame_of.find(location);
      while (it == frame_of.end() && !location.empty()) {
        location.pop_back();
        it = frame_of.find(location);
      }
      if (it != frame_of.end()) {
        frame = it->second;
        const Frame& f = rec.tree->frames[frame];
        d.event_id = f.event_ids.empty() ? 0 : f.event_ids.back();
      }
      if (location.size() < miss.location.size()) {
        std::string where;
        for (const std::string& part : miss.location) where += (where.empty() ? "" : "/") + part;
        suffix = " (the recording holds no events of the frame '" + where + "')";
      }
    }
    d.frame = FramePath(*rec.tree, frame);
    d.frame_description = DescribeFrame(*rec.tree, frame);
    d.state = miss.state;
    d.aspect = miss.reason == ReplayMiss::Reason::kAbortNeverCame ? "abort" : "task outcome";
    d.message = "the replay asked for attempt " + std::to_string(miss.attempt + 1) + " of '" + miss.state +
                "', but " + miss.message + suffix;
    if (miss.reason == ReplayMiss::Reason::kNoAttempt) d.actual = Json(miss.attempt + 1);
    out.divergences.push_back(std::move(d));
  }
}

ExecutionStatus ToHistoryStatus(engine::Status status) {
  switch (status) {
    case engine::Status::kSucceeded: return ExecutionStatus::kSucceeded;
    case engine::Status::kFailed: return ExecutionStatus::kFailed;
    case engine::Status::kTimedOut: return ExecutionStatus::kTimedOut;
    case engine::Status::kAborted: return ExecutionStatus::kAborted;
    case engine::Status::kRunning: return ExecutionStatus::kRunning;
  }
  return ExecutionStatus::kRunning;
}

size_t CountVisits(const FrameTree& tree) {
  size_t n = 0;
  for (const Frame& f : tree.frames) n += f.instances.size();
  return n;
}

// Takes the input known apart from the recording when the recorded input shows the same value (its
// placeholders match anything), or when the recording has none.
void UseKnownInput(const Json& known, const ValueCompareOptions& values, RecordedContext& ctx,
                   std::vector<std::string>& notes) {
  if (ctx.has_input && ctx.input == known) return;
  if (ctx.has_input && CompareValues(ctx.input, known, values).has_value()) {
    notes.push_back("the given input differs from the recorded one: the replay starts from the recorded input");
    return;
  }
  notes.push_back(ctx.has_input ? "the replay starts from the given input, which the recording shows masked"
                                : "the replay starts from the given input (the recording has none)");
  ctx.input = known;
  ctx.has_input = true;
}

}  // namespace

RecordedContext ContextOf(const ReadResult& recorded) {
  RecordedContext ctx;
  for (const Event& event : recorded.events) {
    EventRole role = RoleOf(event.type);
    if (role == EventRole::kExecutionStarted) {
      if (const Json* input = DetailValue(event, "input"); input && !event.unparsed_payloads.size()) {
        ctx.input = *input;
        ctx.has_input = true;
      }
      ctx.start_ms = event.timestamp_ms;
      ctx.role_arn = DetailString(event, "roleArn");
      std::vector<std::string> parts = SplitArn(ctx.role_arn);
      if (parts.size() >= 6 && parts[0] == "arn" && parts[2] == "iam" && !parts[4].empty()) ctx.account = parts[4];
    } else if (role == EventRole::kTaskScheduled && ctx.region.empty()) {
      ctx.region = DetailString(event, "region");
    }
  }
  if (!recorded.execution_arn.empty()) ReadExecutionArn(recorded.execution_arn, ctx);
  return ctx;
}

bool UsesNondeterminism(const model::StateMachine& machine) {
  std::string text = DumpCompact(machine.definition);
  for (const char* marker : {"States.MathRandom", "$random(", "$now(", "$millis(", "States.UUID", "$uuid("}) {
    if (text.find(marker) != std::string::npos) return true;
  }
  return false;
}

ReplayResult Replay(const ReadResult& recorded, const model::StateMachine& machine, const ReplayOptions& options) {
  ReplayResult out;
  FrameTree tree = BuildFrames(recorded.events);
  HistoryView rec{&recorded.events, &tree, PlaceFrames(tree, machine)};
  out.recorded_status = tree.execution_status;
  out.recorded_events = recorded.events.size();
  out.state_visits = CountVisits(tree);
  AddNormalisationNotes(recorded, out.notes);
  if (recorded.structure_only) {
    out.mode = ReplayMode::kStructureOnly;
    out.notes.push_back(
        "the history holds no execution data: the path it took is checked against the definition, not re-executed");
    out.divergences = CheckStructure(rec);
    SortDivergences(out.divergences, options.max_divergences);
    out.consistent = out.divergences.empty();
    out.replayed_status = out.recorded_status;
    return out;
  }
  RecordedContext ctx = ContextOf(recorded);
  ValueCompareOptions value_options;
  value_options.masked_words = recorded.normalisation.Any();
  value_options.replacements = options.replacements;
  if (options.known_input) UseKnownInput(*options.known_input, value_options, ctx, out.notes);
  if (!ctx.has_input) out.notes.push_back("the recording has no execution input: the replay starts from {}");
  RecordedTasks tasks = CollectRecordedTasks(recorded.events, tree, rec.places);
  std::optional<AbortPoint> abort_point = AbortPointOf(recorded.events, tree);
  std::unique_ptr<ReplayRun> run =
      RunOnce(tasks, rec, tree.execution_status, abort_point, machine, ctx, options, kSeed, 0);
  std::unique_ptr<ReplayRun> probe;
  if (options.probe_nondeterminism && UsesNondeterminism(machine)) {
    probe = RunOnce(tasks, rec, tree.execution_status, abort_point, machine, ctx, options, kProbeSeed,
                    kProbeShiftMs);
    out.probed = true;
  }
  HistoryView rep{&run->read.events, &run->tree, PlaceFrames(run->tree, machine)};
  std::optional<HistoryView> probe_view;
  if (probe) probe_view = HistoryView{&probe->read.events, &probe->tree, PlaceFrames(probe->tree, machine)};

  if (run->map_runs_served > 0) {
    out.notes.push_back("the outcome of " + std::to_string(run->map_runs_served) +
                        " Distributed Map Run" + (run->map_runs_served == 1 ? "" : "s") +
                        " came from the recording, which does not hold their child executions");
  }
  AddMisses(run->misses, rec, out);
  HistoryCompareOptions compare;
  compare.values = value_options;
  compare.recording_complete = tree.terminal_event_id != 0;
  compare.replay_stopped = out.stopped_early;
  compare.skip_masked_branches = recorded.normalisation.ids_masked;
  compare.max_divergences = options.max_divergences;
  std::vector<Divergence> found = CompareHistories(rec, rep, probe_view ? &*probe_view : nullptr, compare);
  out.divergences.insert(out.divergences.end(), found.begin(), found.end());
  SortDivergences(out.divergences, options.max_divergences);
  out.consistent = out.divergences.empty();
  out.replayed_status = ToHistoryStatus(run->result.status);
  out.replayed_events = run->read.events.size();
  out.tasks_served = run->served;
  out.misses = run->misses;
  out.replayed_history = std::move(run->result.events);
  return out;
}

}  // namespace sfn::history
