#include <deque>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "common/edit_distance.h"
#include "lint/rules.h"
#include "model/transitions.h"

namespace sfn::lint {
namespace {

using model::Scope;
using model::State;
using model::StateType;
using model::Transition;

constexpr size_t kMaxStateNameLength = 80;

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string_view FieldName(Transition::Kind kind) {
  switch (kind) {
    case Transition::Kind::kNext:
      return "Next";
    case Transition::Kind::kChoice:
      return "Choice rule 'Next'";
    case Transition::Kind::kDefault:
      return "Default";
    case Transition::Kind::kCatch:
      return "Catch 'Next'";
  }
  return "Next";
}

std::vector<std::string> NamesIn(const Scope& scope) {
  std::vector<std::string> names;
  for (const auto& s : scope.states) names.push_back(s->name);
  return names;
}

class GraphChecker {
 public:
  GraphChecker(RuleContext& ctx) : ctx_(ctx) {
    for (const State* s : ctx.Machine().AllStates()) owner_scope_.emplace(s->name, s->scope);
  }

  void CheckScope(const Scope& scope);
  void CheckNames();

 private:
  void CheckTarget(const Scope& scope, std::string_view target, std::string_view what,
                   const std::function<std::string()>& pointer);
  void CheckEndAndNext(const State& state);
  void CheckReachability(const Scope& scope);

  RuleContext& ctx_;
  std::unordered_multimap<std::string, const Scope*> owner_scope_;
};

std::string ScopeDescription(const Scope& scope) {
  if (!scope.owner) return "the top level";
  if (scope.owner->type == StateType::kParallel) {
    return "branch " + std::to_string(scope.branch_index) + " of Parallel state '" + scope.owner->name + "'";
  }
  return "the processor of Map state '" + scope.owner->name + "'";
}

void GraphChecker::CheckTarget(const Scope& scope, std::string_view target_view, std::string_view what,
                               const std::function<std::string()>& pointer) {
  if (scope.Find(target_view)) return;
  std::string target(target_view);
  auto [first, last] = owner_scope_.equal_range(target);
  if (first != last) {
    ctx_.Report("SFN202", pointer(),
                "'" + std::string(what) + "' names '" + target + "', which is in " + ScopeDescription(*first->second) +
                    ", not in " + ScopeDescription(scope));
    ctx_.AddNote("a transition cannot leave or enter a Parallel branch or a Map processor");
    return;
  }
  ctx_.Report(what == "StartAt" ? "SFN207" : "SFN201", pointer(),
              "'" + std::string(what) + "' names '" + target + "', which is not a state in " + ScopeDescription(scope));
  if (auto suggestion = ClosestMatch(target, NamesIn(scope))) ctx_.AddNote("did you mean '" + *suggestion + "'?");
}

void GraphChecker::CheckEndAndNext(const State& state) {
  bool has_next = state.RawField("Next") != nullptr;
  const Json* end = state.RawField("End");
  bool has_end = end != nullptr;
  switch (state.type) {
    case StateType::kChoice:
    case StateType::kSucceed:
    case StateType::kFail:
      if (has_next) {
        ctx_.Report("SFN507", AppendPointer(state.pointer, "Next"),
                    std::string(StateTypeName(state.type)) + " state '" + state.name + "' cannot have 'Next'", true);
      }
      if (has_end) {
        ctx_.Report("SFN507", AppendPointer(state.pointer, "End"),
                    std::string(StateTypeName(state.type)) + " state '" + state.name + "' cannot have 'End'", true);
      }
      return;
    case StateType::kUnknown:
      return;
    default:
      break;
  }
  if (has_next && has_end) {
    ctx_.Report("SFN205", AppendPointer(state.pointer, "End"),
                "state '" + state.name + "' has both 'End' and 'Next'", true);
  } else if (!has_next && !has_end) {
    ctx_.Report("SFN206", state.pointer, "state '" + state.name + "' has neither 'Next' nor 'End'", true);
  } else if (has_end && end->is_boolean() && !end->get<bool>()) {
    ctx_.Report("SFN206", AppendPointer(state.pointer, "End"),
                "state '" + state.name + "' has 'End': false and no 'Next'", true);
  }
}

void GraphChecker::CheckReachability(const Scope& scope) {
  const State* start = scope.Start();
  if (!start) return;
  std::unordered_set<const State*> seen = {start};
  std::deque<const State*> queue = {start};
  while (!queue.empty()) {
    const State* s = queue.front();
    queue.pop_front();
    for (const auto& t : model::TransitionsOf(*s)) {
      const State* target = scope.Find(t.target);
      if (target && seen.insert(target).second) queue.push_back(target);
    }
  }
  for (const auto& s : scope.states) {
    if (!seen.count(s.get())) {
      ctx_.Report("SFN203", s->pointer, "state '" + s->name + "' is unreachable from '" + scope.start_at + "'", true);
    }
  }
}

void GraphChecker::CheckScope(const Scope& scope) {
  const Json* scope_json = nullptr;
  if (scope.owner == nullptr) scope_json = &ctx_.Machine().definition;
  auto states_pointer = AppendPointer(scope.pointer, "States");
  if (scope.states.empty()) {
    if (!scope_json || (scope_json->is_object() && scope_json->contains("States"))) {
      ctx_.Report("SFN210", states_pointer, "'States' is empty in " + ScopeDescription(scope));
    }
    return;
  }
  if (!scope.start_at.empty()) {
    CheckTarget(scope, scope.start_at, "StartAt", [&] { return scope.start_at_pointer; });
  }
  bool has_terminal = false;
  for (const auto& state : scope.states) {
    CheckEndAndNext(*state);
    if (state->IsTerminal()) has_terminal = true;
    for (const auto& t : model::TransitionsOf(*state)) {
      CheckTarget(scope, t.target, FieldName(t.kind), [&] { return t.Pointer(); });
    }
    for (const auto& branch : state->branches) CheckScope(*branch);
    if (state->processor) CheckScope(*state->processor);
  }
  if (!has_terminal) {
    ctx_.Report("SFN204", states_pointer,
                "no state in " + ScopeDescription(scope) + " ends the execution (no 'End': true, Succeed or Fail)", true);
  }
  CheckReachability(scope);
}

void GraphChecker::CheckNames() {
  std::unordered_map<std::string, const State*> first_seen;
  for (const State* s : ctx_.Machine().AllStates()) {
    if (CountCodePoints(s->name) > kMaxStateNameLength) {
      ctx_.Report("SFN208", s->pointer,
                  "state name is " + std::to_string(CountCodePoints(s->name)) + " characters long; the limit is " +
                      std::to_string(kMaxStateNameLength),
                  true);
    }
    auto [it, inserted] = first_seen.emplace(s->name, s);
    if (!inserted) {
      ctx_.Report("SFN209", s->pointer, "state name '" + s->name + "' is already used at " + it->second->pointer, true);
      ctx_.AddNote("state names must be unique across the whole state machine, branches and processors included");
    }
  }
}

}  // namespace

void CheckGraph(RuleContext& ctx) {
  GraphChecker checker(ctx);
  checker.CheckScope(ctx.Machine().top);
  checker.CheckNames();
}

}  // namespace sfn::lint
