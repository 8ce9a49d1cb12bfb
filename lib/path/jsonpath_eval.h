// The evaluator of a JSONPath syntax tree over a document (internal to the path area).
//
// It walks const references into the document and collects pointers to the matched nodes; only a
// multi-name step at the end of a path ('$['a','b']', which Jayway answers with a new object)
// creates values. Failures follow Jayway: a definite path that goes through a missing property or
// a value of the wrong type fails with a message naming the place; an indefinite one skips it.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "common/json.h"
#include "path/jsonpath_ast.h"

namespace sfn::path::internal {

class Matches {
 public:
  void Add(const Json* node) { items_.push_back(node); }
  void AddOwned(Json value) {
    if (!owned_) owned_ = std::make_unique<std::deque<Json>>();
    owned_->push_back(std::move(value));
    items_.push_back(&owned_->back());
  }
  const std::vector<const Json*>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<const Json*> items_;
  std::unique_ptr<std::deque<Json>> owned_;  // allocated only when a step builds a value
};

struct Failure {
  enum class Kind {
    kNone,
    kMissingProperty,
    kNoResults,
    kNotObject,
    kNotArray,
    kNullArray,
    kPrimitiveFilter,
    kBudget
  };
  Kind kind = Kind::kNone;
  size_t step = 0;
  std::string name;            // the missing property
  const Json* node = nullptr;  // the value of the wrong type
};

// How many nodes one evaluation may visit (filters and deep scans included) before it gives up, so
// that a path such as '$..[?(@..x)]' over a large document cannot run for minutes.
constexpr size_t kVisitBudget = 5'000'000;

// True when the last step builds a new value (several names at the end of a definite path).
bool LastStepBuilds(const PathAst& ast);

// Evaluates the steps of 'ast' on 'start'. 'document' is what '$' designates inside filters. With
// 'require_properties' every missing property fails (Jayway's REQUIRE_PROPERTIES, used for
// existence tests in filters). Returns false on failure and fills 'failure' when given.
// 'budget' counts down the visits; when it reaches 0 the walk fails with Failure::Kind::kBudget.
bool WalkPath(const PathAst& ast, const Json& start, const Json& document, bool require_properties,
              Matches& out, Failure* failure, size_t& budget);

// Jayway's message for a failure ("No results for path: $['a']", "Missing property in path ...").
std::string DescribeFailure(const PathAst& ast, const Failure& failure);

}  // namespace sfn::path::internal
