// Map: runs its ItemProcessor once per item, concurrently up to MaxConcurrency, and outputs the array of
// the iterations' outputs. Inline Maps record every iteration in the history; Distributed Maps run each
// item as a child execution (its events are not part of this history) under a Map Run, read their items
// with an ItemReader, may batch them and tolerate some failures. A Map Run whose outcome
// ExecutionOptions::map_runs knows is not run: its outcome is taken as given.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "engine/eval_env.h"
#include "engine/map_items.h"
#include "engine/state_run.h"

namespace sfn::engine::internal {
namespace {

struct Iteration {
  std::unique_ptr<Frame> frame;
  std::unique_ptr<EventLog> log;  // a child execution's own history (Distributed Map)
  FrameResult result;
  bool started = false;
  bool finished = false;
};

struct MapOutcome {
  bool aborted = false;
  bool failed = false;
  Failure failure;
  Json results = Json::array();
  int64_t last_event = 0;
};

Json IterationDetails(const std::string& name, size_t index) {
  Json d = Json::object();
  d["index"] = index;
  d["name"] = name;
  return d;
}

// True when running `scope` may wait on something outside the engine: a Task (a process or a mock), or a
// Wait on the real clock. Iterations of a scope that never does are pure computation: threads beyond
// the cores would only share them (and each brings its own heap arena), so such a Map runs its
// iterations one after another on the calling thread. The events are the same either way.
bool MayWaitOutside(const model::Scope& scope, bool virtual_time) {
  auto states = scope.AllStates();
  return std::any_of(states.begin(), states.end(), [&](const model::State* state) {
    return state->type == model::StateType::kTask || (state->type == model::StateType::kWait && !virtual_time);
  });
}

class MapRun {
 public:
  MapRun(StateRun& run, const StateData& data, const Json& items, const MapSettings& settings,
         bool distributed, int64_t started_event)
      : run_(run),
        frame_(run.frame),
        rt_(*run.frame.rt),
        data_(data),
        items_(items),
        settings_(settings),
        distributed_(distributed),
        iterations_(items.size()),
        map_cursor_(started_event) {}

  MapOutcome Run() {
    size_t n = items_.size();
    size_t concurrency = settings_.max_concurrency <= 0 ? n : static_cast<size_t>(settings_.max_concurrency);
    if (!distributed_ && concurrency > 1) {
      // AWS starts the first batch of iterations together, before any of them runs a state.
      size_t batch = std::min({concurrency, n, kFirstBatch});
      pre_started_.resize(batch);
      for (size_t i = 0; i < batch; ++i) {
        pre_started_[i] =
            frame_.EmitSide("MapIterationStarted", map_cursor_, "mapIterationStartedEventDetails",
                            IterationDetails(run_.state.name, i));
      }
    }
    const model::Scope* processor = run_.state.processor.get();
    bool computes_only = processor != nullptr && !MayWaitOutside(*processor, rt_.virtual_time);
    RunConcurrently(
        *rt_.gate, n, computes_only ? 1 : concurrency, [&](size_t i) { RunIteration(i); },
        [&] {
          std::lock_guard lock(mutex_);
          return !stopped_ && !frame_.Cancelled();
        });
    for (const auto& it : iterations_) {
      if (it.frame) frame_.now_ms = std::max(frame_.now_ms, it.frame->now_ms);
    }
    return Collect();
  }

