// The resources file: which local command serves which Task Resource in `sfn run-local`.
//
// The file (JSON or YAML) is one mapping from Resource strings to commands:
//
//   arn:aws:lambda:us-east-1:123456789012:function:price: ["python3", "fns/price.py"]
//   "arn:aws:states:::sqs:sendMessage*": {command: ["./fns/send.sh"], env: {QUEUE: local}, cwd: "fns",
//   timeout: 30} price-fn: ["node", "fns/price.js"]      # a Lambda function name, for
//   arn:aws:states:::lambda:invoke
//
// Keys are exact Resource strings, Lambda function references (name, name:qualifier, partial or full ARN)
// or patterns in which '*' matches any run of characters (possibly empty); no other character is special.
// A value is an argv array, or an object with `command` (argv array, required), `env` (object of strings,
// numbers or booleans), `cwd` (string) and `timeout` (seconds, a number above 0). Unknown fields are errors.
//
// Paths: a command[0] that contains a '/' and is relative is resolved from the resources file's folder, as
// is a relative `cwd`. Without `cwd` the command runs in the resources file's folder. A command[0] without
// a '/' is searched in the task's PATH. Commands run without a shell.
//
// Matching (Lookup): an exact key wins; otherwise the longest matching pattern wins, and among patterns of
// equal length the one written first. Function matching (LookupFunction), for lambda:invoke's FunctionName
// and for Lambda function ARNs used as Resource, tries in order:
//   1. exact keys equal to the reference as written, then to "name:qualifier", then to the bare name;
//   2. exact keys that are themselves function references (e.g. a full ARN) with the same name and either
//      no qualifier or the same qualifier, the first written;
//   3. patterns, for the same three strings in the same order (longest pattern first for each).
//
// A ResourceMap is immutable once parsed, so any number of threads may look commands up at once.
#pragma once

#include <chrono>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "diag/diagnostic.h"
#include "loader/document.h"

namespace sfn::engine {

// The diagnostic code of every problem found in a resources file ("invalid resources file").
inline constexpr std::string_view kResourcesDiagnosticCode = "SFN010";

struct ResourceCommand {
  std::string key;                                       // the key as written in the file
  std::vector<std::string> argv;                         // argv[0] resolved as described above
  std::vector<std::pair<std::string, std::string>> env;  // the entry's own variables, in file order
  std::string cwd;                                       // the working directory; empty: the caller's
  std::optional<std::chrono::milliseconds> timeout;      // the entry's own limit
  diag::Location location;                               // where the key is written
};

struct ResourceMapParse;

class ResourceMap {
 public:
  // Reads the mapping from a loaded document. `base_dir` is the folder relative paths resolve from (the
  // resources file's folder, absolute); empty leaves relative paths relative to the caller's directory.
  static ResourceMapParse Parse(const loader::Document& document, const std::string& base_dir);

  // The command for a Resource string (exact key, else the longest matching pattern), or null.
  const ResourceCommand* Lookup(std::string_view resource) const;
  // The command for a Lambda function reference (see the order above), or null. A reference that is not
  // a function reference is looked up as written only.
  const ResourceCommand* LookupFunction(std::string_view reference) const;
  // Whether some entry could serve a Lambda function: a key that is a function reference or a
  // lambda:invoke resource, or any pattern.
  bool HasFunctionCommands() const { return has_function_commands_; }

  const std::vector<ResourceCommand>& commands() const { return commands_; }

 private:
  const ResourceCommand* FindExact(std::string_view key) const;
  const ResourceCommand* FindPattern(std::string_view text) const;

  std::vector<ResourceCommand> commands_;          // in file order
  std::unordered_map<std::string, size_t> exact_;  // key -> index, for keys without '*'
  std::vector<size_t> patterns_;                   // longest first, then file order
  bool has_function_commands_ = false;
};

struct ResourceMapParse {
  std::optional<ResourceMap> map;  // set when there were no errors
  std::vector<diag::Diagnostic> diagnostics;
};

// Loads and parses a resources file ("-" reads `stdin_stream`; relative paths then resolve from the
// caller's directory). Loader diagnostics (unreadable file, invalid JSON or YAML) come back as they are.
ResourceMapParse LoadResourceMap(const std::string& path, std::istream& stdin_stream);

// Whether `text` matches `pattern`, in which '*' matches any run of characters. Linear in practice; never
// recursive.
bool MatchesPattern(std::string_view pattern, std::string_view text);

}  // namespace sfn::engine
