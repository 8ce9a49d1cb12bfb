#include "history/replay_map_runs.h"

#include "path/reference_path.h"

namespace sfn::history {
namespace {

bool HoldsTask(const model::Scope& scope) {
  for (const auto& state : scope.states) {
    if (state->type == model::StateType::kTask) return true;
    for (const auto& branch : state->branches) {
      if (HoldsTask(*branch)) return true;
    }
    if (state->processor && HoldsTask(*state->processor)) return true;
  }
  return false;
}

// The node a ResultPath designates in a state's output, or nullptr.
const Json* AtResultPath(const Json& output, const std::string& text) {
  std::optional<path::ReferencePath> result_path;
  try {
    result_path = path::ReferencePath::Parse(text);
  } catch (const std::exception&) {
    return nullptr;
  }
  if (result_path->root() != path::PathRoot::kInput) return nullptr;
  const Json* at = &output;
  for (const path::ReferencePath::Step& step : result_path->steps()) {
    if (step.is_index) {
      if (!at->is_array() || step.index < 0 || static_cast<size_t>(step.index) >= at->size()) return nullptr;
      at = &(*at)[static_cast<size_t>(step.index)];
    } else {
      if (!at->is_object()) return nullptr;
      auto it = at->find(step.name);
      if (it == at->end()) return nullptr;
      at = &*it;
    }
  }
  return at;
}

// The children's outputs as a Map state's output shows them unchanged, or nullopt.
std::optional<Json> ResultsIn(const model::State& state, const Json& output) {
  if (state.result_selector || state.result_writer || state.assign) return std::nullopt;
  if (state.IsJsonata()) {
    if (state.output) return std::nullopt;
    return output;
  }
  const model::PathField& output_path = state.output_path;
  if (output_path.present && (output_path.is_null || output_path.path != "$")) return std::nullopt;
  const model::PathField& result_path = state.result_path;
  if (!result_path.present) return output;
  if (result_path.is_null) return Json::array();  // dropped: any value does
  const Json* at = AtResultPath(output, result_path.path);
  if (at == nullptr) return std::nullopt;
  return *at;
}

std::optional<std::string> TextOf(const Event& event, std::string_view field) {
  const Json* value = DetailValue(event, field);
  if (value == nullptr || value->is_null()) return std::nullopt;
  return value->is_string() ? value->get<std::string>() : DumpCompact(*value);
}

}  // namespace

RecordedMapRuns::RecordedMapRuns(const std::vector<Event>& events, const FrameTree& tree,
                                 const std::vector<FramePlace>& places) {
  for (size_t f = 0; f < tree.frames.size() && f < places.size(); ++f) {
    if (places[f].scope == nullptr) continue;
    for (const StateInstance& inst : tree.frames[f].instances) {
      const model::State* state = places[f].scope->Find(inst.name);
      if (state == nullptr || state->type != model::StateType::kMap || state->processor_mode != "DISTRIBUTED" ||
          !state->processor || !HoldsTask(*state->processor)) {
        continue;
      }
      std::vector<Run> runs;
      for (int64_t id : inst.event_ids) {
        std::optional<size_t> pos = tree.PositionOf(id);
        if (!pos) continue;
        const Event& event = events[*pos];
        EventRole role = RoleOf(event.type);
        if (role == EventRole::kMapRunStarted) {
          runs.emplace_back();  // unknown until its outcome
        } else if (role == EventRole::kMapRunSucceeded && !runs.empty() && inst.output) {
          std::optional<Json> results = ResultsIn(*state, *inst.output);
          if (!results) continue;
          engine::MapRunOutcome outcome;
          outcome.ok = true;
          outcome.results = std::move(*results);
          runs.back() = std::move(outcome);
        } else if (role == EventRole::kMapRunFailed && !runs.empty()) {
          engine::MapRunOutcome outcome;
          outcome.error = TextOf(event, "error");
          outcome.cause = TextOf(event, "cause");
          runs.back() = std::move(outcome);
        }
      }
      visits_[TaskKey{places[f].location, inst.name}].push_back(std::move(runs));
    }
  }
}

std::optional<engine::MapRunOutcome> RecordedMapRuns::Next(const engine::MapRunRequest& request) {
  std::lock_guard lock(mutex_);
  TaskKey key{request.frame, request.state_name};
  auto found = visits_.find(key);
  if (found == visits_.end()) return std::nullopt;
  Cursor& cursor = cursors_[key];
  if (request.attempt == 0 || cursor.current == nullptr) {
    cursor.current = cursor.next_visit < found->second.size() ? &found->second[cursor.next_visit++] : nullptr;
  }
  if (cursor.current == nullptr || request.attempt < 0 ||
      static_cast<size_t>(request.attempt) >= cursor.current->size()) {
    return std::nullopt;
  }
  const Run& run = (*cursor.current)[static_cast<size_t>(request.attempt)];
  if (run) ++served_;
  return run;
}

size_t RecordedMapRuns::served() const {
  std::lock_guard lock(mutex_);
  return served_;
}

}  // namespace sfn::history
