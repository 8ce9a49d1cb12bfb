#include "path/jsonpath_eval.h"

#include <cmath>
#include <memory>

#include "path/java_text.h"
#include "path/json_equal.h"

namespace sfn::path::internal {
namespace {

// ----- filter values, as Jayway's ValueNode classes -----

struct Value {
  enum class Kind { kUndefined, kNull, kBool, kNumber, kString, kJson, kPattern };
  Kind kind = Kind::kUndefined;
  const Json* json = nullptr;    // kBool, kNumber, kString, kJson, kNull
  std::unique_ptr<Json> holder;  // owns 'json' when it is not part of a document or the syntax tree
  const Operand* pattern = nullptr;
};

Value::Kind KindOf(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return Value::Kind::kNull;
    case Json::value_t::boolean:
      return Value::Kind::kBool;
    case Json::value_t::string:
      return Value::Kind::kString;
    case Json::value_t::array:
    case Json::value_t::object:
      return Value::Kind::kJson;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return Value::Kind::kNumber;
    default:
      return Value::Kind::kUndefined;
  }
}

Value Classify(const Json* v) {
  Value out;
  out.json = v;
  out.kind = KindOf(*v);
  return out;
}

std::string NumberText(const Json& n) {
  if (n.is_number_float()) return JavaDoubleText(n.get<double>());
  return DumpCompact(n);
}

int CompareNumbers(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer() && !a.is_number_unsigned() && !b.is_number_unsigned()) {
    int64_t x = a.get<int64_t>();
    int64_t y = b.get<int64_t>();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  long double x = a.is_number_float()      ? a.get<double>()
                  : a.is_number_unsigned() ? a.get<uint64_t>()
                                           : a.get<int64_t>();
  long double y = b.is_number_float()      ? b.get<double>()
                  : b.is_number_unsigned() ? b.get<uint64_t>()
                                           : b.get<int64_t>();
  return x < y ? -1 : x > y ? 1 : 0;
}

// Java's new BigDecimal(text): an optional sign, digits with an optional fraction, an optional
// exponent; nothing else.
std::optional<Json> ParseDecimal(const std::string& text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  size_t digits = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  return Json(std::strtod(text.c_str(), nullptr));
}

// Jayway's left.equals(right) on two value nodes (not both JSON).
bool NodeEquals(const Value& l, const Value& r) {
  switch (l.kind) {
    case Value::Kind::kUndefined:
      return false;
    case Value::Kind::kNull:
      return r.kind == Value::Kind::kNull;
    case Value::Kind::kBool:
      return r.kind == Value::Kind::kBool && *l.json == *r.json;
    case Value::Kind::kString:
      if (r.kind == Value::Kind::kString) return *l.json == *r.json;
      if (r.kind == Value::Kind::kNumber) return l.json->get_ref<const std::string&>() == NumberText(*r.json);
      return false;
    case Value::Kind::kNumber:
      if (r.kind == Value::Kind::kNumber) return CompareNumbers(*l.json, *r.json) == 0;
      if (r.kind == Value::Kind::kString) {
        std::optional<Json> n = ParseDecimal(r.json->get_ref<const std::string&>());
        return n && CompareNumbers(*l.json, *n) == 0;
      }
      return false;
    case Value::Kind::kJson:
      return r.kind == Value::Kind::kJson && JsonEqual(*l.json, *r.json);
    case Value::Kind::kPattern:
      return r.kind == Value::Kind::kPattern && l.pattern->pattern_source == r.pattern->pattern_source;
  }
  return false;
}

bool Equals(const Value& l, const Value& r) {
  if (l.kind == Value::Kind::kJson && r.kind == Value::Kind::kJson) return JsonEqual(*l.json, *r.json);
  return NodeEquals(l, r);
}

bool ListContains(const Json& list, const Value& item) {
  for (const Json& element : list) {
    if (Equals(item, Classify(&element))) return true;
  }
  return false;
}

const Json* AsList(const Value& v) {
  return v.kind == Value::Kind::kJson && v.json->is_array() ? v.json : nullptr;
}

std::string RegexInput(const Value& v) {
  if (v.kind == Value::Kind::kString) return v.json->get<std::string>();
  if (v.kind == Value::Kind::kNumber) return NumberText(*v.json);
  if (v.kind == Value::Kind::kBool) return v.json->get<bool>() ? "true" : "false";
  return "";
}

bool RegexMatches(const Value& l, const Value& r) {
  bool lp = l.kind == Value::Kind::kPattern;
  bool rp = r.kind == Value::Kind::kPattern;
  if (lp == rp) return false;
  const Regex& regex = *(lp ? l : r).pattern->pattern;
  const Value& other = lp ? r : l;
  if (const Json* list = AsList(other)) {
    for (const Json& element : *list) {
      if (regex.FullMatch(RegexInput(Classify(&element)))) return true;
    }
    return false;
  }
  return regex.FullMatch(RegexInput(other));
}

bool Relate(RelOp op, const Value& l, const Value& r) {
  using K = Value::Kind;
  switch (op) {
    case RelOp::kEq:
      return Equals(l, r);
    case RelOp::kNe:
      return !Equals(l, r);
    case RelOp::kStrictEq:
      return l.kind == r.kind && Equals(l, r);
    case RelOp::kStrictNe:
      return l.kind != r.kind || !Equals(l, r);
    case RelOp::kLt:
    case RelOp::kLe:
    case RelOp::kGt:
    case RelOp::kGe: {
      int c = 0;
      if (l.kind == K::kNumber && r.kind == K::kNumber) {
        c = CompareNumbers(*l.json, *r.json);
      } else if (l.kind == K::kString && r.kind == K::kString) {
        c = JavaCompare(l.json->get_ref<const std::string&>(), r.json->get_ref<const std::string&>());
      } else {
        return false;
      }
      if (op == RelOp::kLt) return c < 0;
      if (op == RelOp::kLe) return c <= 0;
      if (op == RelOp::kGt) return c > 0;
      return c >= 0;
    }
    case RelOp::kRegex:
      return RegexMatches(l, r);
    case RelOp::kIn:
    case RelOp::kNin: {
      const Json* list = AsList(r);
      bool in = list != nullptr && ListContains(*list, l);
      return op == RelOp::kIn ? in : (list != nullptr && !in);
    }
    case RelOp::kSubsetOf:
    case RelOp::kAnyOf:
    case RelOp::kNoneOf: {
      const Json* left = AsList(l);
      const Json* right = AsList(r);
      if (left == nullptr || right == nullptr) return false;
      size_t found = 0;
      for (const Json& element : *left) found += ListContains(*right, Classify(&element)) ? 1 : 0;
      if (op == RelOp::kSubsetOf) return found == left->size();
      if (op == RelOp::kAnyOf) return found > 0;
      return found == 0;
    }
    case RelOp::kSize: {
      if (r.kind != K::kNumber) return false;
      double expected = std::trunc(r.json->get<double>());
      if (!std::isfinite(expected) || std::fabs(expected) > 9.0e15) return false;  // no size is that large
      auto n = static_cast<long long>(expected);
      if (l.kind == K::kString)
        return static_cast<long long>(Utf16Length(l.json->get_ref<const std::string&>())) == n;
      if (const Json* list = AsList(l)) return static_cast<long long>(list->size()) == n;
      return false;
    }
    case RelOp::kEmpty: {
      if (r.kind != K::kBool) return false;
      bool want = r.json->get<bool>();
      if (l.kind == K::kString) return l.json->get_ref<const std::string&>().empty() == want;
      if (l.kind == K::kJson) return l.json->empty() == want;
      return false;
    }
    case RelOp::kContains: {
      if (l.kind == K::kString && r.kind == K::kString) {
        return l.json->get_ref<const std::string&>().find(r.json->get_ref<const std::string&>()) !=
               std::string::npos;
      }
      if (const Json* list = AsList(l)) return ListContains(*list, r);
      return false;
    }
  }
  return false;
}

// ----- the walker -----

class Walker {
 public:
  Walker(const PathAst& ast, const Json& document, bool require, Matches& out, Failure* failure,
         size_t& budget)
      : ast_(ast), document_(document), require_(require), out_(out), failure_(failure), budget_(budget) {}

