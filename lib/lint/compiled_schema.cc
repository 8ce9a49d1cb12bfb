#include "lint/compiled_schema.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sfn::lint {

namespace {

enum TypeBit : uint8_t {
  kObject = 1,
  kArray = 2,
  kString = 4,
  kBoolean = 8,
  kNull = 16,
  kNumber = 32,   // any number
  kInteger = 64,  // a number stored as an integer (strict types, as valijson)
};

uint8_t TypeBitOf(const std::string& name) {
  if (name == "object") return kObject;
  if (name == "array") return kArray;
  if (name == "string") return kString;
  if (name == "boolean") return kBoolean;
  if (name == "null") return kNull;
  if (name == "number") return kNumber;
  if (name == "integer") return kInteger;
  throw std::runtime_error("unknown type '" + name + "' in schema");
}

bool TypeMatches(uint8_t mask, const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: return (mask & kObject) != 0;
    case Json::value_t::array: return (mask & kArray) != 0;
    case Json::value_t::string: return (mask & kString) != 0;
    case Json::value_t::boolean: return (mask & kBoolean) != 0;
    case Json::value_t::null: return (mask & kNull) != 0;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return (mask & (kNumber | kInteger)) != 0;
    case Json::value_t::number_float: return (mask & kNumber) != 0;
    default: return false;
  }
}

size_t Utf8Length(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

class Pattern {
 public:
  explicit Pattern(const std::string& text) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), PCRE2_UTF, &error, &offset,
                          nullptr);
    if (code_ == nullptr) {
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(error, message, sizeof message);
      throw std::runtime_error("pattern '" + text + "' does not compile: " + reinterpret_cast<const char*>(message));
    }
  }
  ~Pattern() { pcre2_code_free(code_); }
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  // True when the pattern matches somewhere in `s` (JSON Schema patterns are not anchored).
  // One match block per thread serves every pattern: only whether there is a match is asked, and a block
  // too small for the captures still reports one (pcre2_match then returns 0).
  bool Search(const std::string& s) const {
    struct MatchData {
      pcre2_match_data* data = pcre2_match_data_create(1, nullptr);
      ~MatchData() { pcre2_match_data_free(data); }
    };
    thread_local MatchData match;
    if (match.data == nullptr) throw std::bad_alloc();
    int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, match.data, nullptr);
    return rc >= 0;
  }

 private:
  pcre2_code* code_ = nullptr;
};

struct Node;

struct Dependency {
  std::vector<std::string> required;  // the array form
  const Node* schema = nullptr;       // the schema form
};

struct Node {
  std::optional<bool> boolean;  // a `true` or `false` schema
  const Node* ref = nullptr;    // $ref: the node stands for its target
  uint8_t types = 0;            // 0: any type
  std::vector<Json> enum_values;
  bool has_enum = false;
  std::optional<Json> const_value;
  std::optional<double> minimum, maximum, exclusive_minimum, exclusive_maximum;
  std::optional<size_t> min_length, max_length, min_items, max_items, min_properties, max_properties;
  std::unique_ptr<Pattern> pattern;
  const Node* items = nullptr;
  std::vector<std::string> required;
  std::unordered_map<std::string, const Node*> properties;
  const Node* additional_properties = nullptr;
  const Node* property_names = nullptr;
  std::vector<std::pair<std::string, Dependency>> dependencies;
  std::vector<const Node*> all_of, any_of, one_of;
  const Node* not_ = nullptr;
  const Node *if_ = nullptr, *then_ = nullptr, *else_ = nullptr;
};

// The keywords that bound a number, and those that bound a count (of characters, items or properties):
// each sets one member of the node.
using NumberMember = std::optional<double> Node::*;
using CountMember = std::optional<size_t> Node::*;

NumberMember NumberBound(std::string_view key) {
  static constexpr std::pair<std::string_view, NumberMember> kBounds[] = {
      {"minimum", &Node::minimum},
      {"maximum", &Node::maximum},
      {"exclusiveMinimum", &Node::exclusive_minimum},
      {"exclusiveMaximum", &Node::exclusive_maximum}};
  for (const auto& [name, member] : kBounds) {
    if (name == key) return member;
  }
  return nullptr;
}

