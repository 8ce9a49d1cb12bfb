// The syntax tree of a compiled JSONata expression.
//
// The parser builds a raw tree of operators, then a second pass rewrites it into the evaluated form: paths
// of steps, predicates and index bindings as step stages, group-by and order-by attached to steps, parent
// (%) references resolved to ancestor slots, and tail calls wrapped as thunks. Nodes live in the
// Program's arena and are never changed after compilation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"

namespace sfn::jsonata {

class Regex;
struct Signature;

enum class NodeType : uint8_t {
  kPath,
  kBinary,
  kUnary,  // raw only: '-', '[', '{'
  kNegate,
  kArrayCons,
  kObjectCons,
  kName,
  kString,
  kNumber,
  kValue,  // true, false, null
  kWildcard,
  kDescendant,
  kParent,
  kCondition,
  kBlock,
  kBind,
  kRegex,
  kFunction,
  kPartial,
  kVariable,
  kLambda,
  kApply,
  kTransform,
  kSort,
  kPlaceholder,  // '?' in a partial application
  kOperator,     // raw only: an operator token used as an operand
  kEnd,          // raw only
};

enum class BinaryOp : uint8_t {
  kNone,
  kDot,
  kPredicate,
  kGroup,
  kOrderBy,
  kAssign,
  kFocus,
  kIndex,
  kApply,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kConcat,
  kAnd,
  kOr,
  kIn,
  kRange,
};

struct Node;

inline constexpr int kUnresolvedBuiltin = -2;

struct Slot {
  std::string label;
  int level = 1;
  int index = 0;
};

struct Stage {
  bool is_index = false;  // false: a filter
  Node* expr = nullptr;
  std::string index_var;
  int64_t position = 0;
};

struct SortTerm {
  Node* expr = nullptr;
  bool descending = false;
};

struct GroupSpec {
  std::vector<std::pair<Node*, Node*>> pairs;
  int64_t position = 0;
};

struct Node {
  NodeType type = NodeType::kEnd;
  BinaryOp op = BinaryOp::kNone;
  std::string op_text;  // operator token text ("+", "[", ...)
  int64_t position = 0;
  std::string str;   // name, variable name, string literal
  Json literal;      // string, number and value literals, borrowed at run time
  double number = 0;

  Node* lhs = nullptr;
  Node* rhs = nullptr;
  Node* expression = nullptr;
  Node* procedure = nullptr;
  Node* body = nullptr;
  Node* condition = nullptr;
  Node* then_branch = nullptr;
  Node* else_branch = nullptr;
  Node* pattern = nullptr;
  Node* update = nullptr;
  Node* deletion = nullptr;
  std::vector<Node*> steps;
  std::vector<Node*> expressions;
  std::vector<Node*> arguments;
  std::vector<std::pair<Node*, Node*>> pairs;  // object constructor
  std::vector<SortTerm> sort_terms;
  std::vector<Stage> predicate;
  std::vector<Stage> stages;
  std::unique_ptr<GroupSpec> group;

  bool keep_array = false;
  bool keep_singleton_array = false;
  bool consarray = false;
  bool tuple = false;
  bool thunk = false;
  bool has_focus = false;
  bool has_index = false;
  std::string focus;
  std::string index_var;
  Slot* ancestor = nullptr;
  Slot* slot = nullptr;
  bool has_seeking_parent = false;
  std::vector<Slot*> seeking_parent;

  std::shared_ptr<const Signature> signature;
  std::shared_ptr<const Regex> regex;
  int builtin = kUnresolvedBuiltin;  // variables: index of the built-in function of that name, or -1
  int height = 1;    // raw tree height, bounded by the parser
};

// A compiled expression: the arena of nodes and the root.
struct Program {
  std::string source;
  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<std::unique_ptr<Slot>> slots;
  Node* root = nullptr;

  Node* NewNode(NodeType type, int64_t position) {
    nodes.push_back(std::make_unique<Node>());
    nodes.back()->type = type;
    nodes.back()->position = position;
    return nodes.back().get();
  }
};

}  // namespace sfn::jsonata
