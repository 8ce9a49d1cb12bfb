#include "engine/resources.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine/resources_lambda.h"

namespace sfn::engine {
namespace {

constexpr double kMaxTimeoutSeconds = 99999999;  // the largest TimeoutSeconds AWS accepts

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

bool HasNul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

// Reads one document into commands, collecting every problem it finds.
class Parser {
 public:
  Parser(const loader::Document& document, const std::string& base_dir)
      : document_(document), base_dir_(base_dir) {}

  std::vector<ResourceCommand> Run() {
    std::vector<ResourceCommand> commands;
    const Json& root = document_.Root();
    if (!root.is_object()) {
      Error("", "a resources file must map Resource strings to commands");
      return commands;
    }
    for (const auto& [key, value] : root.items()) {
      std::string pointer = AppendPointer("", key);
      if (key.empty()) {
        Error(pointer, "empty Resource key", true);
        continue;
      }
      if (auto command = ParseEntry(key, value, pointer)) commands.push_back(std::move(*command));
    }
    return commands;
  }

  std::vector<diag::Diagnostic> TakeDiagnostics() { return std::move(diagnostics_); }

 private:
  std::optional<ResourceCommand> ParseEntry(const std::string& key, const Json& value,
                                            const std::string& pointer) {
    ResourceCommand command;
    command.key = key;
    command.location = document_.Locate(pointer, true);
    bool ok = value.is_object() ? ParseObject(key, value, pointer, command)
                                : ParseArgv(key, value, pointer, command.argv);
    if (!ok) return std::nullopt;
    ResolvePaths(command);
    return command;
  }

  bool ParseObject(const std::string& key, const Json& value, const std::string& pointer,
                   ResourceCommand& command) {
    bool ok = true;
    bool has_command = false;
    for (const auto& [field, member] : value.items()) {
      std::string at = AppendPointer(pointer, field);
      if (field == "command") {
        has_command = true;
        ok = ParseArgv(key, member, at, command.argv) && ok;
      } else if (field == "env") {
        ok = ParseEnv(key, member, at, command.env) && ok;
      } else if (field == "cwd") {
        ok = ParseCwd(key, member, at, command.cwd) && ok;
      } else if (field == "timeout") {
        ok = ParseTimeout(key, member, at, command.timeout) && ok;
      } else {
        Error(at,
              "unknown field " + Quote(field) + " in the entry for " + Quote(key) +
                  " (expected 'command', 'env', 'cwd' or 'timeout')",
              true);
        ok = false;
      }
    }
    if (!has_command) {
      Error(pointer, "the entry for " + Quote(key) + " has no 'command'");
      ok = false;
    }
    return ok;
  }

  bool ParseArgv(const std::string& key, const Json& value, const std::string& pointer,
                 std::vector<std::string>& argv) {
    if (!value.is_array() || value.empty()) {
      Error(pointer, "the command for " + Quote(key) + " must be a non-empty array of strings");
      return false;
    }
    bool ok = true;
    for (size_t i = 0; i < value.size(); ++i) {
      const Json& arg = value[i];
      if (!arg.is_string() || HasNul(arg.get_ref<const std::string&>())) {
        Error(AppendPointer(pointer, i), "argument " + std::to_string(i) + " of the command for " +
                                             Quote(key) + " must be a string without NUL characters");
        ok = false;
        continue;
      }
      argv.push_back(arg.get<std::string>());
    }
    if (ok && argv[0].empty()) {
      Error(AppendPointer(pointer, 0), "the program of the command for " + Quote(key) + " is empty");
      ok = false;
    }
    return ok;
  }

  bool ParseEnv(const std::string& key, const Json& value, const std::string& pointer,
                std::vector<std::pair<std::string, std::string>>& env) {
    if (!value.is_object()) {
      Error(pointer, "'env' of the entry for " + Quote(key) + " must be an object");
      return false;
    }
    bool ok = true;
    for (const auto& [name, member] : value.items()) {
      std::string at = AppendPointer(pointer, name);
      if (name.empty() || name.find('=') != std::string::npos || HasNul(name)) {
        Error(at, "invalid environment variable name " + Quote(name) + " in the entry for " + Quote(key),
              true);
        ok = false;
      } else if (member.is_string() && !HasNul(member.get_ref<const std::string&>())) {
        env.emplace_back(name, member.get<std::string>());
      } else if (member.is_number() || member.is_boolean()) {
        env.emplace_back(name, member.dump());
      } else {
        Error(at, "environment variable " + Quote(name) + " of the entry for " + Quote(key) +
                      " must be a string, a number or a boolean");
        ok = false;
      }
    }
    return ok;
  }

  bool ParseCwd(const std::string& key, const Json& value, const std::string& pointer, std::string& cwd) {
    if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
        HasNul(value.get_ref<const std::string&>())) {
      Error(pointer, "'cwd' of the entry for " + Quote(key) + " must be a non-empty string");
      return false;
    }
    cwd = value.get<std::string>();
    return true;
  }