CountMember CountBound(std::string_view key) {
  static constexpr std::pair<std::string_view, CountMember> kBounds[] = {
      {"minLength", &Node::min_length},         {"maxLength", &Node::max_length},
      {"minItems", &Node::min_items},           {"maxItems", &Node::max_items},
      {"minProperties", &Node::min_properties}, {"maxProperties", &Node::max_properties}};
  for (const auto& [name, member] : kBounds) {
    if (name == key) return member;
  }
  return nullptr;
}

}  // namespace

struct CompiledSchema::Graph {
  const Json* root_document = nullptr;
  std::vector<std::unique_ptr<Node>> nodes;
  std::map<const Json*, Node*> compiled;  // schema value -> its node (shared by every $ref to it)
  const Node* root = nullptr;

  Node* Compile(const Json& s) {
    if (auto it = compiled.find(&s); it != compiled.end()) return it->second;
    nodes.push_back(std::make_unique<Node>());
    Node* node = nodes.back().get();
    compiled[&s] = node;
    if (s.is_boolean()) {
      node->boolean = s.get<bool>();
      return node;
    }
    if (s.contains("$ref")) {
      const std::string target = s["$ref"].get<std::string>();
      Json::json_pointer pointer(target.substr(1));
      if (target.rfind("#/", 0) != 0 || !root_document->contains(pointer)) {
        throw std::runtime_error("reference '" + target + "' does not resolve");
      }
      node->ref = Compile(root_document->at(pointer));
      return node;
    }
    if (!s.is_object()) return node;
    // One pass over the keywords (a schema object holds a handful of the thirty or so known ones).
    for (auto it = s.begin(); it != s.end(); ++it) {
      std::string_view key = it.key();
      const Json& v = it.value();
      if (key == "type") {
        if (v.is_string()) {
          node->types = TypeBitOf(v.get<std::string>());
        } else {
          for (const Json& one : v) node->types |= TypeBitOf(one.get<std::string>());
        }
      } else if (key == "enum") {
        node->has_enum = true;
        for (const Json& e : v) node->enum_values.push_back(e);
      } else if (key == "const") {
        node->const_value = v;
      } else if (auto bound = NumberBound(key)) {
        node->*bound = v.get<double>();
      } else if (auto count = CountBound(key)) {
        node->*count = v.get<size_t>();
      } else if (key == "pattern") {
        node->pattern = std::make_unique<Pattern>(v.get<std::string>());
      } else if (key == "items") {
        node->items = Compile(v);
      } else if (key == "required") {
        for (const Json& name : v) node->required.push_back(name.get<std::string>());
      } else if (key == "properties") {
        for (auto p = v.begin(); p != v.end(); ++p) node->properties[p.key()] = Compile(p.value());
      } else if (key == "additionalProperties") {
        node->additional_properties = Compile(v);
      } else if (key == "propertyNames") {
        node->property_names = Compile(v);
      } else if (key == "dependencies") {
        for (auto d = v.begin(); d != v.end(); ++d) {
          Dependency dependency;
          if (d.value().is_array()) {
            for (const Json& field : d.value()) dependency.required.push_back(field.get<std::string>());
          } else {
            dependency.schema = Compile(d.value());
          }
          node->dependencies.emplace_back(d.key(), std::move(dependency));
        }
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        auto& list = key == "allOf" ? node->all_of : key == "anyOf" ? node->any_of : node->one_of;
        for (const Json& branch : v) list.push_back(Compile(branch));
      } else if (key == "not") {
        node->not_ = Compile(v);
      } else if (key == "if") {
        node->if_ = Compile(v);
      } else if (key == "then") {
        node->then_ = Compile(v);
      } else if (key == "else") {
        node->else_ = Compile(v);
      }
    }
    return node;
  }
};

