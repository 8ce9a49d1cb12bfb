#include "path/reference_path.h"

#include "common/states_error.h"
#include "path/jsonpath_ast.h"
#include "path/jsonpath_parser.h"
#include "path/messages.h"

namespace sfn::path {
namespace {

const char* Disallowed(const internal::Step& step) {
  switch (step.kind) {
    case internal::StepKind::kProperty:
      return step.names.size() > 1 ? "a union of names" : nullptr;
    case internal::StepKind::kIndex:
      return step.indexes.size() > 1 ? "a union of indexes" : nullptr;
    case internal::StepKind::kSlice:
      return "a slice";
    case internal::StepKind::kWildcard:
      return "a wildcard";
    case internal::StepKind::kScan:
      return "a deep scan '..'";
    case internal::StepKind::kFilter:
      return "a filter";
    case internal::StepKind::kFunction:
      return "a function";
    case internal::StepKind::kScript:
      return "a script";
  }
  return nullptr;
}

}  // namespace

ReferencePath ReferencePath::Parse(std::string_view text) {
  std::shared_ptr<const internal::PathAst> ast = internal::ParsePathText(text);
  std::vector<Step> steps;
  for (const internal::Step& step : ast->steps) {
    if (const char* what = Disallowed(step)) {
      throw ParseError(step.offset, std::string("a reference path cannot contain ") + what +
                                        "; only '.name', '['name']' and '[n]' are allowed");
    }
    Step out;
    out.is_index = step.kind == internal::StepKind::kIndex;
    if (out.is_index) {
      out.index = step.indexes[0];
    } else {
      out.name = step.names[0];
    }
    steps.push_back(std::move(out));
  }
  return ReferencePath(JsonPath::Parse(text), std::move(steps));
}

const Json* ReferencePath::Resolve(const Env& env, std::string* detail) const {
  std::optional<Selection> found = path_.Select(env, detail);
  if (!found) return nullptr;
  return found->node;
}

Json ReferencePath::Evaluate(const Env& env) const { return path_.Evaluate(env); }

namespace {

// Checks, without changing anything, that every step can be taken or created.
bool CanApply(const Json& input, const std::vector<ReferencePath::Step>& steps) {
  const Json* current = &input;
  for (size_t i = 0; i < steps.size(); ++i) {
    const ReferencePath::Step& step = steps[i];
    if (step.is_index) {
      if (current == nullptr || !current->is_array()) return false;
      int64_t size = static_cast<int64_t>(current->size());
      int64_t at = step.index < 0 ? size + step.index : step.index;
      if (at < 0 || at >= size) return false;
      current = &(*current)[static_cast<size_t>(at)];
      continue;
    }
    if (current == nullptr) continue;  // created as an object
    if (!current->is_object()) return false;
    auto it = current->find(step.name);
    current = it == current->end() ? nullptr : &*it;
  }
  return true;
}

}  // namespace

void ApplyResultPathInPlace(Json& input, const ReferencePath& path, Json result) {
  if (path.root() != PathRoot::kInput) {
    throw StatesError("States.ResultPathMatchFailure", ResultPathCause(path.text(), input));
  }
  const std::vector<ReferencePath::Step>& steps = path.steps();
  if (steps.empty()) {
    input = std::move(result);
    return;
  }
  if (!CanApply(input, steps))
    throw StatesError("States.ResultPathMatchFailure", ResultPathCause(path.text(), input));
  Json* current = &input;
  for (size_t i = 0; i < steps.size(); ++i) {
    const ReferencePath::Step& step = steps[i];
    bool last = i + 1 == steps.size();
    Json* next = nullptr;
    if (step.is_index) {
      int64_t size = static_cast<int64_t>(current->size());
      next = &(*current)[static_cast<size_t>(step.index < 0 ? size + step.index : step.index)];
    } else {
      if (current->is_null()) *current = Json::object();
      next = &(*current)[step.name];
    }
    if (last) {
      *next = std::move(result);
      return;
    }
    current = next;
  }
}

Json ApplyResultPath(const Json& input, const ReferencePath& path, Json result) {
  if (path.steps().empty() && path.root() == PathRoot::kInput) return result;
  Json out = input;
  ApplyResultPathInPlace(out, path, std::move(result));
  return out;
}

}  // namespace sfn::path
