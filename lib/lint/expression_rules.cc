#include <array>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "jsonata/aws_functions.h"
#include "jsonata/jsonata.h"
#include "lint/rules.h"
#include "lint/variable_flow.h"
#include "path/intrinsic.h"
#include "path/jsonpath.h"
#include "path/parse_error.h"
#include "path/reference_path.h"

namespace sfn::lint {
namespace {

using model::State;

enum class PathKind {
  kPath,       // JSONPath: $ (input), $$ (context) or $name (variable)
  kReference,  // reference path for reading: same roots, single node
  kResultPath  // reference path rooted at the input: $ only
};

constexpr std::array<std::string_view, 5> kContextRoots = {"Execution", "State", "StateMachine", "Task", "Map"};

// Checks the paths of one state; `variables` says which variables the state can read and which are
// certainly assigned by the time it starts.
class PathChecker {
 public:
  PathChecker(RuleContext& ctx, const State& state, const VariableFlow& variables)
      : ctx_(ctx), state_(state), variables_(variables) {}

  void CheckPathString(const std::string& text, const std::string& pointer, PathKind kind, std::string_view field);
  void CheckDynamicValue(const std::string& text, const std::string& pointer, std::string_view key);

 private:
  void CheckRoot(const path::JsonPath& p, const std::string& pointer, std::string_view field);
  RuleContext& ctx_;
  const State& state_;
  const VariableFlow& variables_;
};

void PathChecker::CheckRoot(const path::JsonPath& p, const std::string& pointer, std::string_view field) {
  if (p.root() == path::PathRoot::kContext) {
    std::string normalized = p.Normalized();  // $['Execution']['Id']
    std::string first;
    if (normalized.size() > 3 && normalized.compare(0, 3, "$['") == 0) {
      first = normalized.substr(3, normalized.find('\'', 3) - 3);
    }
    bool known = first.empty();
    for (auto root : kContextRoots) known |= first == root;
    if (!known) {
      ctx_.ReportInString("SFN607", pointer, 3,
                          "'" + std::string(field) + "' reads '$$." + first +
                              "', which is not in the context object (Execution, State, StateMachine, Task, Map)");
    }
  } else if (p.root() == path::PathRoot::kVariable && !variables_.Visible(state_, p.variable())) {
    ctx_.ReportInString("SFN701", pointer, 1,
                        "'" + std::string(field) + "' reads the variable '$" + p.variable() +
                            "', which no 'Assign' in this scope or an enclosing one sets");
  } else if (p.root() == path::PathRoot::kVariable && !variables_.Certain(state_, p.variable())) {
    ctx_.ReportInString("SFN703", pointer, 1,
                        "'" + std::string(field) + "' reads the variable '$" + p.variable() +
                            "', which is not assigned on every path to state '" + state_.name + "'");
    ctx_.AddNote("on a path that reaches the state without passing an 'Assign' of it, the read fails at run time");
  }
}

void PathChecker::CheckPathString(const std::string& text, const std::string& pointer, PathKind kind,
                                  std::string_view field) {
  try {
    if (kind == PathKind::kPath) {
      CheckRoot(path::JsonPath::Parse(text), pointer, field);
      return;
    }
    path::ReferencePath rp = path::ReferencePath::Parse(text);
    if (kind == PathKind::kResultPath && rp.root() != path::PathRoot::kInput) {
      ctx_.ReportInString("SFN602", pointer, 1,
                          "'" + std::string(field) + "' must start with '$.' or '$[': it names a place in the "
                          "state's input, not a variable or the context object");
      return;
    }
    CheckRoot(rp.path(), pointer, field);
  } catch (const path::ParseError& e) {
    std::string_view what = kind == PathKind::kPath ? "JSONPath" : "reference path";
    ctx_.ReportInString(kind == PathKind::kPath ? "SFN601" : "SFN602", pointer, e.offset,
                        "invalid " + std::string(what) + " in '" + std::string(field) + "': " + e.message);
  }
}

// A ".$" key's value: a path, a context path, a variable path, or an intrinsic function call.
void PathChecker::CheckDynamicValue(const std::string& text, const std::string& pointer, std::string_view key) {
  if (!text.empty() && std::isspace(static_cast<unsigned char>(text[0]))) {
    ctx_.ReportInString("SFN605", pointer, 0,
                        "the value of '" + std::string(key) + "' starts with white space; it must start with '$' or 'States.'");
    return;
  }
  if (path::LooksLikeIntrinsic(text)) {
    if (auto error = path::CheckIntrinsic(text)) {
      ctx_.ReportInString("SFN603", pointer, error->offset,
                          "invalid intrinsic function in '" + std::string(key) + "': " + error->message);
    }
    return;
  }
  if (text.empty() || text[0] != '$') {
    ctx_.ReportInString("SFN605", pointer, 0,
                        "the value of '" + std::string(key) +
                            "' must be a path ('$...') or an intrinsic function ('States....'), not '" + text + "'");
    return;
  }
  CheckPathString(text, pointer, PathKind::kPath, key);
}

// Walks a payload template: duplicate fields after '.$' is dropped, and every dynamic value. Pointers are
// built only for the values that are checked further or reported.
void CheckTemplate(RuleContext& ctx, PathChecker& paths, const Json& value, const std::string& pointer, size_t depth) {
  if (depth > 64) return;
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      const Json& item = value[i];
      if (item.is_object() || item.is_array()) CheckTemplate(ctx, paths, item, AppendPointer(pointer, i), depth + 1);
    }
    return;
  }
  if (!value.is_object()) return;
  // The object type is a vector of pairs underneath; index it as one.
  const auto& members = static_cast<const std::vector<Json::object_t::value_type>&>(value.get_ref<const Json::object_t&>());
  constexpr size_t kScanLimit = 16;  // larger objects find duplicates through a hash map
  std::unordered_map<std::string_view, std::string_view> seen;  // field name without ".$" -> key as written
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string& key = members[i].first;
    std::string_view name = model::FieldNameOf(key);
    std::string_view first;  // an earlier key that sets the same field
    if (members.size() > kScanLimit) {
      auto [prev, inserted] = seen.emplace(name, key);
      if (!inserted) first = prev->second;
    } else {
      for (size_t j = 0; j < i && first.empty(); ++j) {
        if (model::FieldNameOf(members[j].first) == name) first = members[j].first;
      }
    }
    if (!first.empty()) {
      ctx.Report("SFN508", AppendPointer(pointer, key),
                 "'" + key + "' and '" + std::string(first) + "' both set the field '" + std::string(name) + "'", true);
    }
    const Json& v = members[i].second;
    bool dynamic = name.size() != key.size();
    if (!dynamic) {
      if (v.is_object() || v.is_array()) CheckTemplate(ctx, paths, v, AppendPointer(pointer, key), depth + 1);
    } else if (model::IsPlaceholder(v)) {
      continue;
    } else if (!v.is_string()) {
      ctx.Report("SFN605", AppendPointer(pointer, key),
                 "the value of '" + key + "' must be a path or an intrinsic function string");
    } else {
      paths.CheckDynamicValue(v.get_ref<const std::string&>(), AppendPointer(pointer, key), key);
    }
  }
}

