// Golden tests: every folder testdata/<subcommand>/<case>/ runs the sfn binary once and compares what it
// prints with the files there.
//   args              the arguments, one per line (the binary's name is not included)
//   stdin             optional: fed to standard input
//   expected_stdout   compared exactly
//   expected_stderr   compared exactly when present
//   expected_exit     the exit code (a number)
// The binary runs in the case folder with NO_COLOR=1. SFN_UPDATE_GOLDEN=1 rewrites the expected files
// instead of comparing (scripts/update-golden); review the diff before committing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "process/subprocess.h"

namespace fs = std::filesystem;

namespace {

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::vector<std::string> ReadArgs(const fs::path& p) {
  std::vector<std::string> args;
  std::istringstream in(ReadFile(p));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    args.push_back(line);
  }
  while (!args.empty() && args.back().empty()) args.pop_back();
  return args;
}

std::vector<fs::path> Cases() {
  std::vector<fs::path> cases;
  fs::path root = fs::path(SFN_SOURCE_DIR) / "testdata";
  if (!fs::exists(root)) return cases;
  for (const auto& sub : fs::directory_iterator(root)) {
    if (!sub.is_directory()) continue;
    for (const auto& c : fs::directory_iterator(sub.path())) {
      if (c.is_directory() && fs::exists(c.path() / "args")) cases.push_back(c.path());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

}  // namespace

TEST_CASE("golden: every testdata case") {
  bool update = std::getenv("SFN_UPDATE_GOLDEN") != nullptr;
  auto cases = Cases();
  CHECK(!cases.empty());
  for (const auto& dir : cases) {
    std::string name = dir.parent_path().filename().string() + "/" + dir.filename().string();
    CAPTURE(name);
    sfn::process::Spec spec;
    spec.argv = {SFN_BINARY};
    for (auto& a : ReadArgs(dir / "args")) spec.argv.push_back(a);
    spec.env = {"NO_COLOR=1", "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp"};
    spec.cwd = dir.string();
    if (fs::exists(dir / "stdin")) spec.stdin_data = ReadFile(dir / "stdin");
    spec.timeout = std::chrono::seconds(60);
    spec.max_stdout = 64 << 20;
    spec.stderr_tail_bytes = 1 << 20;
    auto result = sfn::process::Run(spec);
    REQUIRE(result.outcome == sfn::process::Outcome::Exited);
    if (update) {
      WriteFile(dir / "expected_stdout", result.stdout_data);
      WriteFile(dir / "expected_stderr", result.stderr_tail);
      WriteFile(dir / "expected_exit", std::to_string(result.exit_code) + "\n");
      continue;
    }
    CHECK(result.stdout_data == ReadFile(dir / "expected_stdout"));
    if (fs::exists(dir / "expected_stderr")) CHECK(result.stderr_tail == ReadFile(dir / "expected_stderr"));
    CHECK(result.exit_code == std::stoi(ReadFile(dir / "expected_exit")));
  }
}
