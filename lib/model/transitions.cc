#include "model/transitions.h"

namespace sfn::model {

std::vector<Transition> TransitionsOf(const State& state) {
  std::vector<Transition> out;
  out.reserve(1 + state.choices.size() + state.catches.size());
  if (state.next) out.push_back({Transition::Kind::kNext, *state.next, state.pointer, 0});
  for (size_t i = 0; i < state.choices.size(); ++i) {
    const ChoiceRule& rule = state.choices[i];
    if (!rule.next.empty()) out.push_back({Transition::Kind::kChoice, rule.next, rule.pointer, i});
  }
  if (state.default_next) out.push_back({Transition::Kind::kDefault, *state.default_next, state.pointer, 0});
  for (size_t i = 0; i < state.catches.size(); ++i) {
    const Catcher& c = state.catches[i];
    if (!c.next.empty()) out.push_back({Transition::Kind::kCatch, c.next, c.pointer, i});
  }
  return out;
}

}  // namespace sfn::model
