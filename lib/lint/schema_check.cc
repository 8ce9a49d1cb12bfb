#include "lint/schema_check.h"

#include "common/edit_distance.h"
#include "lint/compiled_schema.h"
#include "lint/embedded_schema.h"
#include "loader/json_reader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace sfn::lint {

namespace {

// What the explainer walks: the schema as a document, its resolved references and the names of every
// field some object declares.
struct ExplainModel {
  Json schema;
  std::map<std::string, const Json*> refs;  // "#/definitions/X" -> node inside `schema`
  std::set<std::string> known_fields;       // every name under some "properties": fields of some ASL object
  // Each `pattern`, compiled on first use: std::regex is slow to compile, and only failing definitions
  // need one here.
  mutable std::map<std::string, std::unique_ptr<std::regex>> patterns;
  mutable std::mutex patterns_mutex;

  const std::regex& Pattern(const std::string& text) const {
    std::lock_guard<std::mutex> lock(patterns_mutex);
    auto& slot = patterns[text];
    if (!slot) slot = std::make_unique<std::regex>(text, std::regex::ECMAScript);
    return *slot;
  }
};

std::unique_ptr<ExplainModel> LoadExplainModel(Json schema);

}  // namespace

struct SchemaChecker::Impl {
  Json document;                             // the schema
  std::unique_ptr<CompiledSchema> program;   // what decides validity by default
  // valijson, the reference validator: compiled at once for a schema given as a document (so that a
  // schema valijson rejects is refused up front), on first use for the embedded one.
  mutable std::once_flag valijson_once;
  mutable nlohmann::json plain_schema;
  mutable valijson::Schema valijson_schema;
  // The explainer's model is needed only for a definition that fails; built on first need for the
  // embedded schema, at once otherwise (so that an unsupported schema is refused up front).
  mutable std::once_flag model_once;
  mutable std::unique_ptr<ExplainModel> model;

  const ExplainModel& Model() const {
    std::call_once(model_once, [this] {
      if (!model) model = LoadExplainModel(document);
    });
    return *model;
  }
  const valijson::Schema& Valijson() const;
};

namespace {

constexpr int kMaxDepth = 200;           // deeper definitions get one finding instead of a check
constexpr int kMaxSchemaHops = 64;       // $ref hops at one value (guards against schema cycles)
constexpr size_t kMaxRegexInput = 4096;  // longer strings skip `pattern` (std::regex recurses per char)
constexpr size_t kMaxQuoted = 48;

using Findings = std::vector<SchemaFinding>;

// ---- small text helpers ---------------------------------------------------------------------------

size_t Utf8Length(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string Truncate(const std::string& s) {
  if (s.size() <= kMaxQuoted) return s;
  size_t cut = kMaxQuoted;
  while (cut > 0 && (s[cut] & 0xC0) == 0x80) --cut;  // never split a UTF-8 sequence
  return s.substr(0, cut) + "...";
}

std::string Quote(const std::string& s) { return "'" + Truncate(s) + "'"; }

// How a value is shown after "got": strings quoted, scalars as JSON, containers by kind.
std::string Repr(const Json& v) {
  if (v.is_string()) return Quote(v.get<std::string>());
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  return DumpCompact(v);
}

std::string JoinAlternatives(const std::vector<std::string>& parts, const std::string& word) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += (i + 1 == parts.size()) ? " " + word + " " : ", ";
    out += parts[i];
  }
  return out;
}

std::string JoinQuoted(const Json& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += v.is_string() ? "'" + v.get<std::string>() + "'" : DumpCompact(v);
  }
  return out;
}

// The closest allowed name to a misspelled one, or "" when none is close enough.
std::string Suggest(const std::string& key, const std::vector<std::string>& names) {
  return ClosestMatch(key, names).value_or("");
}

std::string FormatNumber(const Json& n) { return DumpCompact(n); }

std::vector<std::string> KeysOf(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, unused] : object.items()) keys.push_back(key);
  return keys;
}

std::vector<std::string> StringsOf(const Json& array) {
  std::vector<std::string> strings;
  for (const auto& v : array) {
    if (v.is_string()) strings.push_back(v.get<std::string>());
  }
  return strings;
}

bool IsType(const std::string& type, const Json& v) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  if (type == "number") return v.is_number();
  if (type == "integer") return v.is_number_integer();
  return false;
}