 private:
  void RunIteration(size_t i) {
    Iteration& it = iterations_[i];
    const model::State& state = run_.state;
    int64_t previous;
    {
      std::lock_guard lock(mutex_);
      previous = map_cursor_;
      const Variables* outer = distributed_ ? nullptr : &frame_.variables;
      it.frame = std::make_unique<Frame>(&rt_, state.processor.get(), &frame_, outer);
      if (distributed_) {
        it.log = std::make_unique<EventLog>(rt_.options->max_events, false, nullptr);
        it.frame->log = it.log.get();
      }
      it.frame->location.push_back("Map:" + state.name + "#" + std::to_string(i));
      it.started = true;
    }
    Frame& child = *it.frame;
    if (i < pre_started_.size()) {
      child.cursor = pre_started_[i];
    } else if (!distributed_) {
      child.cursor = frame_.EmitSide("MapIterationStarted", previous, "mapIterationStartedEventDetails",
                                     IterationDetails(state.name, i));
    }
    FrameResult result;
    try {
      Value input(ItemInput(i));
      result = RunFrame(child, std::move(input));
    } catch (const StatesError& e) {
      result.kind = FrameResult::Kind::kFailed;
      result.failure = FailureFromError(run_, e);
      result.failure.last_event = child.cursor;
    } catch (const std::exception& e) {
      result.kind = FrameResult::Kind::kFailed;
      result.failure = FailureFromError(run_, StatesError("States.Runtime", e.what()));
      result.failure.last_event = child.cursor;
    }
    Finished(i, std::move(result));
  }

  Json ItemInput(size_t i) {
    const Json& item = items_[i];
    const model::State& state = run_.state;
    if (!state.item_selector && !state.parameters) return item;
    EvalScope scope;
    scope.rt = &rt_;
    scope.variables = &frame_.variables;
    Json context = run_.BuildContext();
    Json map_item = Json::object();
    map_item["Index"] = i;
    map_item["Value"] = item;
    context["Map"] = Json{{"Item", std::move(map_item)}};
    scope.context = &context;
    std::optional<Json> selected = run_.flow().ItemInput(data_, scope);
    return selected ? std::move(*selected) : item;
  }

  bool WithinTolerance() const {
    bool has_count = settings_.tolerated_failure_count.has_value();
    bool has_percentage = settings_.tolerated_failure_percentage.has_value();
    if (!has_count && !has_percentage) return false;
    if (has_count && failures_ <= *settings_.tolerated_failure_count) return true;
    if (has_percentage && !items_.empty()) {
      double percent = 100.0 * static_cast<double>(failures_) / static_cast<double>(items_.size());
      if (percent <= *settings_.tolerated_failure_percentage) return true;
    }
    return false;
  }

  void Finished(size_t i, FrameResult result) {
    Iteration& it = iterations_[i];
    Frame& child = *it.frame;
    const std::string& name = run_.state.name;
    std::lock_guard lock(mutex_);
    it.finished = true;
    switch (result.kind) {
      case FrameResult::Kind::kSucceeded:
        if (!distributed_) {
          last_iteration_event_ =
              frame_.EmitSide("MapIterationSucceeded", child.cursor, "mapIterationSucceededEventDetails",
                              IterationDetails(name, i));
        }
        map_cursor_ = child.cursor;
        break;
      case FrameResult::Kind::kFailed:
        if (stopped_ && !result.failure.terminal) {
          result.kind = FrameResult::Kind::kAborted;  // it ended while the Map was already failing
          break;
        }
        ++failures_;
        if (result.failure.terminal) {
          StopOthers(i);
          if (!failed_index_) failed_index_ = i;
          break;
        }
        if (distributed_ && WithinTolerance()) break;
        if (!distributed_ && WithinTolerance()) {
          frame_.EmitSide("MapIterationFailed", child.cursor, "mapIterationFailedEventDetails",
                          IterationDetails(name, i));
          map_cursor_ = child.cursor;
          break;
        }
        if (!failed_index_) {
          failed_index_ = i;
          StopOthers(i);
          if (!distributed_) {
            frame_.EmitSide("MapIterationFailed", child.cursor, "mapIterationFailedEventDetails",
                            IterationDetails(name, i));
          }
          map_cursor_ = child.cursor;
        }
        break;
      case FrameResult::Kind::kAborted:
        break;
    }
    it.result = std::move(result);
  }

