#include "path/payload_template.h"

#include <optional>
#include <variant>
#include <vector>

#include "common/states_error.h"
#include "path/intrinsic.h"
#include "path/jsonpath.h"
#include "path/messages.h"

namespace sfn::path {
namespace internal {

struct TemplateNode {
  enum class Kind { kConstant, kObject, kArray, kPath, kIntrinsic };
  Kind kind = Kind::kConstant;
  Json constant;                       // kConstant
  std::vector<std::string> keys;       // kObject: output keys, in order
  std::vector<TemplateNode> children;  // kObject (one per key), kArray
  std::string field;                   // kPath, kIntrinsic: the template key, with its ".$"
  std::optional<JsonPath> path;        // kPath
  std::optional<Intrinsic> intrinsic;  // kIntrinsic
};

}  // namespace internal

namespace {

using internal::TemplateNode;

constexpr size_t kMaxTemplateDepth = 512;

bool EndsWithDollar(const std::string& key) {
  return key.size() > 2 && key.compare(key.size() - 2, 2, ".$") == 0;
}

TemplateNode CompileNode(const Json& value, const std::string& pointer, size_t depth);

TemplateNode CompileDynamic(const std::string& key, const Json& value, const std::string& pointer) {
  TemplateNode node;
  node.field = key;
  if (!value.is_string()) {
    throw CompileError(
        pointer, 0,
        "the value of the field '" + key + "' must be a string holding a path or an intrinsic function call");
  }
  const std::string& text = value.get_ref<const std::string&>();
  try {
    if (LooksLikeIntrinsic(text)) {
      node.kind = TemplateNode::Kind::kIntrinsic;
      node.intrinsic = Intrinsic::Parse(text);
      return node;
    }
    if (!text.empty() && text[0] == '$') {
      node.kind = TemplateNode::Kind::kPath;
      node.path = JsonPath::Parse(text);
      return node;
    }
  } catch (const ParseError& e) {
    throw CompileError(pointer, e.offset, e.message);
  }
  throw CompileError(
      pointer, 0,
      "the value of the field '" + key + "' must be a valid JSONPath or a valid intrinsic function call");
}

bool HasDynamicPart(const Json& value, size_t depth) {
  if (depth > kMaxTemplateDepth) return true;  // let CompileNode report it
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (EndsWithDollar(it.key()) || HasDynamicPart(it.value(), depth + 1)) return true;
    }
  } else if (value.is_array()) {
    for (const Json& item : value) {
      if (HasDynamicPart(item, depth + 1)) return true;
    }
  }
  return false;
}

TemplateNode CompileNode(const Json& value, const std::string& pointer, size_t depth) {
  if (depth > kMaxTemplateDepth) throw CompileError(pointer, 0, "the template is nested too deeply");
  TemplateNode node;
  if (!HasDynamicPart(value, depth)) {
    node.constant = value;
    return node;
  }
  if (value.is_array()) {
    node.kind = TemplateNode::Kind::kArray;
    for (size_t i = 0; i < value.size(); ++i) {
      node.children.push_back(CompileNode(value[i], AppendPointer(pointer, i), depth + 1));
    }
    return node;
  }
  node.kind = TemplateNode::Kind::kObject;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    std::string child_pointer = AppendPointer(pointer, key);
    if (EndsWithDollar(key)) {
      node.keys.push_back(key.substr(0, key.size() - 2));
      node.children.push_back(CompileDynamic(key, it.value(), child_pointer));
    } else {
      node.keys.push_back(key);
      node.children.push_back(CompileNode(it.value(), child_pointer, depth + 1));
    }
  }
  return node;
}

[[noreturn]] void NotFound(const std::string& path, const std::string& field, const Env& env) {
  static const Json kNull;
  throw StatesError("States.Runtime",
                    FieldNotFoundCause(path, field, env.input != nullptr ? *env.input : kNull));
}

Json EvaluateNode(const TemplateNode& node, const Env& env) {
  switch (node.kind) {
    case TemplateNode::Kind::kConstant:
      return node.constant;
    case TemplateNode::Kind::kObject: {
      Json out = Json::object();
      for (size_t i = 0; i < node.keys.size(); ++i) out[node.keys[i]] = EvaluateNode(node.children[i], env);
      return out;
    }
    case TemplateNode::Kind::kArray: {
      Json out = Json::array();
      for (const TemplateNode& child : node.children) out.push_back(EvaluateNode(child, env));
      return out;
    }
    case TemplateNode::Kind::kPath: {
      std::optional<Selection> found = node.path->Select(env);
      if (!found) NotFound(node.path->text(), node.field, env);
      if (found->node != nullptr) return *found->node;
      return std::move(found->owned);
    }
    case TemplateNode::Kind::kIntrinsic:
      try {
        return node.intrinsic->Evaluate(env);
      } catch (const PathNotFoundError& e) {
        NotFound(e.path, node.field, env);
      }
  }
  return nullptr;
}

}  // namespace

PayloadTemplate PayloadTemplate::Compile(const Json& tmpl) {
  return PayloadTemplate(std::make_shared<const TemplateNode>(CompileNode(tmpl, "", 0)));
}

Json PayloadTemplate::Evaluate(const Env& env) const { return EvaluateNode(*root_, env); }

bool PayloadTemplate::IsConstant() const { return root_->kind == TemplateNode::Kind::kConstant; }

}  // namespace sfn::path