bool TypeAccepts(const Json& type, const Json& v) {
  if (type.is_string()) return IsType(type.get<std::string>(), v);
  return std::any_of(type.begin(), type.end(), [&](const Json& t) { return t.is_string() && IsType(t, v); });
}

bool SameKind(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return true;
  return a.type() == b.type();
}

bool DeclaresObject(const Json& node) {
  if (!node.is_object() || !node.contains("type")) return false;
  const Json& t = node["type"];
  return t == "object" || (t.is_array() && t.size() == 1 && t[0] == "object");
}

// A oneOf whose branches are each {"required": [name]}: "exactly one of these fields".
bool IsFieldChoice(const Json& branches) {
  return std::all_of(branches.begin(), branches.end(), [](const Json& b) {
    return b.is_object() && b.size() == 1 && b.contains("required") && b["required"].is_array() &&
           b["required"].size() == 1 && b["required"][0].is_string();
  });
}

// ---- loading --------------------------------------------------------------------------------------

const std::set<std::string>& AnnotationKeywords() {
  static const std::set<std::string> kWords = {"$schema",     "$id",     "$comment", "title",
                                               "description", "default", "examples", "definitions"};
  return kWords;
}

const std::set<std::string>& AssertionKeywords() {
  // clang-format off
  static const std::set<std::string> kWords = {
      "$ref", "type", "enum", "const",
      "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
      "minLength", "maxLength", "pattern",
      "minItems", "maxItems", "items",
      "required", "properties", "additionalProperties", "propertyNames", "minProperties", "maxProperties",
      "dependencies", "allOf", "anyOf", "oneOf", "not", "if", "then", "else"};
  // clang-format on
  return kWords;
}

[[noreturn]] void SchemaError(const std::string& where, const std::string& what) {
  throw std::runtime_error("unsupported schema at '" + (where.empty() ? "/" : where) + "': " + what);
}

// Checks that every node uses only the keywords the explainer implements, resolves every $ref and
// checks every pattern is a string (compiled on first use), so that the explainer and valijson always judge alike.
class SchemaLoader {
 public:
  explicit SchemaLoader(ExplainModel& model) : impl_(model) {}

  void Load() { Visit(impl_.schema, ""); }

 private:
  void Visit(const Json& node, const std::string& at) {
    if (node.is_boolean()) return;
    if (!node.is_object()) SchemaError(at, "a schema must be an object or a boolean");
    for (const auto& [key, value] : node.items()) {
      if (AnnotationKeywords().count(key) == 0 && AssertionKeywords().count(key) == 0) {
        SchemaError(at, "keyword '" + key + "' is not supported");
      }
    }
    if (node.contains("$ref")) VisitRef(node, at);
    VisitChildren(node, at);
  }

  void VisitRef(const Json& node, const std::string& at) {
    for (const auto& [key, value] : node.items()) {
      if (key != "$ref" && AnnotationKeywords().count(key) == 0) {
        SchemaError(at, "'$ref' must not have sibling keyword '" + key + "'");
      }
    }
    const Json& ref = node["$ref"];
    if (!ref.is_string() || ref.get<std::string>().rfind("#/", 0) != 0) {
      SchemaError(at, "only local references '#/...' are supported");
    }
    const std::string target = ref.get<std::string>();
    if (impl_.refs.count(target) > 0) return;
    Json::json_pointer pointer(target.substr(1));
    if (!impl_.schema.contains(pointer)) SchemaError(at, "reference '" + target + "' does not resolve");
    impl_.refs[target] = &impl_.schema.at(pointer);
  }

  void VisitChildren(const Json& node, const std::string& at) {
    for (const char* key : {"definitions", "properties", "dependencies"}) {
      if (!node.contains(key)) continue;
      for (const auto& [name, child] : node[key].items()) {
        if (std::string(key) == "properties") impl_.known_fields.insert(name);
        if (!child.is_array()) Visit(child, AppendPointer(AppendPointer(at, key), name));
      }
    }
    for (const char* key : {"additionalProperties", "propertyNames", "not", "if", "then", "else"}) {
      if (node.contains(key)) Visit(node[key], AppendPointer(at, key));
    }
    if (node.contains("items")) {
      if (node["items"].is_array()) SchemaError(at, "tuple 'items' is not supported");
      Visit(node["items"], AppendPointer(at, "items"));
    }
    for (const char* key : {"allOf", "anyOf", "oneOf"}) {
      if (!node.contains(key)) continue;
      for (size_t i = 0; i < node[key].size(); ++i) {
        Visit(node[key][i], AppendPointer(AppendPointer(at, key), i));
      }
    }
    if (node.contains("pattern") && !node["pattern"].is_string()) SchemaError(at, "'pattern' must be a string");
  }

