#include "loader/yaml_reader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <unordered_set>
#include <vector>

namespace sfn::loader {
namespace {

// Estimates nesting depth without parsing: flow brackets outside quotes, and block indentation.
std::optional<ReadError> CheckYamlDepth(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  char quote = 0;
  size_t line_start = 0;
  bool at_line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      line_start = i + 1;
      at_line_start = true;
      if (quote == '\'') continue;
      continue;
    }
    if (at_line_start && c != ' ' && c != '-') {
      at_line_start = false;
      // Block nesting: each level needs at least one column of indentation.
      if (i - line_start > max_depth * 2) {
        return ReadError{"SFN005", "nesting is deeper than " + std::to_string(max_depth) + " levels", i};
      }
    }
    if (quote) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      --i;
      continue;
    }
    if (c == '"' || c == '\'') {
      bool starts_token = i == 0 || std::string_view(" \t[{,:-\n").find(text[i - 1]) != std::string_view::npos;
      if (starts_token) quote = c;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return ReadError{"SFN005", "nesting is deeper than " + std::to_string(max_depth) + " levels", i};
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

bool ParseYamlInt(const std::string& s, Json& out) {
  std::string_view v = s;
  bool negative = false;
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
    negative = v[0] == '-';
    v.remove_prefix(1);
  }
  if (v.empty()) return false;
  int base = 10;
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'o')) {
    base = v[1] == 'x' ? 16 : 8;
    v.remove_prefix(2);
  }
  uint64_t u;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), u, base);
  if (ec != std::errc() || p != v.data() + v.size()) return false;
  if (negative) {
    if (u > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    out = static_cast<int64_t>(0 - u);
  } else if (u <= static_cast<uint64_t>(INT64_MAX)) {
    out = static_cast<int64_t>(u);
  } else {
    out = u;
  }
  return true;
}

bool ParseYamlFloat(const std::string& s, Json& out) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "-.inf" || s == ".nan" || s == ".NaN" ||
      s == ".NAN") {
    return false;  // not representable in JSON: keep as a string
  }
  bool has_digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      has_digit = true;
    } else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') {
      return false;
    }
  }
  if (!has_digit) return false;
  std::string_view v = s;
  if (!v.empty() && v[0] == '+') v.remove_prefix(1);
  double d;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(d)) return false;
  out = d;
  return true;
}

Json ResolvePlainScalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  Json number;
  if (ParseYamlInt(s, number) || ParseYamlFloat(s, number)) return number;
  return s;
}

// Values a document may hold beyond two per byte of source: room for anchors and aliases used as
// intended, not for an alias bomb (see ReadLimits::max_nodes).
constexpr size_t kAliasAllowance = 100'000;

class Converter {
 public:
  Converter(const SourceText& source, PositionIndex* index, const ReadLimits& limits)
      : source_(source), index_(index), limits_(limits) {
    limits_.max_nodes = std::min(limits_.max_nodes, kAliasAllowance + 2 * source.Text().size());
  }

  bool Convert(const YAML::Node& node, PointerHash hash, uint32_t key_offset, size_t depth, Json& out);
  std::optional<ReadError> error;

 private:
  uint32_t OffsetOf(const YAML::Mark& mark) const {
    if (mark.line < 0) return 0;
    return static_cast<uint32_t>(source_.OffsetOf(mark.line + 1, mark.column + 1));
  }
  bool Fail(std::string code, std::string message, const YAML::Mark& mark) {
    if (!error) error = ReadError{std::move(code), std::move(message), OffsetOf(mark)};
    return false;
  }
  bool ConvertTagged(const YAML::Node& node, PointerHash hash, size_t depth, Json& out);

  const SourceText& source_;
  PositionIndex* index_;
  ReadLimits limits_;
  size_t nodes_ = 0;
};

bool Converter::ConvertTagged(const YAML::Node& node, PointerHash hash, size_t depth, Json& out) {
  std::string tag = node.Tag().substr(1);
  std::string name = (tag == "Ref" || tag == "Condition") ? tag : "Fn::" + tag;
  Json inner;
  // The tagged value is indexed at the pointer of the wrapper's single member.
  PointerHash inner_hash = ExtendPointerHash(hash, name);
  YAML::Node copy = node;
  copy.SetTag(node.IsScalar() ? "!" : "?");
  if (!Convert(copy, inner_hash, OffsetOf(node.Mark()), depth + 1, inner)) return false;
  if (tag == "GetAtt" && inner.is_string()) {
    std::string s = inner.get<std::string>();
    size_t dot = s.find('.');
    inner = dot == std::string::npos ? Json::array({s}) : Json::array({s.substr(0, dot), s.substr(dot + 1)});
  }
  out = Json::object();
  out[name] = std::move(inner);
  return true;
}

