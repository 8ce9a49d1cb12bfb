#include "model/transitions.h"

namespace sfn::model {

std::vector<Transition> TransitionsOf(const State& state) {
  std::vector<Transition> out;
  if (state.next) out.push_back({Transition::Kind::kNext, *state.next, AppendPointer(state.pointer, "Next"), 0});
  for (size_t i = 0; i < state.choices.size(); ++i) {
    const ChoiceRule& rule = state.choices[i];
    if (!rule.next.empty()) {
      out.push_back({Transition::Kind::kChoice, rule.next, AppendPointer(rule.pointer, "Next"), i});
    }
  }
  if (state.default_next) {
    out.push_back({Transition::Kind::kDefault, *state.default_next, AppendPointer(state.pointer, "Default"), 0});
  }
  for (size_t i = 0; i < state.catches.size(); ++i) {
    const Catcher& c = state.catches[i];
    if (!c.next.empty()) out.push_back({Transition::Kind::kCatch, c.next, AppendPointer(c.pointer, "Next"), i});
  }
  return out;
}

}  // namespace sfn::model