  ExplainModel& impl_;
};

// ---- explaining why a value does not match ---------------------------------------------------------

// Where a value sits, and how messages name it.
struct Site {
  std::string pointer;
  std::string name;   // "Seconds", "ErrorEquals[0]"; empty at the root
  std::string label;  // "'Seconds'", "state 'A'", "definition"
  std::string owner;  // title of the object schema applied here: "Task state"
  // Fields that unknown keys of this object look like misspellings of. Their absence is already
  // explained by the "did you mean" finding, so it is not reported again.
  std::set<std::string> misspelled;
};

Site MakeSite(std::string pointer, std::string name, std::string label) {
  Site site;
  site.pointer = std::move(pointer);
  site.name = std::move(name);
  site.label = std::move(label);
  return site;
}

Site FieldSite(const Site& parent, const std::string& key, const std::string& title) {
  std::string label = (title.empty() ? "" : title + " ") + Quote(key);
  return MakeSite(AppendPointer(parent.pointer, key), key, label);
}

Site ItemSite(const Site& parent, size_t index) {
  std::string name = (parent.name.empty() ? "entry" : parent.name) + "[" + std::to_string(index) + "]";
  return MakeSite(AppendPointer(parent.pointer, index), name, Quote(name));
}

// Walks the schema beside a value that valijson rejected and reports each problem once, at the deepest
// pointer that explains it. Implements exactly the keywords SchemaLoader admits.
class Explainer {
 public:
  explicit Explainer(const ExplainModel& model) : impl_(model) {}

  void Explain(const Json& node, const Json& value, const Site& site, int depth, Findings& out) const {
    if (depth > kMaxDepth) return;
    const Json* resolved = Resolve(node);
    if (resolved == nullptr) return;
    const Json& n = *resolved;
    if (n.is_boolean()) {
      if (!n.get<bool>()) Add(out, site.pointer, site.label + " is not allowed here");
      return;
    }
    Site here = site;
    if (DeclaresObject(n) && n.contains("title") && value.is_object()) {
      here.owner = n["title"].get<std::string>();
    }
    if (value.is_object() && n.is_object() && n.value("additionalProperties", Json(true)) == false) {
      here.misspelled = Misspellings(n, value);
    }
    if (!CheckType(n, value, here, out) || !CheckValue(n, value, here, out)) return;
    if (!CheckAlternatives(n, value, here, depth, out)) return;
    if (value.is_object()) CheckObject(n, value, here, depth, out);
    if (value.is_array()) CheckArray(n, value, here, depth, out);
    if (value.is_string()) CheckString(n, value, here, out);
    if (value.is_number()) CheckNumber(n, value, here, out);
    CheckComposition(n, value, here, depth, out);
  }

  bool Matches(const Json& node, const Json& value, int depth) const {
    Findings scratch;
    Explain(node, value, Site{}, depth, scratch);
    return scratch.empty();
  }

 private:
  std::set<std::string> Misspellings(const Json& n, const Json& value) const {
    std::set<std::string> names;
    std::vector<std::string> allowed =
        n.contains("properties") ? KeysOf(n["properties"]) : std::vector<std::string>{};
    for (const auto& [key, unused] : value.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      if (impl_.known_fields.count(key) > 0) continue;  // reported as misplaced, not misspelled
      std::string suggestion = Suggest(key, allowed);
      if (!suggestion.empty()) names.insert(suggestion);
    }
    return names;
  }

  static void Add(Findings& out, const std::string& pointer, std::string message) {
    out.push_back(SchemaFinding{pointer, std::move(message)});
  }

  // A schema titled "" (such as the ${Name} placeholder) is an alternative that is accepted but never
  // named in messages nor explained.
  bool IsHidden(const Json& node) const {
    const Json* n = Resolve(node);
    return n != nullptr && n->is_object() && n->contains("title") && (*n)["title"] == "";
  }

