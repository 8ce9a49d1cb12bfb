// Choice rules in readable form, for edge labels: `$.x == 1`, `$.kind matches "*.log"`, `$.t is present`,
// `not ($.x is null)`, `$.a == 1 and ($.b > 2 or $.c != "z")`. And binds tighter than or, so parentheses
// appear only where they are needed; a Not over an equality reads as `!=`. A JSONata Condition shows its
// expression without the "{% %}" framing.
#pragma once

#include <cstddef>
#include <string>

#include "model/state_machine.h"
#include "render/text.h"

namespace sfn::render {

// The rule as text, without truncation. Rules nested deeper than a fixed limit show as "…".
std::string ChoiceText(const model::ChoiceRule& rule);

// The label of the edge for top-level rule `index` (0-based): "#1 $.x == 1", truncated to `width`.
std::string ChoiceLabel(const model::ChoiceRule& rule, size_t index, size_t width = kDefaultLabelWidth);

}  // namespace sfn::render