  void StopOthers(size_t failing) {
    stopped_ = true;
    for (size_t j = 0; j < iterations_.size(); ++j) {
      if (j != failing && iterations_[j].frame && !iterations_[j].finished)
        iterations_[j].frame->cancel->Cancel();
    }
  }

  MapOutcome Collect() {
    MapOutcome outcome;
    outcome.last_event = last_iteration_event_ != 0 ? last_iteration_event_ : map_cursor_;
    if (failed_index_) {
      outcome.failed = true;
      Iteration& failing = iterations_[*failed_index_];
      outcome.failure = failing.result.failure;
      if (outcome.failure.terminal) return outcome;
      if (settings_.tolerated_failure_count || settings_.tolerated_failure_percentage || distributed_) {
        outcome.failure = MakeFailure("States.ExceedToleratedFailureThreshold",
                                      "The specified tolerated failure threshold was exceeded");
        outcome.failure.last_event = failing.result.failure.last_event;
      }
      if (!distributed_) EmitAborts(*failed_index_, failing.result.failure.last_event);
      return outcome;
    }
    for (size_t i = 0; i < iterations_.size(); ++i) {
      Iteration& it = iterations_[i];
      if (it.result.kind == FrameResult::Kind::kSucceeded && it.started) {
        outcome.results.push_back(std::move(it.result.output.json));
      } else if (it.result.kind == FrameResult::Kind::kFailed) {
        outcome.results.push_back(ErrorOutput(it.result.failure));
      } else {
        outcome.aborted = true;
        return outcome;
      }
    }
    return outcome;
  }

  void EmitAborts(size_t failing, int64_t previous) {
    const std::string& name = run_.state.name;
    const model::State* current = iterations_[failing].frame->current;
    if (current != nullptr && current->type == model::StateType::kTask)
      frame_.EmitSide("TaskStateAborted", previous);
    for (size_t j = 0; j < iterations_.size(); ++j) {
      const Iteration& it = iterations_[j];
      if (j == failing) continue;
      bool announced = j < pre_started_.size();  // its MapIterationStarted was emitted before it ran
      if (!(it.started && it.result.kind == FrameResult::Kind::kAborted) && !(announced && !it.started))
        continue;
      frame_.EmitSide("MapIterationAborted", previous, "mapIterationAbortedEventDetails",
                      IterationDetails(name, j));
      if (!it.started) continue;
      const model::State* state = it.frame->current;
      if (state == nullptr) continue;
      std::string_view aborted = rt_.program->Plan(*state).aborted;
      if (!aborted.empty()) frame_.EmitSide(aborted, previous);
    }
  }

