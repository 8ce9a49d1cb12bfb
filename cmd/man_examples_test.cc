// Runs every example command in the man pages (man/*.1, EXAMPLES section, lines between .nf and .fi that
// start with "sfn ") in testdata/examples, and checks that none is a usage error or a crash.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "process/subprocess.h"

namespace fs = std::filesystem;

namespace {

// Splits a shell-like example line into argv: words separated by blanks, with '...' and "..." quoting
// and backslash escapes; "< file" redirects stdin; the man escape "\-" is undone first.
struct Example {
  std::vector<std::string> argv;
  std::string stdin_file;
};

Example ParseExample(std::string line) {
  for (size_t i = 0; (i = line.find("\\-", i)) != std::string::npos;) line.replace(i, 2, "-");
  Example ex;
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote == '\'') {
      if (c == '\'') quote = 0; else word += c;
    } else if (quote == '"') {
      if (c == '"') quote = 0;
      else if (c == '\\' && i + 1 < line.size()) word += line[++i];
      else word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      if (c == '\\' && i + 1 < line.size()) c = line[++i];
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "<" && i + 1 < words.size()) {
      ex.stdin_file = words[++i];
    } else {
      ex.argv.push_back(words[i]);
    }
  }
  return ex;
}

std::vector<std::string> ExampleLines(const fs::path& page) {
  std::ifstream in(page);
  std::vector<std::string> lines;
  std::string line;
  bool in_examples = false;
  bool in_block = false;
  while (std::getline(in, line)) {
    if (line.rfind(".SH", 0) == 0) in_examples = line.find("EXAMPLES") != std::string::npos;
    if (!in_examples) continue;
    if (line == ".nf") in_block = true;
    else if (line == ".fi") in_block = false;
    else if (in_block && line.rfind("sfn ", 0) == 0) lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("man: every example runs") {
  fs::path man = fs::path(SFN_SOURCE_DIR) / "man";
  fs::path examples = fs::path(SFN_SOURCE_DIR) / "testdata" / "examples";
  size_t count = 0;
  for (const auto& entry : fs::directory_iterator(man)) {
    if (entry.path().extension() != ".1") continue;
    for (const auto& line : ExampleLines(entry.path())) {
      CAPTURE(entry.path().filename().string());
      CAPTURE(line);
      Example ex = ParseExample(line);
      sfn::process::Spec spec;
      spec.argv = ex.argv;
      spec.argv[0] = SFN_BINARY;
      spec.env = {"NO_COLOR=1", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp"};
      spec.cwd = examples.string();
      if (!ex.stdin_file.empty()) {
        std::ifstream f(examples / ex.stdin_file, std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        spec.stdin_data = ss.str();
      }
      spec.timeout = std::chrono::seconds(60);
      spec.max_stdout = 64 << 20;
      auto result = sfn::process::Run(spec);
      CHECK(result.outcome == sfn::process::Outcome::Exited);
      CHECK(result.exit_code != 2);
      ++count;
    }
  }
  CHECK(count > 0);
}
