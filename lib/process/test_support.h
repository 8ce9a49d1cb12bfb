// Helpers shared by the process area's tests: temporary folders, pid files and liveness checks.
#pragma once

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "process/subprocess.h"

namespace sfn::process::testing {

// A fresh folder under /tmp, removed with its contents at the end of the scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sfn_process_XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    path_ = made ? std::filesystem::canonical(made) : std::filesystem::path();
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (path_ / name).string(); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The pid a child wrote (with `echo $$ > file`), or -1.
inline pid_t ReadPid(const std::string& path) {
  std::string text = ReadFile(path);
  try {
    return text.empty() ? -1 : static_cast<pid_t>(std::stol(text));
  } catch (...) {
    return -1;
  }
}

// True when `pid` no longer runs: kill(pid, 0) fails with ESRCH, or it is a zombie waiting for its
// parent (orphans are reaped by init, which in some containers never reaps).
inline bool IsGone(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return true;
  char state = stat[paren + 2];
  return state == 'Z' || state == 'X';
}

// Waits up to `limit` for `pid` to be gone: a SIGKILL is delivered asynchronously, so a grandchild may
// need a moment after Run returns.
inline bool WaitGone(pid_t pid, std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!IsGone(pid)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// A direct child is reaped by Run, so it must be gone at once.
inline bool IsReaped(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

// True when this process has no child at all, live or zombie: every Run has reaped its child.
inline bool HasNoChildren() { return ::waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD; }

inline Spec ShellSpec(const std::string& script) {
  Spec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.env = {"PATH=/usr/bin:/bin"};
  return spec;
}

}  // namespace sfn::process::testing