  StateRun& run_;
  Frame& frame_;
  Runtime& rt_;
  const StateData& data_;
  const Json& items_;
  const MapSettings& settings_;
  bool distributed_;
  std::vector<Iteration> iterations_;
  std::mutex mutex_;
  int64_t map_cursor_;
  int64_t last_iteration_event_ = 0;
  int64_t failures_ = 0;
  bool stopped_ = false;
  std::optional<size_t> failed_index_;
  std::vector<int64_t> pre_started_;
  static constexpr size_t kFirstBatch = 40;
};

// Thrown once a Map Run failure is recorded, to leave the attempt.
struct MapRunFailed {};

int64_t ConfigInteger(const Json& config, const char* key) {
  auto it = config.find(key);
  if (it == config.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    if (!s.empty() && s.size() < 19 && s.find_first_not_of("0123456789") == std::string::npos)
      return std::stoll(s);
  }
  ThrowRuntime(std::string("The field '") + key + "' must be an integer: " + ValueText(*it));
}

// ItemReader: evaluates its Parameters/Arguments and MaxItems(Path), then reads the items.
Json ReaderItems(StateRun& run, const StateData& data, const EvalScope& scope) {
  const model::State& state = run.state;
  Json reader = state.item_reader->value;
  if (!reader.is_object()) ThrowRuntime("ItemReader must be an object");
  const DataFlow& flow = run.flow();
  for (const char* key : {"Parameters", "Arguments"}) {
    if (reader.contains(key)) reader[key] = flow.EvaluateConfig(reader[key], key, data, scope);
  }
  if (reader.contains("ReaderConfig") && reader["ReaderConfig"].is_object()) {
    Json& config = reader["ReaderConfig"];
    if (config.contains("MaxItemsPath")) {
      Json probe = Json::object();
      probe["MaxItems.$"] = config["MaxItemsPath"];
      config["MaxItems"] = flow.EvaluateConfig(probe, "MaxItemsPath", data, scope)["MaxItems"];
    } else if (config.contains("MaxItems") && state.IsJsonata()) {
      config["MaxItems"] = flow.EvaluateConfig(config["MaxItems"], "MaxItems", data, scope);
    }
    if (config.contains("MaxItems")) {
      Json& max = config["MaxItems"];
      int64_t n = ConfigInteger(config, "MaxItems");
      if (n < 0) ThrowRuntime("The MaxItems value must not be negative: " + ValueText(max));
      max = n;
    }
  }
  return ReadItems(reader, run.rt().options->read_object);
}

// ItemBatcher: groups the items into batches.
Json BatchedItems(StateRun& run, const StateData& data, const EvalScope& scope, const Json& items) {
  const Json& batcher = run.state.item_batcher->value;
  if (!batcher.is_object()) ThrowRuntime("ItemBatcher must be an object");
  const DataFlow& flow = run.flow();
  Json config = Json::object();
  for (const char* key : {"MaxItemsPerBatch", "MaxInputBytesPerBatch"}) {
    std::string path_key = std::string(key) + "Path";
    if (batcher.contains(path_key)) {
      Json probe = Json::object();
      probe[std::string(key) + ".$"] = batcher[path_key];
      config[key] = flow.EvaluateConfig(probe, path_key, data, scope)[key];
    } else if (batcher.contains(key)) {
      config[key] =
          run.state.IsJsonata() ? flow.EvaluateConfig(batcher[key], key, data, scope) : batcher[key];
    }
  }
  std::optional<Json> batch_input;
  if (batcher.contains("BatchInput"))
    batch_input = flow.EvaluateConfig(batcher["BatchInput"], "BatchInput", data, scope);
  return BatchItems(items, ConfigInteger(config, "MaxItemsPerBatch"),
                    ConfigInteger(config, "MaxInputBytesPerBatch"), batch_input ? &*batch_input : nullptr);
}

std::string MapRunArn(StateRun& run) {
  Runtime& rt = run.rt();
  std::string label = run.state.label && run.state.label->value.is_string()
                          ? run.state.label->value.get<std::string>()
                          : run.state.name;
  std::string arn = rt.state_machine_arn;
  size_t at = arn.find(":stateMachine:");
  if (at != std::string::npos) arn.replace(at, 14, ":mapRun:");
  return arn + "/" + label + ":" + rt.NewUuid();
}

// Writes a Map Run's results as ResultWriter does: SUCCEEDED_0.json and manifest.json in 'dir'.
void WriteResults(const std::filesystem::path& dir, const std::string& bucket, const std::string& folder,
                  const std::string& map_run_arn, const Json& results) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) ThrowRuntime("the ResultWriter folder '" + dir.string() + "' cannot be created: " + ec.message());
  Json entries = Json::array();
  for (const auto& r : results) {
    Json entry = Json::object();
    entry["MapRunArn"] = map_run_arn;
    entry["Output"] = DumpCompact(r);
    entry["OutputDetails"] = Json{{"Included", true}};
    entry["Status"] = "SUCCEEDED";
    entries.push_back(std::move(entry));
  }
  std::string text = DumpCompact(entries);
  std::ofstream(dir / "SUCCEEDED_0.json") << text;
  Json manifest = Json::object();
  manifest["DestinationBucket"] = bucket;
  manifest["MapRunArn"] = map_run_arn;
  manifest["ResultFiles"] =
      Json{{"FAILED", Json::array()},
           {"PENDING", Json::array()},
           {"SUCCEEDED", Json::array({Json{{"Key", folder + "/SUCCEEDED_0.json"}, {"Size", text.size()}}})}};
  std::ofstream out(dir / "manifest.json");
  out << DumpCompact(manifest);
  if (!out)
    ThrowRuntime("the ResultWriter file '" + (dir / "manifest.json").string() + "' cannot be written");
}

