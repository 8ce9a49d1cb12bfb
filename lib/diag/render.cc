#include "diag/render.h"

#include <cstdio>
#include <map>

#include "diag/codes.h"

namespace sfn::diag {
namespace {

constexpr std::string_view kRed = "\033[1;31m";
constexpr std::string_view kYellow = "\033[1;33m";
constexpr std::string_view kCyan = "\033[1;36m";
constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kGreen = "\033[1;32m";
constexpr std::string_view kReset = "\033[0m";

std::string_view SeverityColor(Severity s) {
  switch (s) {
    case Severity::kError:
      return kRed;
    case Severity::kWarning:
      return kYellow;
    case Severity::kNote:
      return kCyan;
  }
  return kRed;
}

std::string CodeTag(const Diagnostic& d) {
  std::string tag = "[" + d.code;
  if (!d.aws_code.empty()) tag += " " + d.aws_code;
  return tag + "]";
}

// Counts UTF-8 code points so that the caret lines up under multi-byte text.
std::string CaretLine(const std::string& source_line, int column) {
  std::string out;
  int col = 1;
  for (size_t i = 0; i < source_line.size() && col < column; ++i) {
    unsigned char c = static_cast<unsigned char>(source_line[i]);
    if ((c & 0xC0) == 0x80) continue;
    out += (c == '\t') ? '\t' : ' ';
    ++col;
  }
  return out + "^";
}

// Messages quote names from the definition, which may hold any character. On a terminal (or in a CI log that
// reads "::" commands at line starts) a raw newline or escape sequence would forge output, so control
// characters are shown escaped: \n, \r, and \xHH or \uHHHH for the others (C0, DEL and C1). Tabs stay.
std::string VisibleText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char buf[8];
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned char>(s[++i]));
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string GithubEscapeData(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string GithubEscapeProperty(std::string_view s) {
  std::string out;
  for (char c : GithubEscapeData(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view SarifLevel(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

}  // namespace

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  if (name == "sarif") return Format::kSarif;
  if (name == "github") return Format::kGithub;
  return std::nullopt;
}

std::string DisplayFileName(std::string_view file) { return file == "-" ? "<stdin>" : std::string(file); }

std::string RenderOneText(const Diagnostic& d, const TextOptions& options) {
  auto paint = [&](std::string_view color, const std::string& text) {
    return options.color ? std::string(color) + text + std::string(kReset) : text;
  };
  std::string where = DisplayFileName(d.location.file);
  if (d.location.line > 0) {
    where += ":" + std::to_string(d.location.line);
    if (d.location.column > 0) where += ":" + std::to_string(d.location.column);
  }
  std::string message = VisibleText(d.message);
  std::string out = paint(kBold, where + ":") + " " +
                    paint(SeverityColor(d.severity), std::string(SeverityName(d.severity)) + ":") + " " +
                    (options.color ? paint(kBold, message) : message) + " " + CodeTag(d) + "\n";
  if (options.show_source && !d.source_line.empty() && d.location.column > 0) {
    out += "  " + d.source_line + "\n";
    out += "  " + paint(kGreen, CaretLine(d.source_line, d.location.column)) + "\n";
  }
  for (const auto& note : d.notes) {
    out += "  " + paint(kCyan, "note:") + " " + VisibleText(note) + "\n";
  }
  return out;
}

std::string RenderText(const std::vector<Diagnostic>& diagnostics, const TextOptions& options) {
  std::string out;
  for (const auto& d : diagnostics) out += RenderOneText(d, options);
  return out;
}

Json RenderJson(const std::vector<Diagnostic>& diagnostics, size_t files_checked) {
  Json list = Json::array();
  for (const auto& d : diagnostics) {
    Json item = {{"file", d.location.file},
                 {"line", d.location.line},
                 {"column", d.location.column},
                 {"pointer", d.location.pointer},
                 {"severity", SeverityName(d.severity)},
                 {"code", d.code},
                 {"awsCode", d.aws_code.empty() ? Json(nullptr) : Json(d.aws_code)},
                 {"message", d.message}};
    if (!d.notes.empty()) item["notes"] = d.notes;
    list.push_back(std::move(item));
  }
  return {{"diagnostics", std::move(list)},
          {"summary",
           {{"files", files_checked},
            {"errors", CountSeverity(diagnostics, Severity::kError)},
            {"warnings", CountSeverity(diagnostics, Severity::kWarning)}}}};
}

Json RenderSarif(const std::vector<Diagnostic>& diagnostics, std::string_view tool_version) {
  Json rules = Json::array();
  std::map<std::string, size_t> rule_index;
  for (const auto& d : diagnostics) {
    if (rule_index.count(d.code)) continue;
    rule_index[d.code] = rules.size();
    const CodeInfo* info = FindCode(d.code);
    Json rule = {{"id", d.code},
                 {"shortDescription", {{"text", info ? std::string(info->title) : d.code}}},
                 {"defaultConfiguration", {{"level", SarifLevel(info ? info->severity : d.severity)}}}};
    if (!d.aws_code.empty()) rule["properties"] = {{"awsCode", d.aws_code}};
    rules.push_back(std::move(rule));
  }
  Json results = Json::array();
  for (const auto& d : diagnostics) {
    Json region = Json::object();
    if (d.location.line > 0) region["startLine"] = d.location.line;
    if (d.location.column > 0) region["startColumn"] = d.location.column;
    Json physical = {{"artifactLocation", {{"uri", DisplayFileName(d.location.file)}}}};
    if (!region.empty()) physical["region"] = region;
    Json location = {{"physicalLocation", physical}};
    if (!d.location.pointer.empty()) {
      location["logicalLocations"] = Json::array({{{"fullyQualifiedName", d.location.pointer}}});
    }
    std::string text = d.message;
    for (const auto& note : d.notes) text += "\n" + note;
    Json result = {{"ruleId", d.code},
                   {"ruleIndex", rule_index[d.code]},
                   {"level", SarifLevel(d.severity)},
                   {"message", {{"text", text}}},
                   {"locations", Json::array({location})}};
    if (!d.aws_code.empty()) result["properties"] = {{"awsCode", d.aws_code}};
    results.push_back(std::move(result));
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           Json::array({{{"tool",
                          {{"driver",
                            {{"name", "sfn"},
                             {"version", std::string(tool_version)},
                             {"rules", rules}}}}},
                         {"results", results}}})}};
}

std::string RenderGithub(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    std::string_view kind = d.severity == Severity::kError     ? "error"
                            : d.severity == Severity::kWarning ? "warning"
                                                               : "notice";
    out += "::" + std::string(kind) + " file=" + GithubEscapeProperty(DisplayFileName(d.location.file));
    if (d.location.line > 0) out += ",line=" + std::to_string(d.location.line);
    if (d.location.column > 0) out += ",col=" + std::to_string(d.location.column);
    out += ",title=" + GithubEscapeProperty(d.code);
    out += "::" + GithubEscapeData(d.message) + "\n";
  }
  return out;
}

}  // namespace sfn::diag
