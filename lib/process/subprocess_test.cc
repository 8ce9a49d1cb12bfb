#include "process/subprocess.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "process/test_support.h"

namespace sfn::process {
namespace {

using std::chrono::milliseconds;
using testing::IsReaped;
using testing::ReadPid;
using testing::ShellSpec;
using testing::TempDir;
using testing::WaitGone;

constexpr size_t kTenMegabytes = 10'000'000;

TEST_CASE("subprocess: echoes stdin back") {
  Spec spec;
  spec.argv = {"/bin/cat"};
  spec.stdin_data = R"({"a":[1,2,3]})";
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 0);
  CHECK(result.signal == 0);
  CHECK(result.stdout_data == R"({"a":[1,2,3]})");
  CHECK(result.stderr_tail == "");
  CHECK(result.spawn_error == "");
  CHECK(result.pid > 0);
  CHECK(IsReaped(result.pid));
  CHECK(DescribeResult(result, spec) == "process exited with code 0");
}

TEST_CASE("subprocess: non-zero exit keeps the stderr tail and forwards lines") {
  std::vector<std::string> lines;
  Spec spec = ShellSpec("echo first >&2; printf 'second\\nno newline' >&2; echo out; exit 3");
  spec.stderr_tail_bytes = 12;
  spec.on_stderr_line = [&lines](std::string_view line) { lines.emplace_back(line); };
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 3);
  CHECK(result.stdout_data == "out\n");
  CHECK(result.stderr_tail == "d\nno newline");
  CHECK(lines == std::vector<std::string>{"first", "second", "no newline"});
  CHECK(IsReaped(result.pid));
  CHECK(DescribeResult(result, spec) == "process exited with code 3");
}

TEST_CASE("subprocess: death by a signal") {
  struct Case {
    std::string name;
    int signal;
    std::string description;
  };
  const Case cases[] = {
      {"SEGV", SIGSEGV, "process killed by signal 11 (SEGV)"},
      {"KILL", SIGKILL, "process killed by signal 9 (KILL)"},
      {"TERM", SIGTERM, "process killed by signal 15 (TERM)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Spec spec = ShellSpec("kill -" + c.name + " $$");
    Result result = Run(spec);
    CHECK(result.outcome == Outcome::Signaled);
    CHECK(result.signal == c.signal);
    CHECK(result.exit_code == -1);
    CHECK(IsReaped(result.pid));
    CHECK(DescribeResult(result, spec) == c.description);
  }
}

TEST_CASE("subprocess: a child that ignores its stdin and exits") {
  Spec spec = ShellSpec("echo ignored");
  spec.stdin_data = std::string(1000, 'x');
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 0);
  CHECK(result.stdout_data == "ignored\n");
  CHECK(IsReaped(result.pid));
}

TEST_CASE("subprocess: a child that exits while 10 MB of input are being written") {
  for (const char* program : {"/bin/true", "/bin/false"}) {
    CAPTURE(program);
    Spec spec;
    spec.argv = {program};
    spec.stdin_data = std::string(kTenMegabytes, '{');
    Result result = Run(spec);
    CHECK(result.outcome == Outcome::Exited);
    CHECK(result.exit_code == (std::string(program) == "/bin/true" ? 0 : 1));
    CHECK(result.elapsed < milliseconds(5000));
    CHECK(IsReaped(result.pid));
  }
  // The EPIPE's SIGPIPE was consumed and the thread's signal mask restored.
  sigset_t pending, mask;
  ::sigpending(&pending);
  ::pthread_sigmask(SIG_SETMASK, nullptr, &mask);
  CHECK(sigismember(&pending, SIGPIPE) == 0);
  CHECK(sigismember(&mask, SIGPIPE) == 0);
}

TEST_CASE("subprocess: a child that reads part of a 10 MB input") {
  Spec spec;
  spec.argv = {"/usr/bin/head", "-c", "5"};
  spec.stdin_data = "abcdefg" + std::string(kTenMegabytes, 'x');
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 0);
  CHECK(result.stdout_data == "abcde");
}

TEST_CASE("subprocess: a child that does not read its input until later") {
  Spec spec = ShellSpec("sleep 0.2; head -c 3; echo ' read'");
  spec.stdin_data = std::string(kTenMegabytes, 'z');
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_data == "zzz read\n");
}