// ResultWriter: the output that names where the results went.
Json WriterOutput(StateRun& run, const StateData& data, const EvalScope& scope,
                  const std::string& map_run_arn, const Json& results) {
  Json writer = run.state.result_writer->value;
  Json params = Json::object();
  for (const char* key : {"Parameters", "Arguments"}) {
    if (writer.is_object() && writer.contains(key))
      params = run.flow().EvaluateConfig(writer[key], key, data, scope);
  }
  std::string bucket = params.value("Bucket", std::string());
  std::string prefix = params.value("Prefix", std::string());
  std::string id = map_run_arn.substr(map_run_arn.rfind(':') + 1);
  std::string folder = (prefix.empty() ? "" : prefix + "/") + id;
  std::string key = folder + "/manifest.json";
  const std::string& root = run.rt().options->result_writer_dir;
  if (!root.empty())
    WriteResults(std::filesystem::path(root) / bucket / folder, bucket, folder, map_run_arn, results);
  Json out = Json::object();
  out["MapRunArn"] = map_run_arn;
  out["ResultWriterDetails"] = Json{{"Bucket", bucket}, {"Key", key}};
  return out;
}

// A Map Run's outcome from ExecutionOptions::map_runs, when it knows it.
std::optional<MapOutcome> KnownMapRun(StateRun& run, int attempt) {
  const auto& source = run.rt().options->map_runs;
  if (!source) return std::nullopt;
  MapRunRequest request;
  request.state_name = run.state.name;
  request.frame = run.frame.location;
  request.attempt = attempt;
  std::optional<MapRunOutcome> known = source(request);
  if (!known) return std::nullopt;
  MapOutcome outcome;
  if (known->ok) {
    outcome.results = std::move(known->results);
  } else {
    outcome.failed = true;
    outcome.failure.error = std::move(known->error);
    outcome.failure.cause = std::move(known->cause);
  }
  outcome.last_event = run.frame.cursor;
  return outcome;
}

}  // namespace