  bool Walk(size_t i, const Json& node) {
    if (!Spend()) return false;
    if (i == ast_.steps.size()) {
      out_.Add(&node);
      return true;
    }
    const Step& step = ast_.steps[i];
    switch (step.kind) {
      case StepKind::kProperty:
        return WalkProperty(i, node);
      case StepKind::kIndex:
        return WalkIndex(i, node);
      case StepKind::kSlice:
        return WalkSlice(i, node);
      case StepKind::kWildcard:
        return WalkWildcard(i, node);
      case StepKind::kScan:
        return WalkScan(i, node);
      case StepKind::kFilter:
        return WalkFilter(i, node);
      case StepKind::kFunction:
        return Fail(Failure::Kind::kNoResults, i);
      case StepKind::kScript:
        return WalkScript(i, node);
    }
    return true;
  }

 private:
  bool Leaf(size_t i) const { return i + 1 == ast_.steps.size(); }

  bool Spend() {
    if (budget_ == 0) {
      return Fail(Failure::Kind::kBudget, 0);
    }
    --budget_;
    return true;
  }

  bool Fail(Failure::Kind kind, size_t i, std::string name = {}, const Json* node = nullptr) {
    if (failure_ != nullptr) {
      failure_->kind = kind;
      failure_->step = i;
      failure_->name = std::move(name);
      failure_->node = node;
    }
    return false;
  }

