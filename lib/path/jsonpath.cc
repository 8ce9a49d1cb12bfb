#include "path/jsonpath.h"

#include "path/jsonpath_eval.h"
#include "path/jsonpath_parser.h"

namespace sfn::path {

using internal::PathAst;
using internal::RootKind;
using internal::StepKind;

JsonPath::JsonPath(std::string text, std::shared_ptr<const PathAst> ast)
    : text_(std::move(text)), ast_(std::move(ast)) {}

JsonPath JsonPath::Parse(std::string_view text) {
  return JsonPath(std::string(text), internal::ParsePathText(text));
}

JsonPath JsonPath::ParseArgument(std::string_view text, size_t& length) {
  std::shared_ptr<const PathAst> ast = internal::ParsePathPrefix(text, length);
  return JsonPath(std::string(text.substr(0, length)), std::move(ast));
}

PathRoot JsonPath::root() const {
  switch (ast_->root) {
    case RootKind::kContext:
      return PathRoot::kContext;
    case RootKind::kVariable:
      return PathRoot::kVariable;
    default:
      return PathRoot::kInput;
  }
}

const std::string& JsonPath::variable() const { return ast_->variable; }

const std::string& JsonPath::bare_word() const { return ast_->bare_word; }

bool JsonPath::IsDefinite() const { return ast_->definite; }

bool JsonPath::IsSingleNode() const {
  for (const auto& step : ast_->steps) {
    bool single = (step.kind == StepKind::kProperty && step.names.size() == 1) ||
                  (step.kind == StepKind::kIndex && step.indexes.size() == 1);
    if (!single) return false;
  }
  return true;
}

std::string JsonPath::Normalized() const { return internal::RenderSteps(*ast_, ast_->steps.size()); }

std::vector<size_t> JsonPath::StepOffsets() const {
  std::vector<size_t> out;
  for (const auto& step : ast_->steps) out.push_back(step.offset);
  return out;
}

std::optional<Selection> JsonPath::SelectIn(const Json& document, std::string* detail) const {
  internal::Matches matches;
  internal::Failure failure;
  size_t budget = internal::kVisitBudget;
  bool ok = internal::WalkPath(*ast_, document, document, false, matches, &failure, budget);
  Selection out;
  if (!ok && failure.kind == internal::Failure::Kind::kBudget) {
    if (detail != nullptr) *detail = internal::DescribeFailure(*ast_, failure);
    return std::nullopt;
  }
  if (ast_->definite) {
    if (!ok || matches.empty()) {
      if (detail != nullptr) *detail = internal::DescribeFailure(*ast_, failure);
      return std::nullopt;
    }
    const Json* hit = matches.items()[0];
    if (internal::LastStepBuilds(*ast_)) {
      out.owned = *hit;
    } else {
      out.node = hit;
    }
    return out;
  }
  out.owned = Json::array();
  if (ok) {
    out.owned.get_ref<Json::array_t&>().reserve(matches.items().size());
    for (const Json* hit : matches.items()) out.owned.push_back(*hit);
  }
  return out;
}

std::optional<Selection> JsonPath::Select(const Env& env, std::string* detail) const {
  const Json* document = nullptr;
  switch (ast_->root) {
    case RootKind::kContext:
      document = env.context;
      break;
    case RootKind::kVariable:
      document = env.variable ? env.variable(ast_->variable) : nullptr;
      if (document == nullptr) {
        if (detail != nullptr) *detail = "The variable '$" + ast_->variable + "' is not defined";
        return std::nullopt;
      }
      break;
    default:
      document = env.input;
      break;
  }
  if (document == nullptr) {
    static const Json kNull;
    if (!ast_->definite) return Selection{nullptr, Json::array()};
    if (!ast_->steps.empty()) {
      if (detail != nullptr) *detail = "No results for path: " + Normalized();
      return std::nullopt;
    }
    return Selection{&kNull, Json()};
  }
  return SelectIn(*document, detail);
}

Json JsonPath::Evaluate(const Env& env) const {
  std::string detail;
  std::optional<Selection> found = Select(env, &detail);
  if (!found) throw PathNotFoundError(text_, detail);
  if (found->node != nullptr) return *found->node;
  return std::move(found->owned);
}

}  // namespace sfn::path