bool Converter::Convert(const YAML::Node& node, PointerHash hash, uint32_t key_offset, size_t depth, Json& out) {
  if (++nodes_ > limits_.max_nodes) {
    return Fail("SFN006", "document expands to more than " + std::to_string(limits_.max_nodes) + " values",
                node.Mark());
  }
  if (depth > limits_.max_depth) {
    return Fail("SFN005", "nesting is deeper than " + std::to_string(limits_.max_depth) + " levels", node.Mark());
  }
  if (index_) index_->Add(hash, SourceSpan{OffsetOf(node.Mark()), key_offset});
  const std::string& tag = node.Tag();
  bool custom_tag = tag.size() > 1 && tag[0] == '!' && tag != "!" && tag.rfind("tag:yaml.org", 0) != 0;
  if (custom_tag && tag[1] != '!') return ConvertTagged(node, hash, depth, out);
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      out = nullptr;
      return true;
    case YAML::NodeType::Scalar:
      out = (tag == "!") ? Json(node.Scalar()) : ResolvePlainScalar(node.Scalar());
      return true;
    case YAML::NodeType::Sequence: {
      out = Json::array();
      size_t i = 0;
      for (const auto& item : node) {
        Json value;
        if (!Convert(item, ExtendPointerHash(hash, i), SourceSpan::kNoKey, depth + 1, value)) return false;
        out.push_back(std::move(value));
        ++i;
      }
      return true;
    }
    case YAML::NodeType::Map: {
      out = Json::object();
      std::unordered_set<std::string> seen;
      auto& members = static_cast<std::vector<std::pair<const std::string, Json>>&>(out.get_ref<Json::object_t&>());
      for (const auto& member : node) {
        if (!member.first.IsScalar()) return Fail("SFN003", "mapping keys must be scalars", member.first.Mark());
        std::string key = member.first.Scalar();
        if (key == "<<") return Fail("SFN003", "merge keys ('<<') are not supported", member.first.Mark());
        if (!seen.insert(key).second) {
          return Fail("SFN004", "duplicate key '" + key + "'", member.first.Mark());
        }
        Json value;
        if (!Convert(member.second, ExtendPointerHash(hash, key), OffsetOf(member.first.Mark()), depth + 1, value)) {
          return false;
        }
        members.emplace_back(std::move(key), std::move(value));
      }
      return true;
    }
  }
  out = nullptr;
  return true;
}

// Records where each document starts; ignores everything else.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;

  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Reads at most two documents, to refuse a file with several. yaml-cpp's own LoadAll never returns on a
// document that starts with ',': its parser reports an empty document without consuming the ',', again
// and again. Here a document that starts where the previous one did is a syntax error. Throws
// YAML::Exception.
std::optional<ReadError> CheckDocumentCount(const SourceText& source) {
  std::istringstream in(source.Text());
  YAML::Parser parser(in);
  DocumentStarts starts;
  while (starts.marks.size() < 2 && parser.HandleNextDocument(starts)) {
  }
  if (starts.marks.empty()) return ReadError{"SFN003", "empty document", 0};
  if (starts.marks.size() < 2) return std::nullopt;
  const YAML::Mark& second = starts.marks[1];
  size_t offset = source.OffsetOf(second.line + 1, second.column + 1);
  if (second.pos == starts.marks[0].pos) {
    const std::string& text = source.Text();
    std::string what = offset < text.size() ? "'" + std::string(1, text[offset]) + "'" : "end of file";
    return ReadError{"SFN003", "unexpected " + what, offset};
  }
  return ReadError{"SFN003", "more than one YAML document in the file", source.OffsetOf(second.line + 1, 1)};
}

}  // namespace

JsonReadResult ReadYaml(const SourceText& source, PositionIndex* index, const ReadLimits& limits) {
  if (auto depth_error = CheckYamlDepth(source.Text(), limits.max_depth)) return {Json(), depth_error};
  YAML::Node document;
  try {
    if (auto count_error = CheckDocumentCount(source)) return {Json(), count_error};
    document = YAML::Load(source.Text());
  } catch (const YAML::Exception& e) {
    size_t offset = e.mark.line >= 0 ? source.OffsetOf(e.mark.line + 1, e.mark.column + 1) : 0;
    return {Json(), ReadError{"SFN003", e.msg, offset, e.mark.line >= 0}};
  }
  Converter converter(source, index, limits);
  Json out;
  if (!converter.Convert(document, kRootPointerHash, SourceSpan::kNoKey, 0, out)) {
    return {Json(), converter.error};
  }
  return {std::move(out), std::nullopt};
}

}  // namespace sfn::loader