TEST_CASE("subprocess: 10 MB of stdout is OutputTooLarge and kills the child") {
  Spec spec = ShellSpec("echo $$ > \"$PIDFILE\"; exec head -c 10000000 /dev/zero");
  TempDir dir;
  spec.env.push_back("PIDFILE=" + dir.File("pid"));
  spec.max_stdout = 1 << 20;
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::OutputTooLarge);
  CHECK(result.stdout_data == std::string(1 << 20, '\0'));
  CHECK(result.signal == SIGTERM);
  CHECK(ReadPid(dir.File("pid")) == result.pid);
  CHECK(IsReaped(result.pid));
  CHECK(DescribeResult(result, spec) == "process wrote more than 1048576 bytes to stdout");
}

TEST_CASE("subprocess: stdout at the limit is fine, one byte more is too large") {
  struct Case {
    std::string output;
    Outcome outcome;
    std::string kept;
  };
  const Case cases[] = {
      {"12345", Outcome::Exited, "12345"},
      {"123456", Outcome::OutputTooLarge, "12345"},
      {"", Outcome::Exited, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.output);
    Spec spec = ShellSpec("printf '" + c.output + "'");
    spec.max_stdout = 5;
    Result result = Run(spec);
    CHECK(result.outcome == c.outcome);
    CHECK(result.stdout_data == c.kept);
  }
}

TEST_CASE("subprocess: 10 MB to stderr does not deadlock and keeps the tail") {
  // 41-byte lines: 243902 whole lines and an unterminated 18-byte rest.
  Spec spec = ShellSpec(
      "yes 0123456789012345678901234567890123456789 | head -c 10000000 >&2; "
      "yes out | head -c 500000");
  size_t line_count = 0;
  size_t line_bytes = 0;
  spec.on_stderr_line = [&](std::string_view line) {
    ++line_count;
    line_bytes += line.size();
  };
  spec.stderr_tail_bytes = 20;
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 0);
  CHECK(line_count == 243903);
  CHECK(line_bytes == kTenMegabytes - 243902);
  CHECK(result.stderr_tail == "9\n012345678901234567");
  CHECK(result.stdout_data.size() == 500000);
}

TEST_CASE("subprocess: stdout and stderr floods at the same time") {
  Spec spec = ShellSpec("yes err | head -c 3000000 >&2 & yes out | head -c 3000000; wait");
  spec.max_stdout = 4'000'000;
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_data.size() == 3'000'000);
  CHECK(result.stderr_tail.size() == 4096);
}

TEST_CASE("subprocess: a hang is killed by the timeout") {
  TempDir dir;
  Spec spec = ShellSpec("sleep 10 & echo $! > \"$GRANDCHILD\"; wait");
  spec.env.push_back("GRANDCHILD=" + dir.File("grandchild"));
  spec.timeout = milliseconds(200);
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::TimedOut);
  CHECK(result.signal == SIGTERM);
  CHECK(result.elapsed >= milliseconds(200));
  CHECK(result.elapsed < milliseconds(5000));  // well under the task's 10 s, with room for a loaded machine
  CHECK(IsReaped(result.pid));
  CHECK(WaitGone(ReadPid(dir.File("grandchild"))));
  CHECK(DescribeResult(result, spec) == "process timed out after 200 ms");
}

TEST_CASE("subprocess: a child that ignores SIGTERM gets SIGKILL after the grace") {
  Spec spec = ShellSpec("trap '' TERM; echo ready; while :; do sleep 0.05; done");
  spec.timeout = milliseconds(100);
  spec.kill_grace = milliseconds(200);
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::TimedOut);
  CHECK(result.signal == SIGKILL);
  CHECK(result.stdout_data == "ready\n");
  CHECK(result.elapsed >= milliseconds(300));
  CHECK(result.elapsed < milliseconds(5000));
  CHECK(IsReaped(result.pid));
}

TEST_CASE("subprocess: the child does not inherit the caller's blocked signals") {
  sigset_t term, old_mask;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  ::pthread_sigmask(SIG_BLOCK, &term, &old_mask);
  Spec spec = ShellSpec("sleep 10");
  spec.timeout = milliseconds(100);
  spec.kill_grace = milliseconds(5000);
  Result result = Run(spec);
  ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  CHECK(result.outcome == Outcome::TimedOut);
  CHECK(result.signal == SIGTERM);
  CHECK(result.elapsed < milliseconds(5000));  // well under the task's 10 s, with room for a loaded machine
}

