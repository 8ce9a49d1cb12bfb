#include "lint/assigned_before.h"

#include "model/transitions.h"

namespace sfn::lint {
namespace {

std::string_view VariableOf(std::string_view key) {
  return key.size() > 2 && key.substr(key.size() - 2) == ".$" ? key.substr(0, key.size() - 2) : key;
}

void ForEachAssigned(const model::OptionalField& assign, auto&& f) {
  if (!assign || !assign->value.is_object()) return;
  for (const auto& [key, value] : assign->value.get_ref<const Json::object_t&>()) f(VariableOf(key));
}

}  // namespace

AssignedBefore::AssignedBefore(const model::StateMachine& machine) {
  std::vector<const model::State*> states = machine.AllStates();
  auto add = [&](std::string_view name) { index_.try_emplace(std::string(name), index_.size()); };
  for (const model::State* s : states) {
    ForEachAssigned(s->assign, add);
    for (const auto& c : s->catches) ForEachAssigned(c.assign, add);
    for (const auto& r : s->choices) ForEachAssigned(r.assign, add);
  }
  if (index_.empty()) return;  // nothing to track: no variable is ever certain
  words_ = (index_.size() + 63) / 64;
  AnalyzeScope(machine.top, Bits(words_, 0));
}

void AssignedBefore::AddAssigned(const model::OptionalField& assign, Bits& bits) const {
  ForEachAssigned(assign, [&](std::string_view name) {
    size_t bit = index_.find(name)->second;
    bits[bit / 64] |= uint64_t{1} << (bit % 64);
  });
}

void AssignedBefore::AnalyzeScope(const model::Scope& scope, const Bits& inherited) {
  const model::State* start = scope.Start();
  if (start == nullptr) return;
  // A must-analysis: every state starts at "all assigned" and only loses bits, so the iteration ends.
  const Bits all(words_, ~uint64_t{0});
  for (const auto& s : scope.states) in_[s.get()] = all;
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
  // Nested scopes start with what was certain when their Parallel or Map state started.
  for (const auto& s : scope.states) {
    for (const auto& branch : s->branches) AnalyzeScope(*branch, in_[s.get()]);
    if (s->processor) AnalyzeScope(*s->processor, in_[s.get()]);
  }
}

bool AssignedBefore::Certain(const model::State& state, std::string_view name) const {
  auto bit = index_.find(name);
  if (bit == index_.end()) return false;
  auto in = in_.find(&state);
  if (in == in_.end()) return true;  // in a scope with no start: nothing to say
  return (in->second[bit->second / 64] >> (bit->second % 64)) & 1;
}

}  // namespace sfn::lint