void CheckJsonPathState(RuleContext& ctx, const State& s, const VariableFlow& variables) {
  PathChecker paths(ctx, s, variables);
  // `holder` is the object that holds the field: the state, or a Catch entry.
  auto path = [&](const model::PathField& f, const Json* holder, PathKind kind, std::string_view field) {
    const Json* raw = f.present && !f.is_null && holder != nullptr ? FindMember(*holder, field) : nullptr;
    if (raw && raw->is_string() && !model::IsPlaceholder(*raw)) paths.CheckPathString(f.path, f.pointer, kind, field);
  };
  path(s.input_path, s.raw, PathKind::kPath, "InputPath");
  path(s.output_path, s.raw, PathKind::kPath, "OutputPath");
  path(s.result_path, s.raw, PathKind::kResultPath, "ResultPath");
  path(s.items_path, s.raw, PathKind::kReference, "ItemsPath");
  for (size_t i = 0; i < s.catches.size(); ++i) {
    path(s.catches[i].result_path, s.RawItem("Catch", i), PathKind::kResultPath, "ResultPath");
  }
  for (std::string_view field : {"TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath",
                                 "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"}) {
    const Json* v = s.RawField(field);
    if (v && v->is_string() && !model::IsPlaceholder(*v)) {
      paths.CheckPathString(v->get_ref<const std::string&>(), AppendPointer(s.pointer, field), PathKind::kReference,
                            field);
    }
  }
  for (std::string_view field : {"ErrorPath", "CausePath"}) {
    const Json* v = s.RawField(field);
    if (v && v->is_string() && !model::IsPlaceholder(*v)) {
      paths.CheckDynamicValue(v->get_ref<const std::string&>(), AppendPointer(s.pointer, field), field);
    }
  }
  for (std::string_view field : {"Parameters", "ResultSelector", "ItemSelector", "Credentials"}) {
    if (const Json* v = s.RawField(field)) CheckTemplate(ctx, paths, *v, AppendPointer(s.pointer, field), 0);
  }
  if (s.assign) CheckTemplate(ctx, paths, s.assign->value, s.assign->pointer, 0);
  for (const auto& c : s.catches) {
    if (c.assign) CheckTemplate(ctx, paths, c.assign->value, c.assign->pointer, 0);
  }
  if (const Json* reader = s.RawField("ItemReader"); reader && reader->is_object() && reader->contains("Parameters")) {
    CheckTemplate(ctx, paths, (*reader)["Parameters"], AppendPointer(AppendPointer(s.pointer, "ItemReader"), "Parameters"),
                  0);
  }
  auto check_rule = [&](auto&& self, const model::ChoiceRule& rule) -> void {
    if (rule.kind == model::ChoiceRule::Kind::kComparison) {
      // The model holds a string Variable as it is; an empty one may also be absent or of another type.
      const Json* v = rule.variable.empty() ? ctx.Raw(AppendPointer(rule.pointer, "Variable")) : nullptr;
      if (!rule.variable.empty() || (v && v->is_string())) {
        paths.CheckPathString(rule.variable, AppendPointer(rule.pointer, "Variable"), PathKind::kReference, "Variable");
      }
      if (rule.op.size() > 4 && rule.op.compare(rule.op.size() - 4, 4, "Path") == 0 && rule.operand.is_string()) {
        paths.CheckPathString(rule.operand.get<std::string>(), AppendPointer(rule.pointer, rule.op),
                              PathKind::kReference, rule.op);
      }
    }
    for (const auto& child : rule.children) self(self, child);
  };
  for (const auto& rule : s.choices) {
    check_rule(check_rule, rule);
    if (rule.assign) CheckTemplate(ctx, paths, rule.assign->value, rule.assign->pointer, 0);
  }
}