namespace {

bool Valid(const Node* node, const Json& v);

bool ValidObject(const Node& n, const Json& v) {
  if (n.min_properties && v.size() < *n.min_properties) return false;
  if (n.max_properties && v.size() > *n.max_properties) return false;
  for (const std::string& name : n.required) {
    if (!v.contains(name)) return false;
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string& key = it.key();
    auto declared = n.properties.find(key);
    if (declared != n.properties.end()) {
      if (!Valid(declared->second, it.value())) return false;
    } else if (n.additional_properties != nullptr && !Valid(n.additional_properties, it.value())) {
      return false;
    }
    if (n.property_names != nullptr) {
      thread_local Json name = "";  // reused: no allocation per key
      name.get_ref<std::string&>().assign(key);
      if (!Valid(n.property_names, name)) return false;
    }
  }
  for (const auto& [name, dependency] : n.dependencies) {
    if (!v.contains(name)) continue;
    for (const std::string& field : dependency.required) {
      if (!v.contains(field)) return false;
    }
    if (dependency.schema != nullptr && !Valid(dependency.schema, v)) return false;
  }
  return true;
}

bool ValidArray(const Node& n, const Json& v) {
  if (n.min_items && v.size() < *n.min_items) return false;
  if (n.max_items && v.size() > *n.max_items) return false;
  if (n.items != nullptr) {
    for (const Json& item : v) {
      if (!Valid(n.items, item)) return false;
    }
  }
  return true;
}

bool ValidString(const Node& n, const Json& v) {
  const std::string& s = v.get_ref<const std::string&>();
  if (n.min_length || n.max_length) {
    size_t length = Utf8Length(s);
    if (n.min_length && length < *n.min_length) return false;
    if (n.max_length && length > *n.max_length) return false;
  }
  return n.pattern == nullptr || n.pattern->Search(s);
}

bool ValidNumber(const Node& n, const Json& v) {
  double d = v.get<double>();
  if (n.minimum && d < *n.minimum) return false;
  if (n.maximum && d > *n.maximum) return false;
  if (n.exclusive_minimum && d <= *n.exclusive_minimum) return false;
  if (n.exclusive_maximum && d >= *n.exclusive_maximum) return false;
  return true;
}

bool Valid(const Node* node, const Json& v) {
  if (node->ref != nullptr) node = node->ref;
  const Node& n = *node;
  if (n.boolean) return *n.boolean;
  if (n.types != 0 && !TypeMatches(n.types, v)) return false;
  if (n.const_value && !(*n.const_value == v)) return false;
  if (n.has_enum && std::none_of(n.enum_values.begin(), n.enum_values.end(), [&](const Json& e) { return e == v; })) {
    return false;
  }
  if (v.is_object() && !ValidObject(n, v)) return false;
  if (v.is_array() && !ValidArray(n, v)) return false;
  if (v.is_string() && !ValidString(n, v)) return false;
  if (v.is_number() && !ValidNumber(n, v)) return false;
  for (const Node* branch : n.all_of) {
    if (!Valid(branch, v)) return false;
  }
  if (!n.any_of.empty() &&
      std::none_of(n.any_of.begin(), n.any_of.end(), [&](const Node* b) { return Valid(b, v); })) {
    return false;
  }
  if (!n.one_of.empty()) {
    int matches = 0;
    for (const Node* branch : n.one_of) {
      if (Valid(branch, v) && ++matches > 1) return false;
    }
    if (matches != 1) return false;
  }
  if (n.not_ != nullptr && Valid(n.not_, v)) return false;
  if (n.if_ != nullptr) {
    if (Valid(n.if_, v)) {
      if (n.then_ != nullptr && !Valid(n.then_, v)) return false;
    } else if (n.else_ != nullptr && !Valid(n.else_, v)) {
      return false;
    }
  }
  return true;
}

}  // namespace

CompiledSchema::CompiledSchema(const Json& schema) : graph_(std::make_unique<Graph>()) {
  graph_->root_document = &schema;
  graph_->root = graph_->Compile(schema);
  graph_->root_document = nullptr;
  graph_->compiled.clear();
  constexpr int kMaxHops = 64;
  for (auto& node : graph_->nodes) {  // resolve chains of $ref once, refusing cycles
    const Node* target = node->ref;
    for (int hops = 0; target != nullptr && target->ref != nullptr; ++hops) {
      if (hops >= kMaxHops) throw std::runtime_error("'$ref' chain does not end (a reference cycle)");
      target = target->ref;
    }
    node->ref = target;
  }
}

CompiledSchema::~CompiledSchema() = default;

bool CompiledSchema::Accepts(const Json& value) const { return Valid(graph_->root, value); }

}  // namespace sfn::lint
