#include "lint/variable_flow.h"

#include "model/transitions.h"

namespace sfn::lint {
namespace {

void ForEachAssigned(const model::OptionalField& assign, auto&& f) {
  if (!assign || !assign->value.is_object()) return;
  for (const auto& [key, value] : assign->value.get_ref<const Json::object_t&>()) f(model::FieldNameOf(key));
}

}  // namespace

VariableFlow::VariableFlow(const model::StateMachine& machine) {
  auto add = [&](std::string_view name) { index_.try_emplace(std::string(name), index_.size()); };
  for (const model::State* s : machine.AllStates()) {
    for (const model::OptionalField* assign : s->Assigns()) ForEachAssigned(*assign, add);
  }
  if (index_.empty()) return;  // nothing to track: no variable is visible or certain anywhere
  words_ = (index_.size() + 63) / 64;
  AnalyzeScope(machine.top, Bits(words_, 0), Bits(words_, 0));
}

void VariableFlow::AddAssigned(const model::OptionalField& assign, Bits& bits) const {
  ForEachAssigned(assign, [&](std::string_view name) {
    size_t bit = index_.find(name)->second;
    bits[bit / 64] |= uint64_t{1} << (bit % 64);
  });
}

void VariableFlow::AnalyzeScope(const model::Scope& scope, const Bits& inherited, const Bits& outer_visible) {
  Bits& visible = visible_[&scope] = outer_visible;
  for (const auto& s : scope.states) {
    for (const model::OptionalField* assign : s->Assigns()) AddAssigned(*assign, visible);
  }
  // A must-analysis: every state starts at "all assigned" and only loses bits, so the iteration ends.
  const Bits all(words_, ~uint64_t{0});
  for (const auto& s : scope.states) in_[s.get()] = all;
  if (const model::State* start = scope.Start()) {
    in_[start] = inherited;
    std::vector<const model::State*> work = {start};
    std::unordered_map<const model::State*, bool> queued = {{start, true}};
    Bits out(words_);
    while (!work.empty()) {
      const model::State* s = work.back();
      work.pop_back();
      queued[s] = false;
      for (const model::Transition& t : model::TransitionsOf(*s)) {
        const model::State* target = scope.Find(t.target);
        if (target == nullptr) continue;
        out = in_[s];
        if (t.kind == model::Transition::Kind::kCatch) {
          AddAssigned(s->catches[t.index].assign, out);
        } else {
          AddAssigned(s->assign, out);
          if (t.kind == model::Transition::Kind::kChoice) AddAssigned(s->choices[t.index].assign, out);
        }
        Bits& in = in_[target];
        bool changed = false;
        for (size_t w = 0; w < words_; ++w) {
          uint64_t narrowed = in[w] & out[w];
          changed |= narrowed != in[w];
          in[w] = narrowed;
        }
        if (changed && !queued[target]) {
          queued[target] = true;
          work.push_back(target);
        }
      }
    }
  }
  // Nested scopes start with what was certain when their Parallel or Map state started.
  for (const auto& s : scope.states) {
    for (const auto& branch : s->branches) AnalyzeScope(*branch, in_[s.get()], visible);
    if (s->processor) AnalyzeScope(*s->processor, in_[s.get()], visible);
  }
}

bool VariableFlow::Has(const Bits& bits, std::string_view name) const {
  auto bit = index_.find(name);
  return bit != index_.end() && ((bits[bit->second / 64] >> (bit->second % 64)) & 1);
}

bool VariableFlow::Visible(const model::State& state, std::string_view name) const {
  auto visible = visible_.find(state.scope);
  return visible != visible_.end() && Has(visible->second, name);
}

bool VariableFlow::Certain(const model::State& state, std::string_view name) const {
  auto in = in_.find(&state);
  return in != in_.end() && Has(in->second, name);
}

}  // namespace sfn::lint
