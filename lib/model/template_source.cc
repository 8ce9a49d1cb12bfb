#include "model/template_source.h"

namespace sfn::model {
namespace {

// Flattens Fn::Join ["", [...]] and Fn::Sub "text" / ["text", {vars}] into text; references that cannot be
// resolved become "${...}" placeholders, which later stages treat as values of unknown type.
bool FlattenIntrinsic(const Json& value, std::string& out, bool& substituted) {
  if (value.is_string()) {
    out += value.get<std::string>();
    return true;
  }
  if (!value.is_object() || value.size() != 1) return false;
  auto it = value.begin();
  substituted = true;
  if (it.key() == "Fn::Sub") {
    const Json& arg = it.value();
    if (arg.is_string()) {
      out += arg.get<std::string>();
      return true;
    }
    if (arg.is_array() && !arg.empty() && arg[0].is_string()) {
      out += arg[0].get<std::string>();
      return true;
    }
    return false;
  }
  if (it.key() == "Fn::Join") {
    const Json& arg = it.value();
    if (!arg.is_array() || arg.size() != 2 || !arg[0].is_string() || !arg[1].is_array()) return false;
    std::string sep = arg[0].get<std::string>();
    bool first = true;
    for (const auto& part : arg[1]) {
      if (!first) out += sep;
      first = false;
      if (!FlattenIntrinsic(part, out, substituted)) out += "${Unresolved}";
    }
    return true;
  }
  if (it.key() == "Ref") {
    out += "${" + (it.value().is_string() ? it.value().get<std::string>() : std::string("Ref")) + "}";
    return true;
  }
  if (it.key() == "Fn::GetAtt") {
    out += "${GetAtt}";
    return true;
  }
  return false;
}

}  // namespace

bool IsTemplate(const Json& root) {
  if (!root.is_object()) return false;
  if (root.contains("StartAt") || root.contains("States")) return false;
  return root.contains("Resources") || root.contains("AWSTemplateFormatVersion") || root.contains("Transform");
}

std::vector<DefinitionSource> FindDefinitions(const Json& root) {
  std::vector<DefinitionSource> out;
  if (!IsTemplate(root)) {
    out.push_back(DefinitionSource{});
    return out;
  }
  auto resources = root.find("Resources");
  if (resources == root.end() || !resources->is_object()) return out;
  for (auto it = resources->begin(); it != resources->end(); ++it) {
    const Json& resource = it.value();
    if (!resource.is_object()) continue;
    auto type = resource.find("Type");
    if (type == resource.end() || !type->is_string()) continue;
    std::string t = type->get<std::string>();
    if (t != "AWS::StepFunctions::StateMachine" && t != "AWS::Serverless::StateMachine") continue;
    auto props = resource.find("Properties");
    if (props == resource.end() || !props->is_object()) continue;
    std::string base = AppendPointer(AppendPointer("/Resources", it.key()), "Properties");
    DefinitionSource source;
    source.resource = it.key();
    if (auto def = props->find("Definition"); def != props->end() && def->is_object()) {
      source.kind = DefinitionSource::Kind::kTemplateObject;
      source.pointer = AppendPointer(base, "Definition");
      out.push_back(std::move(source));
    } else if (auto str = props->find("DefinitionString"); str != props->end()) {
      source.kind = DefinitionSource::Kind::kTemplateString;
      source.pointer = AppendPointer(base, "DefinitionString");
      if (FlattenIntrinsic(*str, source.text, source.text_is_substituted)) out.push_back(std::move(source));
    } else if (auto uri = props->find("DefinitionUri"); uri != props->end() && uri->is_string()) {
      source.kind = DefinitionSource::Kind::kTemplateUri;
      source.pointer = AppendPointer(base, "DefinitionUri");
      source.text = uri->get<std::string>();
      out.push_back(std::move(source));
    }
  }
  return out;
}

}  // namespace sfn::model