StepResult RunMap(StateRun& run, Value input) {
  Frame& frame = run.frame;
  const DataFlow& flow = run.flow();
  const model::State& state = run.state;
  if (!state.processor) ThrowRuntime("the Map state '" + state.name + "' has no ItemProcessor");
  bool distributed = state.processor_mode == "DISTRIBUTED";
  StateData data;
  data.input = std::move(input.json);
  {
    EvalScope scope = run.Scope();
    flow.ApplyInputPath(data, scope);
    Inspect(run, &Inspection::after_input_path, data.Effective());
  }
  ErrorHandling handling(run);
  for (int attempt = 0;; ++attempt) {
    run.retry_count = attempt;
    run.ResetContext();
    Failure failure;
    try {
      EvalScope scope = run.Scope();
      Json items = state.item_reader ? Json::array() : flow.Items(data, scope);
      if (!items.is_array()) {
        if (state.items_path.present && !state.items_path.is_null) {
          std::string path = state.items_path.path;
          if (path.starts_with("$$")) path.erase(0, 1);  // AWS names a context path from its own root
          ThrowRuntime("Reference path \"" + path + "\" must point to array.");
        }
        ThrowRuntime("Map state input must be an array but was: " + ValueText(items));
      }
      if (!state.item_reader) Inspect(run, &Inspection::after_items_path, items);
      MapSettings settings;
      settings.max_concurrency = flow.MaxConcurrency(data, scope);
      if (Inspection* in = run.inspect()) in->max_concurrency = settings.max_concurrency;
      if (state.item_batcher && !state.item_reader) items = BatchedItems(run, data, scope, items);
      Json started_details = Json::object();
      started_details["length"] = state.item_reader ? 0 : items.size();
      int64_t started =
          frame.Emit("MapStateStarted", "mapStateStartedEventDetails", std::move(started_details));
      if (started == 0) return AbortStep();
      flow.ToleratedFailures(data, scope, settings);
      if (Inspection* in = run.inspect()) {
        in->tolerated_failure_count = settings.tolerated_failure_count;
        in->tolerated_failure_percentage = settings.tolerated_failure_percentage;
      }
      std::string map_run_arn;
      int64_t run_started = 0;
      if (distributed) {
        map_run_arn = MapRunArn(run);
        run_started =
            frame.Emit("MapRunStarted", "mapRunStartedEventDetails", Json{{"mapRunArn", map_run_arn}});
      }
      TestHooks* mock = run.mock();
      std::optional<MapOutcome> known;
      if (distributed && mock == nullptr) known = KnownMapRun(run, attempt);
      if (state.item_reader && mock == nullptr && !known) {
        // The Map Run reads the items: a reader failure fails the Map Run.
        try {
          items = ReaderItems(run, data, scope);
          if (state.item_batcher) items = BatchedItems(run, data, scope, items);
        } catch (const StatesError& e) {
          if (e.error == "States.Runtime" || !distributed) throw;
          failure = MakeFailure(e.error, e.cause);
          Json d = Json::object();
          d["error"] = e.error;
          d["cause"] = e.cause;
          frame.Emit("MapRunFailed", "mapRunFailedEventDetails", std::move(d));
          failure.last_event = frame.cursor;
          throw MapRunFailed{};
        }
      }
      MapOutcome outcome;
      if (known) {
        outcome = std::move(*known);
      } else if (mock != nullptr) {
        if (mock->mock_result) {
          outcome.results = *mock->mock_result;
        } else {
          outcome.failed = true;
          outcome.failure = *mock->mock_error;
        }
        outcome.last_event = frame.cursor;
      } else {
        MapRun map_run(run, data, items, settings, distributed, distributed ? run_started : started);
        outcome = map_run.Run();
      }
      if (frame.Cancelled() || outcome.aborted) return AbortStep();
      if (!outcome.failed) {
        if (distributed) {
          int64_t done = frame.Emit("MapRunSucceeded");
          frame.EmitSide("MapStateSucceeded", done);
          frame.cursor = run_started;
        } else {
          frame.EmitSide("MapStateSucceeded", outcome.last_event);
          frame.cursor = outcome.last_event;
        }
        Json result = state.result_writer ? WriterOutput(run, data, scope, map_run_arn, outcome.results)
                                          : std::move(outcome.results);
        return FinishWithResult(run, data, std::move(result), scope);
      }
      failure = std::move(outcome.failure);
      if (failure.terminal) {
        frame.cursor = failure.last_event;
        return FailStep(run, std::move(failure));
      }
      if (distributed) {
        Json d = Json::object();
        if (failure.error) d["error"] = *failure.error;
        if (failure.cause) d["cause"] = *failure.cause;
        frame.Emit("MapRunFailed", "mapRunFailedEventDetails", std::move(d));
      } else {
        frame.cursor = failure.last_event;
      }
    } catch (const MapRunFailed&) {
      // 'failure' holds the reader's error, already recorded by MapRunFailed.
    } catch (const StatesError& e) {
      failure = FailureFromError(run, e);
      if (failure.terminal) return FailStep(run, std::move(failure));
    }
    if (auto end = RetryOrCatch(run, handling, failure, "MapStateFailed", data.input)) return std::move(*end);
  }
}

}  // namespace sfn::engine::internal