  bool Emit(size_t i, const Json& value) {
    if (Leaf(i)) {
      out_.Add(&value);
      return true;
    }
    return Walk(i + 1, value);
  }

  bool WalkProperty(size_t i, const Json& node) {
    const Step& step = ast_.steps[i];
    if (!node.is_object()) {
      if (!ast_.upstream_definite[i]) return true;
      return Fail(Failure::Kind::kNotObject, i, step.names[0], &node);
    }
    if (step.names.size() > 1 && Leaf(i)) return MergeProperties(i, node);
    for (const std::string& name : step.names) {
      auto it = node.find(name);
      if (it == node.end()) {
        if (Leaf(i)) {
          if (require_) return Fail(Failure::Kind::kNoResults, i, name);
          continue;
        }
        if ((ast_.upstream_definite[i] && ast_.token_definite[i]) || require_) {
          return Fail(Failure::Kind::kMissingProperty, i, name);
        }
        continue;
      }
      if (!Emit(i, *it)) return false;
    }
    return true;
  }

  bool MergeProperties(size_t i, const Json& node) {
    Json merged = Json::object();
    for (const std::string& name : ast_.steps[i].names) {
      auto it = node.find(name);
      if (it == node.end()) {
        if (require_) return Fail(Failure::Kind::kMissingProperty, i, name);
        continue;
      }
      merged[name] = *it;
    }
    out_.AddOwned(std::move(merged));
    return true;
  }

  bool CheckArray(size_t i, const Json& node) {
    if (node.is_array()) return true;
    if (!ast_.upstream_definite[i]) return false;
    Fail(node.is_null() ? Failure::Kind::kNullArray : Failure::Kind::kNotArray, i, {}, &node);
    return false;
  }

  // Jayway reads index i of an array, counting a negative index from the end; an index outside the
  // array gives nothing.
  bool AtIndex(size_t i, const Json& node, int64_t index) {
    int64_t size = static_cast<int64_t>(node.size());
    int64_t effective = index < 0 ? size + index : index;
    if (effective < 0 || effective >= size) return true;
    return Emit(i, node[static_cast<size_t>(effective)]);
  }

  bool WalkIndex(size_t i, const Json& node) {
    if (!CheckArray(i, node)) return !ast_.upstream_definite[i];
    for (int32_t index : ast_.steps[i].indexes) {
      if (!AtIndex(i, node, index)) return false;
    }
    return true;
  }

