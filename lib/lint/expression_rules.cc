#include <array>
#include <unordered_map>

#include "lint/rules.h"

namespace sfn::lint {
namespace {

using model::State;

// JSONata strings must be framed by "{%" and "%}" as a whole; a string that opens without closing (or the
// reverse) is almost always a typo that AWS would take as a literal.
void CheckJsonataFraming(RuleContext& ctx, const Json& value, const std::string& pointer, size_t depth) {
  if (depth > 64) return;
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    bool opens = s.rfind("{%", 0) == 0;
    bool closes = s.size() >= 2 && s.compare(s.size() - 2, 2, "%}") == 0;
    if (opens != closes || (opens && s.size() < 4)) {
      ctx.Report("SFN606", pointer,
                 opens ? "JSONata expression starts with '{%' but does not end with '%}'"
                       : "JSONata expression ends with '%}' but does not start with '{%'");
    }
    return;
  }
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      CheckJsonataFraming(ctx, it.value(), AppendPointer(pointer, it.key()), depth + 1);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) CheckJsonataFraming(ctx, value[i], AppendPointer(pointer, i), depth + 1);
  }
}

enum class PathKind {
  kPath,       // JSONPath: $ (input), $$ (context) or $name (variable)
  kReference,  // reference path for reading: same roots, single node
  kResultPath  // reference path rooted at the input: $ only
};

void CheckPathString(RuleContext& ctx, const std::string& text, const std::string& pointer, PathKind kind,
                     std::string_view field) {
  if (text.empty() || text[0] != '$') {
    ctx.ReportInString(kind == PathKind::kPath ? "SFN601" : "SFN602", pointer, 0,
                       "'" + std::string(field) + "' must be a path starting with '$', not '" + text + "'");
    return;
  }
  if (kind == PathKind::kResultPath && text.size() > 1 && text[1] != '.' && text[1] != '[') {
    ctx.ReportInString("SFN602", pointer, 1,
                       "'" + std::string(field) + "' must start with '$.' or '$[': it names a place in the state's "
                       "input, not a variable or the context object");
  }
}

// A ".$" key's value: a path, a context path, a variable path, or an intrinsic function call.
void CheckTemplate(RuleContext& ctx, const Json& value, const std::string& pointer, size_t depth) {
  if (depth > 64) return;
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) CheckTemplate(ctx, value[i], AppendPointer(pointer, i), depth + 1);
    return;
  }
  if (!value.is_object()) return;
  std::unordered_map<std::string, std::string> seen;  // field name without ".$" -> key as written
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    std::string child = AppendPointer(pointer, key);
    bool dynamic = key.size() > 2 && key.compare(key.size() - 2, 2, ".$") == 0;
    std::string name = dynamic ? key.substr(0, key.size() - 2) : key;
    auto [prev, inserted] = seen.emplace(name, key);
    if (!inserted) {
      ctx.Report("SFN508", child, "'" + key + "' and '" + prev->second + "' both set the field '" + name + "'", true);
    }
    if (!dynamic) {
      CheckTemplate(ctx, it.value(), child, depth + 1);
      continue;
    }
    const Json& v = it.value();
    if (!v.is_string() || model::IsPlaceholder(v)) {
      if (!v.is_string()) ctx.Report("SFN605", child, "the value of '" + key + "' must be a path or an intrinsic function string");
      continue;
    }
    const auto& text = v.get_ref<const std::string&>();
    if (text.rfind("States.", 0) != 0 && (text.empty() || text[0] != '$')) {
      ctx.ReportInString("SFN605", child, 0,
                         "the value of '" + key + "' must be a path ('$...') or an intrinsic function ('States....'), not '" +
                             text + "'");
    }
  }
}

void CheckJsonPathState(RuleContext& ctx, const State& s) {
  auto path = [&](const model::PathField& f, PathKind kind, std::string_view field) {
    if (f.present && !f.is_null && !f.path.empty() && !model::IsPlaceholder(Json(f.path))) {
      CheckPathString(ctx, f.path, f.pointer, kind, field);
    } else if (f.present && !f.is_null && f.path.empty() && ctx.Raw(f.pointer) && ctx.Raw(f.pointer)->is_string()) {
      CheckPathString(ctx, f.path, f.pointer, kind, field);
    }
  };
  path(s.input_path, PathKind::kPath, "InputPath");
  path(s.output_path, PathKind::kPath, "OutputPath");
  path(s.result_path, PathKind::kResultPath, "ResultPath");
  path(s.items_path, PathKind::kReference, "ItemsPath");
  for (const auto& c : s.catches) path(c.result_path, PathKind::kResultPath, "ResultPath");
  for (std::string_view field : {"TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath",
                                 "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"}) {
    const Json* v = s.RawField(field);
    if (v && v->is_string() && !model::IsPlaceholder(*v)) {
      CheckPathString(ctx, v->get<std::string>(), AppendPointer(s.pointer, field), PathKind::kReference, field);
    }
  }
  for (std::string_view field : {"Parameters", "ResultSelector", "ItemSelector", "Credentials"}) {
    if (const Json* v = s.RawField(field)) CheckTemplate(ctx, *v, AppendPointer(s.pointer, field), 0);
  }
  if (s.assign) CheckTemplate(ctx, s.assign->value, s.assign->pointer, 0);
  if (const Json* reader = s.RawField("ItemReader"); reader && reader->is_object() && reader->contains("Parameters")) {
    CheckTemplate(ctx, (*reader)["Parameters"], AppendPointer(AppendPointer(s.pointer, "ItemReader"), "Parameters"), 0);
  }
  auto check_rule = [&](auto&& self, const model::ChoiceRule& rule) -> void {
    if (rule.kind == model::ChoiceRule::Kind::kComparison) {
      if (const Json* v = ctx.Raw(AppendPointer(rule.pointer, "Variable")); v && v->is_string()) {
        CheckPathString(ctx, v->get<std::string>(), AppendPointer(rule.pointer, "Variable"), PathKind::kReference,
                        "Variable");
      }
      if (rule.op.size() > 4 && rule.op.compare(rule.op.size() - 4, 4, "Path") == 0 && rule.operand.is_string()) {
        CheckPathString(ctx, rule.operand.get<std::string>(), AppendPointer(rule.pointer, rule.op), PathKind::kReference,
                        rule.op);
      }
    }
    for (const auto& child : rule.children) self(self, child);
  };
  for (const auto& rule : s.choices) {
    check_rule(check_rule, rule);
    if (rule.assign) CheckTemplate(ctx, rule.assign->value, rule.assign->pointer, 0);
  }
}

void CheckJsonataState(RuleContext& ctx, const State& s) {
  if (!s.raw || !s.raw->is_object()) return;
  for (auto it = s.raw->begin(); it != s.raw->end(); ++it) {
    const std::string& key = it.key();
    if (key == "ItemProcessor" || key == "Iterator" || key == "Branches" || key == "Comment") continue;
    CheckJsonataFraming(ctx, it.value(), AppendPointer(s.pointer, key), 0);
  }
}

}  // namespace

void CheckExpressions(RuleContext& ctx) {
  for (const State* s : ctx.Machine().AllStates()) {
    if (s->IsJsonata()) {
      CheckJsonataState(ctx, *s);
    } else {
      CheckJsonPathState(ctx, *s);
    }
  }
}

}  // namespace sfn::lint
