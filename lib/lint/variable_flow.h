// VariableFlow: which workflow variables a state can read, and which are certainly assigned when it starts.
//
// A variable is visible in a scope when an Assign of that scope or of an enclosing one sets it. It is
// certain at a state when every path from its scope's StartAt to the state passes an Assign of it (or it
// was certain when the enclosing Parallel or Map state started). Edges carry what they assign: a state's
// own Assign on 'Next' and 'Default', a Choice rule's Assign (with the Choice state's) on that rule's
// 'Next', and only the catcher's Assign on a Catch 'Next', since a state that failed assigns nothing
// itself. States that no path reaches count every variable as certain: they are reported as unreachable
// instead.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/state_machine.h"

namespace sfn::lint {

class VariableFlow {
 public:
  explicit VariableFlow(const model::StateMachine& machine);

  // True when an Assign in the state's scope or an enclosing one sets `name`.
  bool Visible(const model::State& state, std::string_view name) const;
  // True when `name` is assigned on every path that reaches `state`. Names that nothing assigns are
  // never certain.
  bool Certain(const model::State& state, std::string_view name) const;

 private:
  using Bits = std::vector<uint64_t>;
  void AnalyzeScope(const model::Scope& scope, const Bits& inherited, const Bits& outer_visible);
  void AddAssigned(const model::OptionalField& assign, Bits& bits) const;
  bool Has(const Bits& bits, std::string_view name) const;

  std::unordered_map<std::string, size_t, model::NameHash, std::equal_to<>> index_;  // name -> bit
  size_t words_ = 0;
  std::unordered_map<const model::Scope*, Bits> visible_;
  std::unordered_map<const model::State*, Bits> in_;
};

}  // namespace sfn::lint
