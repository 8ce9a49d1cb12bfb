#include "process/spawn.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "process/test_support.h"

namespace sfn::process {
namespace {

TEST_CASE("spawn: executable lookup uses the PATH of the given environment") {
  testing::TempDir dir;
  std::ofstream(dir.File("tool")) << "#!/bin/sh\n";
  ::chmod(dir.File("tool").c_str(), 0755);
  std::ofstream(dir.File("plain")) << "not executable\n";
  struct Case {
    std::string command;
    std::vector<std::string> env;
    std::string cwd;
    std::string path;
    std::string error;
  };
  const Case cases[] = {
      {"sh", {"PATH=/nonexistent:/bin"}, "", "/bin/sh", ""},
      {"sh", {"HOME=/x"}, "", "/usr/bin/sh", ""},  // no PATH: /usr/bin:/bin
      {"sh", {"PATH=/nonexistent"}, "", "", "command 'sh' not found in PATH"},
      {"tool", {"PATH=/bin:" + dir.path()}, "", dir.File("tool"), ""},
      {"plain", {"PATH=" + dir.path()}, "", "", "cannot run 'plain': Permission denied"},
      {"tool", {"PATH=."}, dir.path(), "./tool", ""},  // relative entries are relative to the cwd
      {"tool", {"PATH="}, dir.path(), "./tool", ""},   // an empty entry means "."
      {"./anything", {"PATH=/bin"}, "", "./anything", ""},
      {"/bin/sh", {}, "", "/bin/sh", ""},
      {"", {}, "", "", "empty command"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.command);
    std::string error;
    CHECK(ResolveExecutable(c.command, c.env, c.cwd, error) == c.path);
    CHECK(error == c.error);
  }
}

TEST_CASE("spawn: child environment adds the heartbeat variable") {
  Spec spec;
  spec.env = {"A=1", "SFN_HB=9", "SFN_HB_OTHER=2"};
  CHECK(ChildEnvironment(spec) == spec.env);
  spec.heartbeat_env_name = "SFN_HB";
  CHECK(ChildEnvironment(spec) == std::vector<std::string>{"A=1", "SFN_HB_OTHER=2", "SFN_HB=3"});
}

TEST_CASE("spawn: errno text") {
  CHECK(ErrnoText(ENOENT) == "No such file or directory");
  CHECK(ErrnoText(EACCES) == "Permission denied");
}

}  // namespace
}  // namespace sfn::process
