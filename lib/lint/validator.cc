#include "lint/validator.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <thread>

#include "common/keep_until_exit.h"
#include "model/state_machine.h"
#include "model/template_source.h"

namespace sfn::lint {
namespace {

namespace fs = std::filesystem;

bool IsDefinitionFileName(const std::string& name) {
  for (std::string_view suffix : {".asl.json", ".asl.yaml", ".asl.yml"}) {
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

void CollectPlaceholders(const Json& value, const std::string& pointer, std::vector<std::string>& pointers,
                         size_t depth) {
  if (depth > 256) return;
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().find("${") != std::string::npos) pointers.push_back(pointer);
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      CollectPlaceholders(it.value(), AppendPointer(pointer, it.key()), pointers, depth + 1);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) CollectPlaceholders(value[i], AppendPointer(pointer, i), pointers, depth + 1);
  }
}

// Takes the definition by value: a caller that no longer needs it moves it in, and nothing is copied.
std::vector<diag::Diagnostic> LintDefinition(const loader::Document& document, Json definition,
                                             const std::string& base_pointer, const ValidateOptions& options) {
  if (!options.substitutions.empty()) definition = model::Substitute(definition, options.substitutions);
  LintedDefinition linted = BuildAndLint(document, std::move(definition), base_pointer, options.lint);
  std::vector<diag::Diagnostic>& findings = linted.findings;
  const Json& substituted = linted.machine->definition;
  if (options.report_unresolved) {
    std::vector<std::string> pointers;
    CollectPlaceholders(substituted, "", pointers, 0);
    for (const auto& p : pointers) {
      findings.push_back(document.At("SFN901", base_pointer + p, "placeholder left unresolved: " +
                                                                     substituted.at(Json::json_pointer(p)).dump()));
    }
  }
  if (options.keep_until_exit) KeepUntilExit(std::shared_ptr<const model::StateMachine>(std::move(linted.machine)));
  return std::move(findings);
}

// For a definition held in a template string: maps a finding's line and column inside the string to the
// template. YAML block scalars ('|', '>') map line for line; other strings map to the string's start.
void MapIntoTemplate(diag::Diagnostic& d, const loader::Document& templ, const std::string& pointer) {
  diag::Location at = templ.Locate(pointer);
  if (at.line == 0) return;
  const auto& source = templ.Source();
  std::string_view line = source.Line(at.line);
  size_t col_byte = source.OffsetOf(at.line, at.column) - source.OffsetOf(at.line, 1);
  bool block = templ.Format() == loader::SourceFormat::kYaml &&
               line.find_first_of("|>", std::min(col_byte, line.size())) != std::string_view::npos;
  int inner_line = d.location.line;
  int inner_column = d.location.column;
  d.location.line = at.line;
  d.location.column = at.column;
  if (block && inner_line > 0) {
    int target = at.line + inner_line;
    std::string_view content = source.Line(at.line + 1);
    int indent = static_cast<int>(content.find_first_not_of(' '));
    if (indent < 0) indent = 0;
    d.location.line = target;
    d.location.column = inner_column + indent;
  }
  d.location.pointer = pointer + (d.location.pointer.empty() ? "" : " -> " + d.location.pointer);
  d.source_line.clear();
  templ.FillSourceLine(d);
}

void ValidateTemplateString(const loader::Document& templ, const model::DefinitionSource& source,
                            const ValidateOptions& options, FileReport& report) {
  loader::LoadOptions load = options.load;
  load.format = loader::SourceFormat::kJson;
  auto inner = loader::LoadText(templ.Name(), source.text, load);
  std::vector<diag::Diagnostic> findings = inner.diagnostics;
  if (inner.document) {
    auto more = LintDefinition(*inner.document, inner.document->Root(), "", options);
    findings.insert(findings.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  for (auto& d : findings) {
    d.message += " (in '" + source.resource + "')";
    MapIntoTemplate(d, templ, source.pointer);
    report.diagnostics.push_back(std::move(d));
  }
  ++report.definitions;
}

void ValidateTemplateUri(const std::string& path, const loader::Document& templ, const model::DefinitionSource& source,
                         std::istream& stdin_stream, const ValidateOptions& options, FileReport& report) {
  if (source.text.rfind("s3://", 0) == 0 || source.text.find("${") != std::string::npos) return;  // not local
  fs::path target = fs::path(path == "-" ? "." : path).parent_path() / source.text;
  auto loaded = loader::LoadFile(target.string(), stdin_stream, options.load);
  for (auto& d : loaded.diagnostics) {
    if (d.code == "SFN001") {
      report.diagnostics.push_back(templ.At("SFN001", source.pointer, "'DefinitionUri' of '" + source.resource +
                                                                          "': " + d.message));
    } else {
      report.diagnostics.push_back(std::move(d));
    }
  }
  if (!loaded.document) return;
  auto findings = LintDefinition(*loaded.document, loaded.document->Root(), "", options);
  report.diagnostics.insert(report.diagnostics.end(), std::make_move_iterator(findings.begin()),
                              std::make_move_iterator(findings.end()));
  ++report.definitions;
}

}  // namespace

FileReport ValidateFile(const std::string& path, std::istream& stdin_stream, const ValidateOptions& options) {
  FileReport report;
  report.file = path;
  auto loaded = loader::LoadFile(path, stdin_stream, options.load);
  report.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.document) {
    report.io_error = !report.diagnostics.empty() && report.diagnostics[0].code == "SFN001";
    return report;
  }
  loader::Document& doc = *loaded.document;
  auto sources = model::FindDefinitions(doc.Root());
  if (sources.empty()) {
    report.diagnostics.push_back(doc.At("SFN009", "", "template has no AWS::StepFunctions::StateMachine or "
                                                      "AWS::Serverless::StateMachine resource with a definition"));
    return report;
  }
  for (const auto& source : sources) {
    switch (source.kind) {
      case model::DefinitionSource::Kind::kFile: {
        // The whole file is the one definition: it moves into the model (positions live in the index).
        auto findings = LintDefinition(doc, std::move(doc.MutableRoot()), "", options);
        report.diagnostics.insert(report.diagnostics.end(), std::make_move_iterator(findings.begin()),
                              std::make_move_iterator(findings.end()));
        ++report.definitions;
        break;
      }
      case model::DefinitionSource::Kind::kTemplateObject: {
        auto findings = LintDefinition(doc, doc.Root().at(Json::json_pointer(source.pointer)), source.pointer, options);
        report.diagnostics.insert(report.diagnostics.end(), std::make_move_iterator(findings.begin()),
                              std::make_move_iterator(findings.end()));
        ++report.definitions;
        break;
      }
      case model::DefinitionSource::Kind::kTemplateString:
        ValidateTemplateString(doc, source, options, report);
        break;
      case model::DefinitionSource::Kind::kTemplateUri:
        ValidateTemplateUri(path, doc, source, stdin_stream, options, report);
        break;
    }
  }
  diag::SortDiagnostics(report.diagnostics);
  if (options.keep_until_exit) KeepUntilExit(std::make_shared<loader::Document>(std::move(doc)));
  return report;
}

std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs, std::vector<std::string>& errors) {
  std::vector<std::string> out;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (input != "-" && fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
      if (ec) {
        errors.push_back("cannot read directory '" + input + "': " + ec.message());
        continue;
      }
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) && IsDefinitionFileName(it->path().filename().string())) {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(input);
    }
  }
  return out;
}

std::vector<FileReport> ValidateFiles(const std::vector<std::string>& paths, std::istream& stdin_stream,
                                      const ValidateOptions& options, unsigned jobs) {
  std::vector<FileReport> reports(paths.size());
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  bool reads_stdin = std::find(paths.begin(), paths.end(), "-") != paths.end();
  size_t threads = reads_stdin ? 1 : std::min<size_t>(jobs, paths.size());
  // Cores that no file keeps busy go to the rules of a large definition.
  ValidateOptions per_file = options;
  per_file.lint.parallel = jobs > threads;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < paths.size(); i = next++) reports[i] = ValidateFile(paths[i], stdin_stream, per_file);
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return reports;
}

}  // namespace sfn::lint