TEST_CASE("subprocess: heartbeats keep a task alive past the heartbeat timeout") {
  Spec spec = ShellSpec(
      "echo \"fd=$SFN_HEARTBEAT_FD\"; i=0; "
      "while [ $i -lt 10 ]; do echo beat >&$SFN_HEARTBEAT_FD; sleep 0.05; i=$((i+1)); done");
  spec.heartbeat_env_name = "SFN_HEARTBEAT_FD";
  spec.heartbeat_timeout = milliseconds(250);
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 0);
  CHECK(result.stdout_data == "fd=3\n");
  CHECK(result.elapsed >= milliseconds(400));
}

TEST_CASE("subprocess: a missing heartbeat kills the task") {
  TempDir dir;
  Spec spec = ShellSpec("echo beat >&3; sleep 10 & echo $! > \"$GRANDCHILD\"; wait");
  spec.env.push_back("GRANDCHILD=" + dir.File("grandchild"));
  spec.heartbeat_env_name = "SFN_HEARTBEAT_FD";
  spec.heartbeat_timeout = milliseconds(150);
  spec.timeout = milliseconds(5000);
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::HeartbeatTimedOut);
  CHECK(result.elapsed >= milliseconds(150));
  CHECK(result.elapsed < milliseconds(5000));  // well under the task's 10 s, with room for a loaded machine
  CHECK(IsReaped(result.pid));
  CHECK(WaitGone(ReadPid(dir.File("grandchild"))));
  CHECK(DescribeResult(result, spec) == "process sent no heartbeat for 150 ms");
}

TEST_CASE("subprocess: a grandchild that outlives its parent is killed") {
  struct Case {
    std::string name;
    std::string redirect;
  };
  const Case cases[] = {
      {"sharing the pipes", ""},
      {"detached from the pipes", " </dev/null >/dev/null 2>&1"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    TempDir dir;
    Spec spec = ShellSpec("sleep 10" + c.redirect + " & echo $! > \"$GRANDCHILD\"; echo parent done");
    spec.env.push_back("GRANDCHILD=" + dir.File("grandchild"));
    Result result = Run(spec);
    CHECK(result.outcome == Outcome::Exited);
    CHECK(result.exit_code == 0);
    CHECK(result.stdout_data == "parent done\n");
    CHECK(result.elapsed < milliseconds(5000));  // well under the task's 10 s, with room for a loaded machine
    CHECK(IsReaped(result.pid));
    pid_t grandchild = ReadPid(dir.File("grandchild"));
    REQUIRE(grandchild > 0);
    CHECK(WaitGone(grandchild));
  }
}

TEST_CASE("subprocess: a process that leaves the group does not hold Run up") {
  TempDir dir;
  // setsid puts the sleep out of reach of the group kill; it keeps stderr open.
  Spec spec = ShellSpec("setsid sleep 10 >/dev/null & echo $! > \"$ESCAPED\"; echo done");
  spec.env.push_back("ESCAPED=" + dir.File("escaped"));
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_data == "done\n");
  CHECK(result.elapsed < milliseconds(5000));  // well under the task's 10 s, with room for a loaded machine
  pid_t escaped = ReadPid(dir.File("escaped"));
  if (escaped > 0) ::kill(escaped, SIGKILL);
}

TEST_CASE("subprocess: an exception from the stderr callback still kills and reaps") {
  TempDir dir;
  Spec spec =
      ShellSpec("echo $$ > \"$DIR/child\"; sleep 10 & echo $! > \"$DIR/grandchild\"; echo boom >&2; wait");
  spec.env.push_back("DIR=" + dir.path());
  spec.on_stderr_line = [](std::string_view line) { throw std::runtime_error(std::string(line)); };
  CHECK_THROWS_WITH_AS(Run(spec), "boom", std::runtime_error);
  CHECK(IsReaped(ReadPid(dir.File("child"))));
  CHECK(WaitGone(ReadPid(dir.File("grandchild"))));
  CHECK(LiveProcessGroups().size() == 0);
}