// Checks the JSONata strings of one state: their framing, their syntax, and the workflow variables they
// read (`variables` as for PathChecker).
class JsonataChecker {
 public:
  JsonataChecker(RuleContext& ctx, const State& state, const VariableFlow& variables)
      : ctx_(ctx), state_(state), variables_(variables) {}

  // JSONata strings must be framed by "{%" and "%}" as a whole; a string that opens without closing (or the
  // reverse) is almost always a typo that AWS would take as a literal.
  void CheckValue(const Json& value, const std::string& pointer, size_t depth) {
    if (depth > 64) return;
    if (value.is_string()) {
      const auto& s = value.get_ref<const std::string&>();
      bool opens = s.rfind("{%", 0) == 0;
      bool closes = s.size() >= 2 && s.compare(s.size() - 2, 2, "%}") == 0;
      if (opens != closes || (opens && s.size() < 4)) {
        ctx_.Report("SFN606", pointer,
                    opens ? "JSONata expression starts with '{%' but does not end with '%}'"
                          : "JSONata expression ends with '%}' but does not start with '{%'");
      } else if (opens) {
        CheckExpression(s, pointer);
      }
      return;
    }
    if (value.is_object()) {
      for (auto it = value.begin(); it != value.end(); ++it) {
        CheckValue(it.value(), AppendPointer(pointer, it.key()), depth + 1);
      }
    } else if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) CheckValue(value[i], AppendPointer(pointer, i), depth + 1);
    }
  }

 private:
  // Parses the expression inside "{% ... %}": a syntax error is reported at its column in the file.
  void CheckExpression(const std::string& text, const std::string& pointer) {
    std::string_view body = model::JsonataBody(text);
    std::shared_ptr<const jsonata::Expression> expression;
    try {
      expression = jsonata::Expression::Compile(body);
    } catch (const jsonata::Error& e) {
      size_t at = 2 + static_cast<size_t>(
                          std::max<int64_t>(0, std::min<int64_t>(e.position, static_cast<int64_t>(body.size()))));
      ctx_.ReportInString("SFN604", pointer, at, "invalid JSONata expression: " + e.code + " " + e.what());
      return;
    }
    for (const std::string& name : expression->FreeVariables()) {
      if (name == "states" || jsonata::IsAwsFunction(name)) continue;
      bool never = !variables_.Visible(state_, name);
      if (!never && variables_.Certain(state_, name)) continue;
      size_t at = 2 + VariableOffset(body, name);
      if (never) {
        ctx_.ReportInString("SFN705", pointer, at,
                            "JSONata expression reads the variable '$" + name +
                                "', which no 'Assign' in this scope or an enclosing one sets; it evaluates to "
                                "undefined");
      } else {
        ctx_.ReportInString("SFN703", pointer, at,
                            "JSONata expression reads the variable '$" + name +
                                "', which is not assigned on every path to state '" + state_.name + "'");
      }
    }
  }

  // Where "$name" first stands in `body` as a whole name, or 0.
  static size_t VariableOffset(std::string_view body, const std::string& name) {
    std::string token = "$" + name;
    for (size_t at = body.find(token); at != std::string_view::npos; at = body.find(token, at + 1)) {
      size_t end = at + token.size();
      bool whole = end >= body.size() || !(std::isalnum(static_cast<unsigned char>(body[end])) || body[end] == '_' ||
                                            static_cast<unsigned char>(body[end]) >= 0x80);
      if (whole) return at;
    }
    return 0;
  }

  RuleContext& ctx_;
  const State& state_;
  const VariableFlow& variables_;
};

void CheckJsonataState(RuleContext& ctx, const State& s, const VariableFlow& variables) {
  if (!s.raw || !s.raw->is_object()) return;
  JsonataChecker checker(ctx, s, variables);
  for (auto it = s.raw->begin(); it != s.raw->end(); ++it) {
    const std::string& key = it.key();
    if (key == "ItemProcessor" || key == "Iterator" || key == "Branches" || key == "Comment") continue;
    checker.CheckValue(it.value(), AppendPointer(s.pointer, key), 0);
  }
}

}  // namespace

void CheckExpressions(RuleContext& ctx) {
  VariableFlow variables(ctx.Machine());
  for (const State* s : ctx.Machine().AllStates()) {
    if (s->IsJsonata()) {
      CheckJsonataState(ctx, *s, variables);
    } else {
      CheckJsonPathState(ctx, *s, variables);
    }
  }
}

}  // namespace sfn::lint
