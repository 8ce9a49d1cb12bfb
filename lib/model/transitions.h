// Transitions: the edges of a state machine's graph, as the definition states them. Lint checks their
// targets and reachability, render draws them, and the engine follows the same names.
#pragma once

#include <string>
#include <vector>

#include "model/state_machine.h"

namespace sfn::model {

struct Transition {
  enum class Kind { kNext, kChoice, kDefault, kCatch };
  Kind kind = Kind::kNext;
  std::string target;
  std::string pointer;   // of the field that names the target
  size_t index = 0;      // the Choice rule or Catch entry
};

std::vector<Transition> TransitionsOf(const State& state);

}  // namespace sfn::model
