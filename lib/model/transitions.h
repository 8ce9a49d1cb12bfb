// Transitions: the edges of a state machine's graph, as the definition states them. Lint checks their
// targets and reachability, render draws them, and the engine follows the same names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/state_machine.h"

namespace sfn::model {

// Views into the State it was taken from: valid while that State lives. Lint walks every transition of
// every state twice, so nothing is copied until a finding needs the pointer.
struct Transition {
  enum class Kind { kNext, kChoice, kDefault, kCatch };
  Kind kind = Kind::kNext;
  std::string_view target;
  std::string_view holder;  // pointer of the object that holds the field: the state, Choice rule or Catch entry
  size_t index = 0;         // the Choice rule or Catch entry

  std::string_view Field() const { return kind == Kind::kDefault ? "Default" : "Next"; }
  std::string Pointer() const { return AppendPointer(holder, Field()); }  // of the naming field
};

std::vector<Transition> TransitionsOf(const State& state);

}  // namespace sfn::model
