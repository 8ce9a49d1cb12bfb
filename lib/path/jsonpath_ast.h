// The syntax tree of a compiled JSONPath, in Jayway's dialect (internal to the path area).
//
// A path is a root followed by steps. Jayway calls a step "definite" when it selects at most one
// node (one name, one index, several names at the end of the path, a function); a path is
// definite when all its steps are. A script index '[(@.length-1)]' (from Jayway's older grammar,
// which AWS still accepts) is definite too. Filters hold an expression tree whose operands are
// literals, regular expressions or nested paths rooted at '@' (the current item) or '$' (the
// document).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "path/regex.h"

namespace sfn::path::internal {

struct FilterExpr;

enum class StepKind { kProperty, kIndex, kSlice, kWildcard, kScan, kFilter, kFunction, kScript };

struct Step {
  StepKind kind = StepKind::kProperty;
  size_t offset = 0;                         // where the step starts in the path text
  std::vector<std::string> names;            // kProperty: one or more names; kFunction: the name
  std::vector<int32_t> indexes;              // kIndex
  std::optional<int32_t> from;               // kSlice
  std::optional<int32_t> to;                 // kSlice
  std::shared_ptr<const FilterExpr> filter;  // kFilter
  std::string source;                        // kFilter, kScript: the expression text, for rendering
  std::optional<int64_t> length_offset;      // kScript '@.length-N': -N; empty for any other script
};

enum class RootKind { kInput, kContext, kVariable, kCurrent };

struct PathAst {
  RootKind root = RootKind::kInput;
  std::string variable;  // kVariable: the name after '$'
  std::vector<Step> steps;
  std::vector<bool> token_definite;     // per step
  std::vector<bool> upstream_definite;  // per step: every step before it is definite
  bool definite = true;
  // The first bare word compared in a filter ('@.k == FooBar'), read only in intrinsic function
  // arguments: AWS saves such a call, but Jayway cannot compile the filter when it runs.
  std::string bare_word;
};

// Fills the definiteness vectors of a parsed path.
void ComputeDefiniteness(PathAst& ast);

// Jayway's rendering of the steps [0, count), e.g. "$['a'][0]".
std::string RenderSteps(const PathAst& ast, size_t count);

enum class RelOp {
  kEq,
  kNe,
  kStrictEq,
  kStrictNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kRegex,
  kIn,
  kNin,
  kSubsetOf,
  kAnyOf,
  kNoneOf,
  kSize,
  kEmpty,
  kContains
};

struct Operand {
  enum class Kind { kPath, kLiteral, kPattern, kBareWord };
  Kind kind = Kind::kLiteral;
  std::shared_ptr<const PathAst> path;   // kPath: root kCurrent ('@') or kInput ('$')
  Json literal;                          // kLiteral; kBareWord: the word, as a string
  std::shared_ptr<const Regex> pattern;  // kPattern
  std::string pattern_source;            // kPattern, for rendering
};

struct FilterExpr {
  enum class Kind { kOr, kAnd, kNot, kRelation, kExists };
  Kind kind = Kind::kRelation;
  std::vector<std::shared_ptr<const FilterExpr>> children;  // kOr, kAnd (2 or more), kNot (1)
  Operand left;                                             // kRelation, kExists (a path)
  Operand right;                                            // kRelation
  RelOp op = RelOp::kEq;                                    // kRelation
  bool expect_exists = true;                                // kExists: false for '!@.x'
};

}  // namespace sfn::path::internal