  // '[(@.length-N)]' designates the N-th item from the end; any other script designates nothing.
  bool WalkScript(size_t i, const Json& node) {
    if (!CheckArray(i, node)) return !ast_.upstream_definite[i];
    const std::optional<int64_t>& offset = ast_.steps[i].length_offset;
    if (!offset) return true;
    int64_t index = static_cast<int64_t>(node.size()) + *offset;
    if (index < 0 || index >= static_cast<int64_t>(node.size())) return true;
    return Emit(i, node[static_cast<size_t>(index)]);
  }

  bool WalkSlice(size_t i, const Json& node) {
    if (!CheckArray(i, node)) return !ast_.upstream_definite[i];
    const Step& step = ast_.steps[i];
    int64_t size = static_cast<int64_t>(node.size());
    int64_t from = 0;
    int64_t to = 0;
    if (step.from && step.to) {  // Jayway does not wrap a negative start here: AtIndex does, per index
      from = *step.from;
      to = std::min<int64_t>(size, *step.to);
      if (from >= to || size == 0) return true;
    } else if (step.from) {
      from = *step.from < 0 ? std::max<int64_t>(0, size + *step.from) : *step.from;
      to = size;
    } else {
      to = *step.to < 0 ? size + *step.to : std::min<int64_t>(size, *step.to);
    }
    for (int64_t k = from; k < to; ++k) {
      if (!AtIndex(i, node, k)) return false;
    }
    return true;
  }

  bool WalkWildcard(size_t i, const Json& node) {
    if (!node.is_structured()) return true;
    for (const Json& child : node) {
      if (!Emit(i, child)) return false;
    }
    return true;
  }

  bool ScanTargetMatches(size_t target, const Json& node) {
    const Step& step = ast_.steps[target];
    switch (step.kind) {
      case StepKind::kProperty:
        if (!node.is_object()) return false;
        if (!ast_.token_definite[target]) return true;
        for (const std::string& name : step.names) {
          if (!node.contains(name)) return false;
        }
        return true;
      case StepKind::kIndex:
      case StepKind::kSlice:
      case StepKind::kScript:
        return node.is_array();
      case StepKind::kWildcard:
        return true;
      case StepKind::kFilter:
        return Accept(*step.filter, node);
      default:
        return false;
    }
  }

  // '..' applies the next step to the node and to every object and array below it, in document
  // order. An explicit stack keeps deeply nested documents off the call stack.
  bool WalkScan(size_t i, const Json& node) {
    size_t target = i + 1;
    std::vector<const Json*> stack{&node};
    while (!stack.empty()) {
      const Json* current = stack.back();
      stack.pop_back();
      if (!current->is_structured()) continue;
      if (!Spend()) return false;
      if (ScanTargetMatches(target, *current) && !Walk(target, *current)) return false;
      for (auto it = current->rbegin(); it != current->rend(); ++it) stack.push_back(&*it);
    }
    return true;
  }

  bool WalkFilter(size_t i, const Json& node) {
    const FilterExpr& filter = *ast_.steps[i].filter;
    if (node.is_object()) return Accept(filter, node) ? Emit(i, node) : true;
    if (node.is_array()) {
      for (const Json& element : node) {
        if (Accept(filter, element) && !Emit(i, element)) return false;
      }
      return true;
    }
    if (ast_.upstream_definite[i]) return Fail(Failure::Kind::kPrimitiveFilter, i, {}, &node);
    return true;
  }

  bool Accept(const FilterExpr& expr, const Json& item) {
    switch (expr.kind) {
      case FilterExpr::Kind::kOr:
        for (const auto& child : expr.children) {
          if (Accept(*child, item)) return true;
        }
        return false;
      case FilterExpr::Kind::kAnd:
        for (const auto& child : expr.children) {
          if (!Accept(*child, item)) return false;
        }
        return true;
      case FilterExpr::Kind::kNot:
        return !Accept(*expr.children[0], item);
      case FilterExpr::Kind::kExists:
        return Exists(*expr.left.path, item) == expr.expect_exists;
      case FilterExpr::Kind::kRelation:
        return Relate(expr.op, Evaluate(expr.left, item), Evaluate(expr.right, item));
    }
    return false;
  }

