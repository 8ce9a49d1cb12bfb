// Validating files: finds the definitions in each input (a plain ASL file, or every state machine of a
// CloudFormation or SAM template), applies substitutions, lints each one, and maps every finding back to
// a line and column of the file the user named.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "lint/linter.h"
#include "loader/document.h"
#include "model/substitution.h"

namespace sfn::lint {

struct ValidateOptions {
  LintOptions lint;
  loader::LoadOptions load;
  model::Substitutions substitutions;
  bool report_unresolved = false;  // warn about placeholders left after substitution (with --sub)
  // Leave each file's document and model to the process's exit instead of freeing them (see
  // common/keep_until_exit.h): for a command that checks one large file and ends.
  bool keep_until_exit = false;
};

struct FileReport {
  std::string file;
  std::vector<diag::Diagnostic> diagnostics;
  size_t definitions = 0;  // state machines found and checked
  bool io_error = false;   // the file could not be read at all
};

FileReport ValidateFile(const std::string& path, std::istream& stdin_stream, const ValidateOptions& options);

// Validates many files on up to `jobs` threads (0: one per core), returning the reports in the order of
// `paths`, exactly as one thread would. A "-" among the paths keeps the work on the calling thread.
std::vector<FileReport> ValidateFiles(const std::vector<std::string>& paths, std::istream& stdin_stream,
                                      const ValidateOptions& options, unsigned jobs = 0);

// Expands directories into the definition files below them (*.asl.json, *.asl.yaml, *.asl.yml), sorted;
// other arguments pass through. Unreadable directories are reported in `errors`.
std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs, std::vector<std::string>& errors);

}  // namespace sfn::lint
