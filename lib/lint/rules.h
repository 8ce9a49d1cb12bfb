// The semantic rules of `sfn validate`: what no JSON Schema can say. Each function checks one family of
// rules over the whole state machine and reports through the RuleContext.
#pragma once

#include "lint/rule_context.h"

namespace sfn::lint {

void CheckGraph(RuleContext& ctx);        // transition targets, reachability, terminal states, names
void CheckChoices(RuleContext& ctx);      // Choice rule shape and operand types
void CheckErrorHandlers(RuleContext& ctx);  // Retry and Catch
void CheckFields(RuleContext& ctx);       // exclusive pairs, ranges, query-language legality
void CheckExpressions(RuleContext& ctx);  // JSONPath, reference paths, intrinsic functions, JSONata
void CheckVariables(RuleContext& ctx);    // Assign names and variable references
void CheckAdvice(RuleContext& ctx);       // warnings: likely mistakes that AWS accepts

}  // namespace sfn::lint