  const Json& StartOf(const PathAst& path, const Json& item) const {
    return path.root == RootKind::kCurrent ? item : document_;
  }

  bool Exists(const PathAst& path, const Json& item) {
    Matches found;
    if (!WalkPath(path, StartOf(path, item), document_, true, found, nullptr, budget_)) return false;
    return !path.definite || !found.empty();
  }

  Value Evaluate(const Operand& operand, const Json& item) {
    Value v;
    if (operand.kind == Operand::Kind::kLiteral) return Classify(&operand.literal);
    if (operand.kind == Operand::Kind::kBareWord) return v;  // Jayway cannot read it: undefined
    if (operand.kind == Operand::Kind::kPattern) {
      v.kind = Value::Kind::kPattern;
      v.pattern = &operand;
      return v;
    }
    const PathAst& path = *operand.path;
    Matches found;
    if (!WalkPath(path, StartOf(path, item), document_, false, found, nullptr, budget_)) return v;
    if (path.definite) {
      if (found.empty()) return v;
      if (!LastStepBuilds(path)) return Classify(found.items()[0]);  // a node of the document
      v.holder = std::make_unique<Json>(*found.items()[0]);
    } else {
      v.holder = std::make_unique<Json>(Json::array());
      for (const Json* match : found.items()) v.holder->push_back(*match);
    }
    v.json = v.holder.get();
    v.kind = KindOf(*v.json);
    return v;
  }

  const PathAst& ast_;
  const Json& document_;
  bool require_;
  Matches& out_;
  Failure* failure_;
  size_t& budget_;
};

}  // namespace

bool LastStepBuilds(const PathAst& ast) {
  return !ast.steps.empty() && ast.steps.back().kind == StepKind::kProperty &&
         ast.steps.back().names.size() > 1;
}

bool WalkPath(const PathAst& ast, const Json& start, const Json& document, bool require_properties,
              Matches& out, Failure* failure, size_t& budget) {
  Walker walker(ast, document, require_properties, out, failure, budget);
  bool ok = walker.Walk(0, start);
  if (budget == 0 && failure != nullptr) {
    failure->kind = Failure::Kind::kBudget;
    return false;
  }
  if (ok && ast.definite && out.empty() && failure != nullptr) {
    failure->kind = Failure::Kind::kNoResults;
    failure->step = ast.steps.size();
  }
  return ok;
}

std::string DescribeFailure(const PathAst& ast, const Failure& failure) {
  std::string here = RenderSteps(ast, failure.step);
  switch (failure.kind) {
    case Failure::Kind::kNone:
    case Failure::Kind::kNoResults:
      return "No results for path: " + RenderSteps(ast, ast.steps.size());
    case Failure::Kind::kMissingProperty:
      return "Missing property in path " + here + "['" + failure.name + "']";
    case Failure::Kind::kNotObject:
      return "Expected to find an object with property ['" + failure.name + "'] in path " + here +
             " but found '" + JavaClassName(*failure.node) +
             "'. This is not a json object according to the JsonProvider: "
             "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.";
    case Failure::Kind::kNotArray:
      return "Filter: " + RenderSteps(ast, failure.step + 1).substr(here.size()) +
             " can only be applied to arrays. Current context is: " + JavaText(*failure.node);
    case Failure::Kind::kNullArray:
      return "The path " + here + " is null";
    case Failure::Kind::kBudget:
      return "The path " + RenderSteps(ast, ast.steps.size()) + " visits more than " +
             std::to_string(kVisitBudget) + " nodes";
    case Failure::Kind::kPrimitiveFilter:
      return "Filter: " + RenderSteps(ast, failure.step + 1).substr(here.size()) +
             " can not be applied to primitives. Current context is: " + JavaText(*failure.node);
  }
  return "";
}

}  // namespace sfn::path::internal