  bool ParseTimeout(const std::string& key, const Json& value, const std::string& pointer,
                    std::optional<std::chrono::milliseconds>& timeout) {
    double seconds = value.is_number() ? value.get<double>() : -1;
    if (!value.is_number() || !std::isfinite(seconds) || seconds <= 0 || seconds > kMaxTimeoutSeconds) {
      Error(pointer, "'timeout' of the entry for " + Quote(key) + " must be a number of seconds above 0");
      return false;
    }
    timeout = std::chrono::milliseconds(static_cast<int64_t>(std::ceil(seconds * 1000)));
    return true;
  }

  void ResolvePaths(ResourceCommand& command) const {
    if (base_dir_.empty()) return;
    std::filesystem::path base(base_dir_);
    std::string& program = command.argv[0];
    if (program.find('/') != std::string::npos && program[0] != '/') {
      program = (base / program).lexically_normal().string();
    }
    if (command.cwd.empty()) {
      command.cwd = base_dir_;
    } else if (command.cwd[0] != '/') {
      command.cwd = (base / command.cwd).lexically_normal().string();
    }
  }

  void Error(const std::string& pointer, std::string message, bool at_key = false) {
    diagnostics_.push_back(document_.At(kResourcesDiagnosticCode, pointer, std::move(message), at_key));
  }

  const loader::Document& document_;
  const std::string& base_dir_;
  std::vector<diag::Diagnostic> diagnostics_;
};

bool IsFunctionKey(std::string_view key) {
  if (key.find('*') != std::string_view::npos || ParseFunctionRef(key)) return true;
  ResourceKind kind = ClassifyResource(key);
  return kind == ResourceKind::kLambdaInvoke || kind == ResourceKind::kLambdaInvokeCallback;
}

}  // namespace

bool MatchesPattern(std::string_view pattern, std::string_view text) {
  // Greedy matching with one backtrack point: the last '*' seen and where its match ended.
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

ResourceMapParse ResourceMap::Parse(const loader::Document& document, const std::string& base_dir) {
  Parser parser(document, base_dir);
  std::vector<ResourceCommand> commands = parser.Run();
  ResourceMapParse result;
  result.diagnostics = parser.TakeDiagnostics();
  if (diag::HasErrors(result.diagnostics)) return result;
  ResourceMap map;
  map.commands_ = std::move(commands);
  for (size_t i = 0; i < map.commands_.size(); ++i) {
    const std::string& key = map.commands_[i].key;
    if (key.find('*') == std::string::npos) {
      map.exact_.emplace(key, i);
    } else {
      map.patterns_.push_back(i);
    }
    map.has_function_commands_ = map.has_function_commands_ || IsFunctionKey(key);
  }
  std::stable_sort(map.patterns_.begin(), map.patterns_.end(), [&](size_t a, size_t b) {
    return map.commands_[a].key.size() > map.commands_[b].key.size();
  });
  result.map = std::move(map);
  return result;
}

const ResourceCommand* ResourceMap::FindExact(std::string_view key) const {
  auto it = exact_.find(std::string(key));
  return it == exact_.end() ? nullptr : &commands_[it->second];
}

const ResourceCommand* ResourceMap::FindPattern(std::string_view text) const {
  for (size_t index : patterns_) {
    if (MatchesPattern(commands_[index].key, text)) return &commands_[index];
  }
  return nullptr;
}

const ResourceCommand* ResourceMap::Lookup(std::string_view resource) const {
  if (const ResourceCommand* command = FindExact(resource)) return command;
  return FindPattern(resource);
}

const ResourceCommand* ResourceMap::LookupFunction(std::string_view reference) const {
  std::optional<FunctionRef> ref = ParseFunctionRef(reference);
  if (!ref) return Lookup(reference);
  std::vector<std::string> candidates = {std::string(reference)};
  if (!ref->qualifier.empty()) candidates.push_back(ref->name + ":" + ref->qualifier);
  candidates.push_back(ref->name);
  for (const std::string& candidate : candidates) {
    if (const ResourceCommand* command = FindExact(candidate)) return command;
  }
  for (const ResourceCommand& command : commands_) {
    if (command.key.find('*') != std::string::npos) continue;
    std::optional<FunctionRef> key_ref = ParseFunctionRef(command.key);
    if (key_ref && key_ref->name == ref->name &&
        (key_ref->qualifier.empty() || key_ref->qualifier == ref->qualifier)) {
      return &command;
    }
  }
  for (const std::string& candidate : candidates) {
    if (const ResourceCommand* command = FindPattern(candidate)) return command;
  }
  return nullptr;
}

ResourceMapParse LoadResourceMap(const std::string& path, std::istream& stdin_stream) {
  loader::LoadResult loaded = loader::LoadFile(path, stdin_stream);
  if (!loaded.document) return ResourceMapParse{std::nullopt, std::move(loaded.diagnostics)};
  std::string base_dir;
  if (path != "-") {
    std::error_code error;
    std::filesystem::path absolute = std::filesystem::absolute(path, error);
    if (!error) base_dir = absolute.lexically_normal().parent_path().string();
  }
  ResourceMapParse result = ResourceMap::Parse(*loaded.document, base_dir);
  result.diagnostics.insert(result.diagnostics.begin(), loaded.diagnostics.begin(), loaded.diagnostics.end());
  if (diag::HasErrors(result.diagnostics)) result.map.reset();
  return result;
}

}  // namespace sfn::engine
