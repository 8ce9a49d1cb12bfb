// Expression::FreeVariables: which variables an expression takes from its environment. The linter checks
// these against the workflow's Assigns.
#include <algorithm>
#include <set>

#include "jsonata/ast.h"
#include "jsonata/builtins.h"
#include "jsonata/jsonata.h"

namespace sfn::jsonata {

std::vector<std::string> Expression::FreeVariables() const {
  // The arena holds every node of the raw tree and of its rewritten form, so walking it sees each variable
  // reference and each binding at least once.
  std::set<std::string, std::less<>> bound;
  std::set<std::string, std::less<>> tested;
  std::vector<const Node*> references;
  auto bind = [&](const Node* n) {
    if (n != nullptr && n->type == NodeType::kVariable) bound.insert(n->str);
  };
  for (const auto& owned : program_->nodes) {
    const Node* n = owned.get();
    switch (n->type) {
      case NodeType::kVariable:
        references.push_back(n);
        break;
      case NodeType::kBind:
        bind(n->lhs);
        break;
      case NodeType::kBinary:
        if (n->op == BinaryOp::kAssign) bind(n->lhs);
        if (n->op == BinaryOp::kFocus || n->op == BinaryOp::kIndex) bind(n->rhs);
        break;
      case NodeType::kLambda:
        for (const Node* arg : n->arguments) bind(arg);
        break;
      case NodeType::kFunction:
        // $exists($v) tests whether $v is there: a guard, not a read.
        if (n->procedure != nullptr && n->procedure->type == NodeType::kVariable && n->procedure->str == "exists" &&
            n->arguments.size() == 1 && n->arguments[0]->type == NodeType::kVariable) {
          tested.insert(n->arguments[0]->str);
        }
        break;
      default:
        break;
    }
    if (n->has_focus) bound.insert(n->focus);
    if (n->has_index) bound.insert(n->index_var);
    for (const auto* stages : {&n->stages, &n->predicate}) {
      for (const Stage& stage : *stages) {
        if (stage.is_index) bound.insert(stage.index_var);
      }
    }
  }
  std::sort(references.begin(), references.end(),
            [](const Node* a, const Node* b) { return a->position < b->position; });
  std::vector<std::string> free;
  for (const Node* n : references) {
    const std::string& name = n->str;
    if (name.empty() || name == "$" || bound.count(name) || tested.count(name) || FindBuiltin(name) >= 0) continue;
    if (std::find(free.begin(), free.end(), name) == free.end()) free.push_back(name);
  }
  return free;
}

}  // namespace sfn::jsonata