  const Json* Resolve(const Json& node) const {
    const Json* n = &node;
    for (int hops = 0; n->is_object() && n->contains("$ref"); ++hops) {
      if (hops >= kMaxSchemaHops) return nullptr;
      auto it = impl_.refs.find((*n)["$ref"].get<std::string>());
      if (it == impl_.refs.end()) return nullptr;
      n = it->second;
    }
    return n;
  }

  void Mismatch(const Json& node, const Json& value, const Site& site, Findings& out) const {
    std::string expected = Describe(node);
    if (expected.empty()) expected = "something else";
    std::string suggestion = value.is_string() ? Suggest(value.get<std::string>(), EnumStrings(node)) : "";
    Add(out, site.pointer,
        site.label + " must be " + expected + " (got " + Repr(value) +
            (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?") + ")");
  }

  // The string values an enum allows, looking through $ref and alternatives.
  std::vector<std::string> EnumStrings(const Json& node) const {
    const Json* n = Resolve(node);
    if (n == nullptr || !n->is_object()) return {};
    if (n->contains("enum")) return StringsOf((*n)["enum"]);
    std::vector<std::string> strings;
    for (const char* key : {"anyOf", "oneOf"}) {
      if (!n->contains(key)) continue;
      for (const auto& b : (*n)[key]) {
        auto more = EnumStrings(b);
        strings.insert(strings.end(), more.begin(), more.end());
      }
    }
    return strings;
  }

  bool CheckType(const Json& n, const Json& value, const Site& site, Findings& out) const {
    if (!n.contains("type") || TypeAccepts(n["type"], value)) return true;
    Mismatch(n, value, site, out);
    return false;
  }

  bool CheckValue(const Json& n, const Json& value, const Site& site, Findings& out) const {
    if (n.contains("const") && n["const"] != value) {
      Mismatch(n, value, site, out);
      return false;
    }
    if (!n.contains("enum")) return true;
    const Json& values = n["enum"];
    if (std::any_of(values.begin(), values.end(), [&](const Json& e) { return e == value; })) return true;
    Mismatch(n, value, site, out);
    return false;
  }

  // anyOf, a oneOf that is not a field choice, and not: alternatives for the value as a whole. When
  // none fits, one finding names them all, unless exactly one alternative has the value's JSON type:
  // then the problem lies inside that one, and the explanation goes on there.
  bool CheckAlternatives(const Json& n, const Json& value, const Site& site, int depth, Findings& out) const {
    if (n.contains("anyOf") && !IsFieldChoice(n["anyOf"]) &&
        !CheckAnyOf(n, n["anyOf"], value, site, depth, out)) {
      return false;
    }
    if (n.contains("oneOf") && !IsFieldChoice(n["oneOf"]) && !CheckOneOf(n, value, site, depth, out)) {
      return false;
    }
    if (n.contains("not") && Matches(n["not"], value, depth)) {
      Add(out, site.pointer, site.label + " is not allowed here");
      return false;
    }
    return true;
  }

  bool CheckAnyOf(const Json& n, const Json& branches, const Json& value, const Site& site, int depth,
                  Findings& out) const {
    for (const auto& b : branches) {
      if (Matches(b, value, depth)) return true;
    }
    ExplainBestBranch(n, branches, value, site, depth, out);
    return false;
  }

  bool CheckOneOf(const Json& n, const Json& value, const Site& site, int depth, Findings& out) const {
    const Json& branches = n["oneOf"];
    auto count = std::count_if(branches.begin(), branches.end(),
                               [&](const Json& b) { return Matches(b, value, depth); });
    if (count == 1) return true;
    if (count == 0) {
      ExplainBestBranch(n, branches, value, site, depth, out);
    } else {
      Add(out, site.pointer, site.label + " matches more than one of the allowed forms");
    }
    return false;
  }

  void ExplainBestBranch(const Json& n, const Json& branches, const Json& value, const Site& site, int depth,
                         Findings& out) const {
    const Json* only = nullptr;
    int candidates = 0;
    for (const auto& b : branches) {
      if (AcceptsKind(b, value)) {
        ++candidates;
        only = &b;
      }
    }
    size_t before = out.size();
    if (candidates == 1 && !IsHidden(*only)) Explain(*only, value, site, depth, out);
    if (out.size() == before) Mismatch(n, value, site, out);
  }

  // Whether a schema could accept a value of this JSON type at all.
  bool AcceptsKind(const Json& node, const Json& value) const {
    const Json* n = Resolve(node);
    if (n == nullptr || n->is_boolean()) return n != nullptr && n->get<bool>();
    if (n->contains("type")) return TypeAccepts((*n)["type"], value);
    if (n->contains("const")) return SameKind((*n)["const"], value);
    if (n->contains("enum")) {
      const Json& values = (*n)["enum"];
      return std::any_of(values.begin(), values.end(), [&](const Json& e) { return SameKind(e, value); });
    }
    for (const char* key : {"anyOf", "oneOf"}) {
      if (n->contains(key)) {
        const Json& bs = (*n)[key];
        return std::any_of(bs.begin(), bs.end(), [&](const Json& b) { return AcceptsKind(b, value); });
      }
    }
    return true;
  }

  // allOf, if/then/else and field-choice oneOf: further rules on the same value, reported alongside
  // the problems found in its fields.
  void CheckComposition(const Json& n, const Json& value, const Site& site, int depth, Findings& out) const {
    if (n.contains("allOf")) {
      for (const auto& b : n["allOf"]) Explain(b, value, site, depth, out);
    }
    if (n.contains("if")) {
      bool holds = Matches(n["if"], value, depth);
      const char* branch = holds ? "then" : "else";
      if (n.contains(branch)) Explain(n[branch], value, site, depth, out);
    }
    for (const char* key : {"anyOf", "oneOf"}) {
      if (n.contains(key) && IsFieldChoice(n[key]) && value.is_object()) {
        CheckFieldChoice(n, n[key], std::string(key) == "oneOf", value, site, out);
      }
    }
  }

  // "At least one of these fields" (anyOf) or "exactly one" (oneOf): reports the missing group at the
  // object, or the second field of a forbidden pair at that field.
  void CheckFieldChoice(const Json& n, const Json& branches, bool exactly_one, const Json& value,
                        const Site& site, Findings& out) const {
    std::set<std::string> names;
    for (const auto& b : branches) names.insert(b["required"][0].get<std::string>());
    std::vector<std::string> present;
    for (const auto& [key, unused] : value.items()) {
      if (names.count(key) > 0) present.push_back(key);
    }
    if (present.size() == 1 || (!present.empty() && !exactly_one)) return;
    if (present.empty()) {
      for (const auto& name : names) {
        if (site.misspelled.count(name) > 0) return;
      }
      std::vector<std::string> quoted;
      for (const auto& b : branches) quoted.push_back("'" + b["required"][0].get<std::string>() + "'");
      std::string group =
          n.contains("title") ? n["title"].get<std::string>() : JoinAlternatives(quoted, "or");
      Add(out, site.pointer, "missing " + group + (site.owner.empty() ? "" : " in " + site.owner));
      return;
    }
    Add(out, AppendPointer(site.pointer, present[1]),
        "'" + present[1] + "' cannot be used together with '" + present[0] + "'");
  }

  void CheckObject(const Json& n, const Json& value, const Site& site, int depth, Findings& out) const {
    if (n.contains("required")) {
      for (const auto& name : n["required"]) {
        const std::string& field = name.get_ref<const std::string&>();
        if (!value.contains(field) && site.misspelled.count(field) == 0) {
          Add(out, site.pointer, "missing required field '" + field + "'");
        }
      }
    }
    CheckPropertyCount(n, value, site, out);
    if (n.contains("propertyNames")) CheckPropertyNames(n["propertyNames"], value, site, depth, out);
    if (n.contains("properties") || n.contains("additionalProperties")) {
      CheckProperties(n, value, site, depth, out);
    }
    if (n.contains("dependencies")) CheckDependencies(n["dependencies"], value, site, depth, out);
  }

  void CheckPropertyCount(const Json& n, const Json& value, const Site& site, Findings& out) const {
    if (n.contains("minProperties") && value.size() < n["minProperties"].get<size_t>()) {
      size_t min = n["minProperties"].get<size_t>();
      Add(out, site.pointer,
          site.label +
              (min == 1 ? " must not be empty" : " must have at least " + std::to_string(min) + " fields"));
    }
    if (n.contains("maxProperties") && value.size() > n["maxProperties"].get<size_t>()) {
      Add(out, site.pointer,
          site.label + " must have at most " + DumpCompact(n["maxProperties"]) + " fields");
    }
  }

  void CheckPropertyNames(const Json& names, const Json& value, const Site& site, int depth,
                          Findings& out) const {
    const Json* resolved = Resolve(names);
    bool titled = resolved != nullptr && resolved->is_object() && resolved->contains("title");
    std::string noun = titled ? (*resolved)["title"].get<std::string>() : "name";
    for (const auto& [key, unused] : value.items()) {
      Site key_site = MakeSite(AppendPointer(site.pointer, key), key, noun + " " + Quote(key));
      Explain(names, Json(key), key_site, depth + 1, out);
    }
  }

  void CheckProperties(const Json& n, const Json& value, const Site& site, int depth, Findings& out) const {
    static const Json kNoProperties = Json::object();
    const Json& properties = n.contains("properties") ? n["properties"] : kNoProperties;
    for (const auto& [key, child] : value.items()) {
      if (properties.contains(key)) {
        Explain(properties[key], child, FieldSite(site, key, ""), depth + 1, out);
      } else if (n.contains("additionalProperties")) {
        CheckAdditional(n["additionalProperties"], properties, key, child, site, depth, out);
      }
    }
  }

  void CheckAdditional(const Json& additional, const Json& properties, const std::string& key,
                       const Json& child, const Site& site, int depth, Findings& out) const {
    if (additional.is_boolean()) {
      if (!additional.get<bool>()) ReportUnknownField(properties, key, site, out);
      return;
    }
    const Json* resolved = Resolve(additional);
    std::string title =
        resolved != nullptr && resolved->contains("title") ? (*resolved)["title"].get<std::string>() : "";
    Explain(additional, child, FieldSite(site, key, title), depth + 1, out);
  }

  void ReportUnknownField(const Json& properties, const std::string& key, const Site& site,
                          Findings& out) const {
    std::string where = site.owner.empty() ? "this object" : site.owner;
    std::string pointer = AppendPointer(site.pointer, key);
    if (impl_.known_fields.count(key) > 0) {
      Add(out, pointer, "field " + Quote(key) + " is not allowed in " + where);
      return;
    }
    std::string suggestion = Suggest(key, KeysOf(properties));
    Add(out, pointer,
        "unknown field " + Quote(key) + " in " + where +
            (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
  }

  void CheckDependencies(const Json& dependencies, const Json& value, const Site& site, int depth,
                         Findings& out) const {
    for (const auto& [key, dependency] : dependencies.items()) {
      if (!value.contains(key)) continue;
      if (!dependency.is_array()) {
        Explain(dependency, value, site, depth, out);
        continue;
      }
      for (const auto& needed : dependency) {
        if (!value.contains(needed.get<std::string>())) {
          Add(out, site.pointer,
              "missing required field '" + needed.get<std::string>() + "' (needed by '" + key + "')");
        }
      }
    }
  }

  void CheckArray(const Json& n, const Json& value, const Site& site, int depth, Findings& out) const {
    if (n.contains("minItems") && value.size() < n["minItems"].get<size_t>()) {
      size_t min = n["minItems"].get<size_t>();
      Add(out, site.pointer,
          site.label +
              (min == 1 ? " must not be empty" : " must have at least " + std::to_string(min) + " entries"));
    }
    if (n.contains("maxItems") && value.size() > n["maxItems"].get<size_t>()) {
      Add(out, site.pointer, site.label + " must have at most " + DumpCompact(n["maxItems"]) + " entries");
    }
    if (!n.contains("items")) return;
    for (size_t i = 0; i < value.size(); ++i) {
      Explain(n["items"], value[i], ItemSite(site, i), depth + 1, out);
    }
  }

  // Reports the first failing string constraint only: minLength, maxLength, then pattern.
  void CheckString(const Json& n, const Json& value, const Site& site, Findings& out) const {
    const std::string& s = value.get_ref<const std::string&>();
    size_t length = Utf8Length(s);
    if (n.contains("minLength") && length < n["minLength"].get<size_t>()) {
      size_t min = n["minLength"].get<size_t>();
      Add(out, site.pointer,
          site.label + (min == 1 ? " must not be empty"
                                 : " must be at least " + std::to_string(min) + " characters long"));
      return;
    }
    if (n.contains("maxLength") && length > n["maxLength"].get<size_t>()) {
      Add(out, site.pointer,
          site.label + " must be at most " + DumpCompact(n["maxLength"]) + " characters long (got " +
              std::to_string(length) + ")");
      return;
    }
    if (n.contains("pattern") && s.size() <= kMaxRegexInput) {
      const std::regex& re = impl_.Pattern(n["pattern"].get<std::string>());
      if (!std::regex_search(s, re)) Mismatch(n, value, site, out);
    }
  }

  void CheckNumber(const Json& n, const Json& value, const Site& site, Findings& out) const {
    double v = value.get<double>();
    bool ok = true;
    if (n.contains("minimum") && v < n["minimum"].get<double>()) ok = false;
    if (n.contains("maximum") && v > n["maximum"].get<double>()) ok = false;
    if (n.contains("exclusiveMinimum") && v <= n["exclusiveMinimum"].get<double>()) ok = false;
    if (n.contains("exclusiveMaximum") && v >= n["exclusiveMaximum"].get<double>()) ok = false;
    if (!ok) Mismatch(n, value, site, out);
  }

  // ---- what a schema expects, as a noun phrase ("a positive integer", "one of 'A', 'B'") ----

  std::string Describe(const Json& node) const {
    if (IsHidden(node)) return "";
    const Json* resolved = Resolve(node);
    if (resolved == nullptr || resolved->is_boolean()) return "";
    const Json& n = *resolved;
    if (n.contains("anyOf")) return DescribeAlternatives(n["anyOf"]);
    if (n.contains("title") && !DeclaresObject(n)) return n["title"].get<std::string>();
    if (n.contains("const")) {
      return n["const"].is_string() ? "'" + n["const"].get<std::string>() + "'" : DumpCompact(n["const"]);
    }
    if (n.contains("enum")) return "one of " + JoinQuoted(n["enum"]);
    if (n.contains("oneOf") && !IsFieldChoice(n["oneOf"])) return DescribeAlternatives(n["oneOf"]);
    if (!n.contains("type")) return "";
    std::vector<std::string> phrases;
    const Json& type = n["type"];
    if (type.is_string()) phrases.push_back(DescribeType(type.get<std::string>(), n));
    if (type.is_array()) {
      for (const auto& t : type) phrases.push_back(DescribeType(t.get<std::string>(), n));
    }
    return JoinAlternatives(phrases, "or");
  }

  std::string DescribeAlternatives(const Json& branches) const {
    std::vector<std::string> phrases;
    for (const auto& b : branches) {
      std::string p = Describe(b);
      if (!p.empty() && std::find(phrases.begin(), phrases.end(), p) == phrases.end()) phrases.push_back(p);
    }
    return JoinAlternatives(phrases, "or");
  }

  static std::string DescribeType(const std::string& type, const Json& n) {
    if (type == "integer") return DescribeRange(n, "integer", "an integer");
    if (type == "number") return DescribeRange(n, "number", "a number");
    if (type == "string") return DescribeStringType(n);
    if (type == "array") return DescribeArrayType(n);
    if (type == "object") return "an object";
    if (type == "boolean") return "a boolean";
    return type;  // "null"
  }

  static std::string DescribeRange(const Json& n, const std::string& noun, const std::string& plain) {
    bool has_min = n.contains("minimum");
    bool has_max = n.contains("maximum");
    if (has_min && has_max) {
      return "a " + noun + " from " + FormatNumber(n["minimum"]) + " to " + FormatNumber(n["maximum"]);
    }
    if (has_min && noun == "integer" && n["minimum"] == 1) return "a positive integer";
    if (has_min && noun == "integer" && n["minimum"] == 0) return "a non-negative integer";
    if (has_min) return plain + " of at least " + FormatNumber(n["minimum"]);
    if (has_max) return plain + " of at most " + FormatNumber(n["maximum"]);
    return plain;
  }

  static std::string DescribeStringType(const Json& n) {
    if (n.contains("pattern")) return "a string matching '" + n["pattern"].get<std::string>() + "'";
    if (n.contains("maxLength")) return "a string of at most " + DumpCompact(n["maxLength"]) + " characters";
    if (n.contains("minLength") && n["minLength"].get<size_t>() > 0) return "a non-empty string";
    return "a string";
  }

  static std::string DescribeArrayType(const Json& n) {
    std::string phrase =
        n.contains("minItems") && n["minItems"].get<size_t>() > 0 ? "a non-empty array" : "an array";
    if (n.contains("items") && n["items"].is_object() && n["items"].value("type", Json()) == "string") {
      phrase += " of strings";
    }
    return phrase;
  }

  const ExplainModel& impl_;
};

// ---- the fast path and its guards ------------------------------------------------------------------

bool NestsDeeperThan(const Json& root, int limit) {
  std::vector<std::pair<const Json*, int>> stack{{&root, 0}};
  while (!stack.empty()) {
    auto [value, depth] = stack.back();
    stack.pop_back();
    if (depth > limit) return true;
    if (!value->is_structured()) continue;
    for (const auto& child : *value) stack.emplace_back(&child, depth + 1);
  }
  return false;
}

bool ValijsonAccepts(const valijson::Schema& schema, const Json& definition) {
  const nlohmann::json plain(definition);
  valijson::adapters::NlohmannJsonAdapter adapter(plain);
  valijson::Validator validator;
  return validator.validate(schema, adapter, nullptr);
}

std::vector<SchemaFinding> Deduplicate(const Findings& findings) {
  Findings unique;
  for (const auto& f : findings) {
    if (std::find(unique.begin(), unique.end(), f) == unique.end()) unique.push_back(f);
  }
  return unique;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read schema file '" + path + "': " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

SchemaChecker::SchemaChecker(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

SchemaChecker SchemaChecker::FromFile(const std::string& path) {
  const std::string text = ReadFile(path);
  Json schema;
  try {
    schema = Json::parse(text);
  } catch (const Json::exception& e) {
    throw std::runtime_error("schema file '" + path + "' is not valid JSON: " + e.what());
  }
  try {
    return FromJson(schema);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("schema file '" + path + "': " + e.what());
  }
}

namespace {

std::unique_ptr<ExplainModel> LoadExplainModel(Json schema) {
  auto model = std::make_unique<ExplainModel>();
  model->schema = std::move(schema);
  SchemaLoader(*model).Load();
  return model;
}

void CompileValijson(const Json& document, nlohmann::json& plain, valijson::Schema& compiled) {
  plain = nlohmann::json(document);
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(plain);
    parser.populateSchema(adapter, compiled);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("invalid schema: ") + e.what());
  }
}

}  // namespace

const valijson::Schema& SchemaChecker::Impl::Valijson() const {
  std::call_once(valijson_once, [this] { CompileValijson(document, plain_schema, valijson_schema); });
  return valijson_schema;
}

SchemaChecker SchemaChecker::FromJson(const Json& schema) {
  auto impl = std::make_shared<Impl>();
  impl->document = schema;
  impl->model = LoadExplainModel(schema);
  impl->Valijson();
  try {
    impl->program = std::make_unique<CompiledSchema>(schema);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("invalid schema: ") + e.what());
  }
  return SchemaChecker(std::move(impl));
}

const SchemaChecker& SchemaChecker::Embedded() {
  // Built once and never destroyed: freeing it would only slow the exit.
  static const SchemaChecker* const kChecker = [] {
    auto impl = std::make_shared<Impl>();
    // sfn's own reader: a third of the time nlohmann's parser takes, which counts in a small `validate`.
    loader::JsonReadResult read = loader::ReadJson(EmbeddedAslSchema(), nullptr);
    if (read.error) throw std::runtime_error("the built-in schema does not parse: " + read.error->message);
    impl->document = std::move(read.value);
    impl->program = std::make_unique<CompiledSchema>(impl->document);
    return new SchemaChecker(std::move(impl));
  }();
  return *kChecker;
}

bool SchemaChecker::AcceptsCompiled(const Json& definition) const { return impl_->program->Accepts(definition); }

bool SchemaChecker::AcceptsWithValijson(const Json& definition) const {
  return ValijsonAccepts(impl_->Valijson(), definition);
}

std::vector<SchemaFinding> SchemaChecker::Check(const Json& definition) const {
  if (NestsDeeperThan(definition, kMaxDepth)) {
    return {SchemaFinding{"", "definition nests more than " + std::to_string(kMaxDepth) + " levels deep"}};
  }
  if (use_valijson_ ? AcceptsWithValijson(definition) : AcceptsCompiled(definition)) return {};
  Findings findings;
  Site root = MakeSite("", "", "definition");
  const ExplainModel& model = impl_->Model();
  Explainer(model).Explain(model.schema, definition, root, 0, findings);
  if (findings.empty()) findings.push_back(SchemaFinding{"", "definition does not match the schema"});
  return Deduplicate(findings);
}

}  // namespace sfn::lint
