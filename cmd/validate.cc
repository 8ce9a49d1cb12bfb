// sfn validate: lints definitions and prints diagnostics as text, json, sarif or github.
#include <unistd.h>

#include <iostream>

#include "cli.h"
#include "diag/render.h"
#include "exit_codes.h"
#include "lint/embedded_schema.h"
#include "lint/validator.h"

namespace sfn::cli {
namespace {

struct ValidateFlags {
  std::vector<std::string> inputs;
  std::string format = "text";
  bool strict = false;
  bool quiet = false;
  bool no_advice = false;
  std::vector<std::string> subs;
  std::string substitutions_file;
  std::string schema_file;
  bool valijson = false;
  unsigned jobs = 0;
  ColorMode color = ColorMode::kAuto;
};

bool LoadSubstitutions(const ValidateFlags& flags, model::Substitutions& out) {
  if (!flags.substitutions_file.empty()) {
    auto loaded = loader::LoadFile(flags.substitutions_file, std::cin);
    if (!loaded.document) {
      std::cerr << diag::RenderText(loaded.diagnostics, {});
      return false;
    }
    const Json& root = loaded.document->Root();
    if (!root.is_object()) {
      PrintError("'" + flags.substitutions_file + "' must hold an object of NAME: value pairs");
      return false;
    }
    for (auto it = root.begin(); it != root.end(); ++it) out[it.key()] = it.value();
  }
  for (const auto& s : flags.subs) {
    std::string key;
    Json value;
    if (!model::ParseSubstitution(s, key, value)) {
      PrintError("--sub needs NAME=VALUE, not '" + s + "'");
      return false;
    }
    out[key] = value;
  }
  return true;
}

std::optional<lint::SchemaChecker> LoadSchema(const ValidateFlags& flags) {
  try {
    lint::SchemaChecker checker = flags.schema_file.empty() ? lint::SchemaChecker::Embedded()
                                                            : lint::SchemaChecker::FromFile(flags.schema_file);
    checker.UseValijson(flags.valijson);
    return checker;
  } catch (const std::exception& e) {
    PrintError(e.what());
    return std::nullopt;
  }
}

std::string Plural(size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

int RunValidate(const ValidateFlags& flags) {
  auto format = diag::ParseFormat(flags.format);
  if (!format) {
    PrintError("unknown --format '" + flags.format + "' (use text, json, sarif or github)");
    return kExitUsage;
  }
  lint::ValidateOptions options;
  if (!LoadSubstitutions(flags, options.substitutions)) return kExitUsage;
  options.report_unresolved = !options.substitutions.empty();
  auto schema = LoadSchema(flags);
  if (!schema) return kExitUsage;
  options.lint.schema = &*schema;
  options.lint.advice = !flags.no_advice;

  std::vector<std::string> errors;
  std::vector<std::string> files = lint::ExpandInputs(flags.inputs, errors);
  for (const auto& e : errors) PrintError(e);
  if (files.empty() && errors.empty()) {
    PrintError("no definition files found (directories are searched for *.asl.json, *.asl.yaml, *.asl.yml)");
    return kExitUsage;
  }
  // One file: its document and model are left to the exit, which frees them faster than free() can.
  options.keep_until_exit = files.size() == 1;
  std::vector<diag::Diagnostic> all;
  bool io_error = !errors.empty();
  for (auto& report : lint::ValidateFiles(files, std::cin, options, flags.jobs)) {
    io_error |= report.io_error;
    all.insert(all.end(), std::make_move_iterator(report.diagnostics.begin()),
               std::make_move_iterator(report.diagnostics.end()));
  }
  size_t error_count = diag::CountSeverity(all, diag::Severity::kError);
  size_t warning_count = diag::CountSeverity(all, diag::Severity::kWarning);
  bool ok = true;
  switch (*format) {
    case diag::Format::kText: {
      diag::TextOptions text;
      text.color = UseColor(flags.color, STDERR_FILENO);
      std::cerr << diag::RenderText(all, text);
      if (!flags.quiet) {
        std::cerr << (all.empty() ? "sfn: " + Plural(files.size(), "file") + " checked, no problems found\n"
                                  : "sfn: " + Plural(files.size(), "file") + " checked: " +
                                        Plural(error_count, "error") + ", " + Plural(warning_count, "warning") + "\n");
      }
      break;
    }
    case diag::Format::kJson:
      ok = WriteStdout(diag::RenderJson(all, files.size()).dump(2) + "\n");
      break;
    case diag::Format::kSarif:
      ok = WriteStdout(diag::RenderSarif(all, Version()).dump(2) + "\n");
      break;
    case diag::Format::kGithub:
      ok = WriteStdout(diag::RenderGithub(all));
      break;
  }
  if (!ok || io_error) return kExitUsage;
  if (error_count > 0 || (flags.strict && warning_count > 0)) return kExitFindings;
  return kExitOk;
}

}  // namespace

void AddValidate(CLI::App& app, std::function<int()>& run) {
  auto flags = std::make_shared<ValidateFlags>();
  app.add_option("inputs", flags->inputs, "Definition files, directories, or - for stdin")->required();
  app.add_option("-f,--format", flags->format, "Output format: text, json, sarif or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  app.add_flag("--strict", flags->strict, "Fail (exit 1) on warnings too");
  app.add_flag("-q,--quiet", flags->quiet, "Do not print the summary line");
  app.add_flag("--no-advice", flags->no_advice, "Skip the advice warnings (SFN8xx)");
  app.add_option("--sub", flags->subs, "Fill a ${NAME} placeholder: NAME=VALUE (VALUE as JSON, else a string)")
      ->option_text("NAME=VALUE");
  app.add_option("--substitutions", flags->substitutions_file, "A JSON or YAML file of NAME: value substitutions");
  app.add_option("--schema", flags->schema_file, "Use this JSON Schema instead of the built-in one");
  app.add_option("-j,--jobs", flags->jobs, "Check files on N threads (default 0: one per core)")->option_text("N");
  app.add_flag("--valijson", flags->valijson,
               "Decide structural validity with valijson, the reference JSON Schema validator, instead of the "
               "compiled schema (same verdicts, slower)");
  AddColorOption(app, flags->color);
  app.callback([flags, &run] { run = [flags] { return RunValidate(*flags); }; });
}

}  // namespace sfn::cli