TEST_CASE("subprocess: spawn failures") {
  TempDir dir;
  std::ofstream(dir.File("plain")) << "echo hi\n";
  struct Case {
    std::vector<std::string> argv;
    std::string cwd;
    std::string error;
  };
  const Case cases[] = {
      {{"sfn-no-such-command"}, "", "command 'sfn-no-such-command' not found in PATH"},
      {{"/nonexistent/tool"}, "", "cannot run '/nonexistent/tool': No such file or directory"},
      {{dir.File("plain")}, "", "cannot run '" + dir.File("plain") + "': Permission denied"},
      {{"/bin/true"}, "/nonexistent", "cannot change to directory '/nonexistent': No such file or directory"},
      {{"/bin/true"},
       dir.File("plain"),
       "cannot change to directory '" + dir.File("plain") + "': Not a directory"},
      {{}, "", "empty argv"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.error);
    Spec spec;
    spec.argv = c.argv;
    spec.env = {"PATH=/usr/bin:/bin"};
    spec.cwd = c.cwd;
    spec.stdin_data = "{}";
    Result result = Run(spec);
    CHECK(result.outcome == Outcome::SpawnFailed);
    CHECK(result.spawn_error == c.error);
    CHECK(result.pid == -1);
    CHECK(result.exit_code == -1);
    CHECK(DescribeResult(result, spec) == "process could not start: " + c.error);
  }
}

TEST_CASE("subprocess: the working directory is honoured") {
  TempDir dir;
  Spec spec;
  spec.argv = {"/bin/pwd"};
  spec.cwd = dir.path();
  CHECK(Run(spec).stdout_data == dir.path() + "\n");

  // A relative program path is relative to the working directory.
  std::ofstream(dir.File("hello.sh")) << "#!/bin/sh\necho hello from \"$(pwd)\"\n";
  ::chmod(dir.File("hello.sh").c_str(), 0755);
  spec.argv = {"./hello.sh"};
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_data == "hello from " + dir.path() + "\n");
}

TEST_CASE("subprocess: the environment is exactly the one given") {
  struct Case {
    std::vector<std::string> env;
    std::string heartbeat_name;
    std::string expected;
  };
  const Case cases[] = {
      {{"A=1", "B=two words"}, "", "A=1\nB=two words\n"},
      {{}, "", ""},
      {{"X=1", "SFN_HEARTBEAT_FD=9"}, "SFN_HEARTBEAT_FD", "X=1\nSFN_HEARTBEAT_FD=3\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expected);
    Spec spec;
    spec.argv = {"/usr/bin/env"};
    spec.env = c.env;
    spec.heartbeat_env_name = c.heartbeat_name;
    Result result = Run(spec);
    CHECK(result.outcome == Outcome::Exited);
    CHECK(result.stdout_data == c.expected);
  }
}

TEST_CASE("subprocess: the program is searched in the PATH of the given environment") {
  Spec spec;
  spec.argv = {"printf", "%s", "found"};
  spec.env = {"PATH=/nonexistent:/usr/bin"};
  CHECK(Run(spec).stdout_data == "found");
}

TEST_CASE("subprocess: the child sees only its own descriptors") {
  // A descriptor the caller leaked without close-on-exec must not reach the child.
  int null_fd = ::open("/dev/null", O_RDONLY);
  int leaked = ::fcntl(null_fd, F_DUPFD, 20);  // F_DUPFD leaves close-on-exec unset
  ::close(null_fd);
  REQUIRE(leaked >= 20);
  struct Case {
    std::string heartbeat_name;
    std::string expected;  // ls itself has the /proc/self/fd folder open on the next free number
  };
  const Case cases[] = {{"", "0\n1\n2\n3\n"}, {"SFN_HEARTBEAT_FD", "0\n1\n2\n3\n4\n"}};
  for (const Case& c : cases) {
    Spec spec;
    spec.argv = {"/bin/ls", "/proc/self/fd"};
    spec.heartbeat_env_name = c.heartbeat_name;
    CHECK(Run(spec).stdout_data == c.expected);
  }
  ::close(leaked);
}

TEST_CASE("subprocess: empty stdin is end-of-file at once") {
  Spec spec;
  spec.argv = {"/usr/bin/wc", "-c"};
  CHECK(Run(spec).stdout_data == "0\n");
}

TEST_CASE("outcome names") {
  CHECK(OutcomeName(Outcome::Exited) == "Exited");
  CHECK(OutcomeName(Outcome::Signaled) == "Signaled");
  CHECK(OutcomeName(Outcome::TimedOut) == "TimedOut");
  CHECK(OutcomeName(Outcome::HeartbeatTimedOut) == "HeartbeatTimedOut");
  CHECK(OutcomeName(Outcome::OutputTooLarge) == "OutputTooLarge");
  CHECK(OutcomeName(Outcome::Cancelled) == "Cancelled");
  CHECK(OutcomeName(Outcome::SpawnFailed) == "SpawnFailed");
}

}  // namespace
}  // namespace sfn::process
