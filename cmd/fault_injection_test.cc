// Fault injection through the real sfn binary. run-local: tasks that die by a signal, hang, never read
// their input, print invalid JSON or 10 MB, fork grandchildren, or exit while their input is being written;
// SIGINT and SIGTERM sent to sfn in the middle of a Parallel; history files that cannot be written. Each
// case checks the exit code and the error, that no task process (child or grandchild) is left alive, and
// that the history written is whole: {"events": [...]} with ids 1, 2, 3, ... Then hostile state names
// through validate and render.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/json.h"
#include "process/subprocess.h"
#include "cli_test_support.h"
#include "process/test_support.h"

namespace {

namespace fs = std::filesystem;
namespace pt = sfn::process::testing;
using sfn::Json;
using sfn::cli::testing::kPath;
using sfn::cli::testing::Sandbox;
using sfn::cli::testing::SfnRun;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How long a killed process may take to disappear. Generous: SIGKILL is asynchronous and the machine busy.
constexpr milliseconds kGoneLimit{5000};
bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

// No process the tasks recorded, nor any other descendant of sfn, is alive (after a grace period).
void CheckNoSurvivors(const Sandbox& box, size_t expected_pids) {
  std::vector<pid_t> pids = box.RecordedPids();
  CHECK(pids.size() == expected_pids);
  for (pid_t pid : pids) {
    CAPTURE(pid);
    CHECK(pt::WaitGone(pid, kGoneLimit));
  }
  auto deadline = Clock::now() + kGoneLimit;
  std::vector<pid_t> left = box.Descendants();
  while (!left.empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
    left = box.Descendants();
  }
  CAPTURE(left.size());
  CHECK(left.empty());
}

// The history file must be {"events": [...]} with ids 1..n in order, each event typed and timestamped,
// and every previousEventId pointing backwards. Returns the events (empty when the file is broken).
Json CheckHistory(const std::string& path) {
  std::string text = pt::ReadFile(path);
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  CAPTURE(text.substr(0, 200));
  CHECK_FALSE(doc.is_discarded());
  if (doc.is_discarded() || !doc.is_object()) return Json::array();
  CHECK(doc.size() == 1);
  CHECK(doc.contains("events"));
  if (!doc.contains("events") || !doc["events"].is_array()) return Json::array();
  const Json& events = doc["events"];
  CHECK(!events.empty());
  for (size_t i = 0; i < events.size(); ++i) {
    const Json& e = events[i];
    CAPTURE(i);
    CHECK(e.value("id", Json()) == Json(i + 1));
    CHECK(e.contains("timestamp"));
    CHECK((e.contains("type") && e["type"].is_string() && !e["type"].get<std::string>().empty()));
    Json previous = e.value("previousEventId", Json());
    CHECK((previous.is_number_integer() && previous.get<int64_t>() >= 0 &&
           previous.get<int64_t>() < static_cast<int64_t>(i + 1)));
  }
  return events;
}

std::string LastType(const Json& events) { return events.empty() ? "" : events.back().value("type", ""); }

size_t CountType(const Json& events, const std::string& type) {
  size_t n = 0;
  for (const Json& e : events) n += e.value("type", "") == type;
  return n;
}

// Whether some event's details name `error`.
bool HasEventError(const Json& events, const std::string& error) {
  for (const Json& e : events) {
    for (const auto& [key, value] : e.items()) {
      if (key.ends_with("EventDetails") && value.is_object() && value.value("error", "") == error) return true;
    }
  }
  return false;
}

Json ParseDescribe(const std::string& out) {
  Json d = Json::parse(out, nullptr, /*allow_exceptions=*/false);
  CAPTURE(out);
  CHECK((!d.is_discarded() && d.is_object()));
  return d.is_discarded() ? Json::object() : d;
}

Json OneTask(int timeout_seconds) {
  return {{"StartAt", "Fault"},
          {"States",
           {{"Fault",
             {{"Type", "Task"},
              {"Resource", "arn:aws:states:::fault"},
              {"TimeoutSeconds", timeout_seconds},
              {"End", true}}}}}};
}

// Mounts a tmpfs on a folder for the scope (root only); `reason` says why not when ok() is false.
class TmpfsMount {
 public:
  TmpfsMount(const std::string& dir, const std::string& options) : dir_(dir) {
    fs::create_directories(dir);
    if (::geteuid() != 0) {
      reason_ = "not running as root";
      return;
    }
    auto result = RunTool({"mount", "-t", "tmpfs", "-o", options, "tmpfs", dir});
    ok_ = result.outcome == sfn::process::Outcome::Exited && result.exit_code == 0;
    if (!ok_) reason_ = "mount -t tmpfs failed: " + result.stderr_tail + result.spawn_error;
  }
  ~TmpfsMount() {
    if (ok_) RunTool({"umount", dir_});
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  bool ok() const { return ok_; }
  const std::string& reason() const { return reason_; }

 private:
  static sfn::process::Result RunTool(std::vector<std::string> argv) {
    sfn::process::Spec spec;
    spec.argv = std::move(argv);
    spec.env = {kPath};
    spec.timeout = std::chrono::seconds(30);
    return sfn::process::Run(spec);
  }
  std::string dir_;
  bool ok_ = false;
  std::string reason_;
};

}  // namespace

TEST_CASE("fault injection: tasks that crash, hang, flood, fork or ignore their input") {
  struct Case {
    const char* name;
    std::string script;  // /bin/sh -c; appends the pid of every process it starts to ./pids
    int timeout_seconds;
    size_t input_bytes;  // the length of a string in the execution input (the task's stdin)
    size_t pids;         // how many pids the script records
    int exit;
    const char* status;
    const char* error;  // for a failure
    std::string cause;  // part of the cause, or of the output on success
  };
  const Case cases[] = {
      {"killed by SIGKILL", "echo $$ >> pids; kill -KILL $$", 5, 10, 1, 1, "FAILED", "States.TaskFailed",
       "process killed by signal 9 (KILL)"},
      {"killed by SIGSEGV", "echo $$ >> pids; kill -SEGV $$", 5, 10, 1, 1, "FAILED", "States.TaskFailed",
       "process killed by signal 11 (SEGV)"},
      {"hangs past TimeoutSeconds", "echo $$ >> pids; sleep 30 & echo $! >> pids; wait", 1, 10, 2, 1, "FAILED",
       "States.Timeout", ""},
      {"hangs and ignores SIGTERM", "trap '' TERM; echo $$ >> pids; sleep 30 & echo $! >> pids; wait", 1, 10, 2, 1,
       "FAILED", "States.Timeout", ""},
      {"never reads its input", "echo $$ >> pids; echo '{\"read\": false}'", 5, 200000, 1, 0, "SUCCEEDED", "",
       "{\"read\":false}"},
      {"exits while its input is being written", "echo $$ >> pids; head -c 100 >/dev/null; exit 3", 5, 200000, 1, 1,
       "FAILED", "States.TaskFailed", "process exited with code 3"},
      {"prints invalid JSON", "echo $$ >> pids; cat >/dev/null; echo '{\"total\": 12,'", 5, 10, 1, 1, "FAILED",
       "States.TaskFailed", "task printed invalid JSON on stdout"},
      {"prints 10 MB", "echo $$ >> pids; cat >/dev/null; head -c 10485760 /dev/zero | tr '\\000' x", 5, 10, 1, 1,
       "FAILED", "States.DataLimitExceeded", "exceeding the maximum number of bytes"},
      {"forks a grandchild that outlives it",
       "echo $$ >> pids; cat >/dev/null; sleep 30 & echo $! >> pids; echo '{\"forked\": true}'", 5, 10, 2, 0,
       "SUCCEEDED", "", "{\"forked\":true}"},
      {"forks a grandchild, then hangs past TimeoutSeconds",
       "echo $$ >> pids; sleep 30 & echo $! >> pids; sleep 30 & echo $! >> pids; wait", 1, 10, 3, 1, "FAILED",
       "States.Timeout", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Sandbox box;
    box.WriteJson("def.asl.json", OneTask(c.timeout_seconds));
    box.WriteResources({{"arn:aws:states:::fault", c.script}});
    box.WriteJson("input.json", {{"blob", std::string(c.input_bytes, 'i')}});
    auto started = Clock::now();
    SfnRun run = box.Run({"run-local", "def.asl.json", "--resources", "resources.json", "--input", "@input.json",
                          "--history", "history.json", "--describe"});
    auto took = Clock::now() - started;
    CAPTURE(run.err());
    REQUIRE(run.result.outcome == sfn::process::Outcome::Exited);
    CHECK(run.exit_code() == c.exit);
    CHECK(took < std::chrono::seconds(15));
    Json d = ParseDescribe(run.out());
    CHECK(d.value("status", "") == c.status);
    if (std::string(c.status) == "SUCCEEDED") {
      CHECK(d.value("output", "") == c.cause);
    } else {
      CHECK(d.value("error", "") == c.error);
      CHECK(Contains(d.value("cause", ""), c.cause));
      CHECK(Contains(run.err(), "sfn: execution FAILED: " + std::string(c.error)));
    }
    Json events = CheckHistory(box.File("history.json"));
    CHECK(LastType(events) == (std::string(c.status) == "SUCCEEDED" ? "ExecutionSucceeded" : "ExecutionFailed"));
    if (std::string(c.status) != "SUCCEEDED") CHECK(HasEventError(events, c.error));
    CheckNoSurvivors(box, c.pids);
  }
}

TEST_CASE("fault injection: SIGINT or SIGTERM in the middle of a Parallel kills every task and exits 130") {
  // Three branches each run a long task with a grandchild; a Catch would run another task if the
  // interruption were treated as a task failure.
  Json branches = Json::array();
  for (int i = 0; i < 3; ++i) {
    std::string n = std::to_string(i);
    branches.push_back({{"StartAt", "Slow" + n},
                        {"States",
                         {{"Slow" + n,
                           {{"Type", "Task"},
                            {"Resource", "arn:aws:states:::slow"},
                            {"TimeoutSeconds", 60},
                            {"Catch", {{{"ErrorEquals", Json::array({"States.ALL"})}, {"Next", "After" + n}}}},
                            {"End", true}}},
                          {"After" + n, {{"Type", "Task"}, {"Resource", "arn:aws:states:::after"}, {"End", true}}}}}});
  }
  Json definition = {{"StartAt", "Fan"},
                     {"States",
                      {{"Fan",
                        {{"Type", "Parallel"},
                         {"Branches", branches},
                         {"Catch", {{{"ErrorEquals", Json::array({"States.ALL"})}, {"Next", "Recover"}}}},
                         {"End", true}}},
                       {"Recover", {{"Type", "Task"}, {"Resource", "arn:aws:states:::after"}, {"End", true}}}}}};
  for (int sig : {SIGINT, SIGTERM}) {
    CAPTURE(sig);
    Sandbox box;
    box.WriteJson("def.asl.json", definition);
    box.WriteResources({{"arn:aws:states:::slow", "echo $PPID >> sfn.pid; sleep 30 & echo $$ $! >> pids; wait"},
                        {"arn:aws:states:::after", "touch after-ran; echo '{}'"}});
    auto running = std::async(std::launch::async, [&box] {
      return box.Run(
          {"run-local", "def.asl.json", "--resources", "resources.json", "--history", "history.json", "--describe"});
    });
    // Each task records sfn's pid (its parent) before its own: three pid lines mean all three run.
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Lines(box.Read("pids")).size() < 3 && Clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(5));
    }
    REQUIRE(Lines(box.Read("pids")).size() == 3);
    pid_t sfn_pid = box.RecordedPids("sfn.pid").at(0);
    auto signalled = Clock::now();
    REQUIRE(::kill(sfn_pid, sig) == 0);
    SfnRun run = running.get();
    CAPTURE(run.err());
    REQUIRE(run.result.outcome == sfn::process::Outcome::Exited);
    CHECK(run.result.pid == sfn_pid);
    CHECK(run.exit_code() == 130);
    CHECK(Clock::now() - signalled < std::chrono::seconds(10));
    CHECK(Contains(run.err(), sig == SIGINT ? "sfn: interrupted, stopping every task\n"
                                            : "sfn: terminated, stopping every task\n"));
    CHECK(Contains(run.err(), "sfn: execution ABORTED"));
    CHECK(ParseDescribe(run.out()).value("status", "") == "ABORTED");
    Json events = CheckHistory(box.File("history.json"));
    std::string types;
    for (const Json& e : events) types += e.value("type", "") + " ";
    CAPTURE(types);
    CHECK(LastType(events) == "ExecutionAborted");
    CHECK(CountType(events, "TaskStarted") == 3);
    CHECK_FALSE(box.Exists("after-ran"));
    CheckNoSurvivors(box, 6);
  }
}

TEST_CASE("fault injection: a history that cannot be written stops sfn before any task runs") {
  Sandbox box;
  box.WriteJson("def.asl.json", OneTask(5));
  box.WriteResources({{"arn:aws:states:::fault", "echo $$ >> pids; touch ran; echo '{}'"}});
  fs::create_directories(box.File("folder"));
  struct Case {
    std::string history;
    std::string reason;
  };
  std::vector<Case> cases = {{"missing/history.json", "No such file or directory"},
                             {"folder", "Is a directory"},
                             {"folder/", "Is a directory"}};
  // A folder that refuses new files: permissions for an ordinary user, a read-only mount for root (whom
  // permissions do not stop).
  std::optional<TmpfsMount> read_only;
  if (::geteuid() == 0) {
    read_only.emplace(box.File("read-only"), "ro,size=16k");
    if (read_only->ok()) {
      cases.push_back({"read-only/history.json", "Read-only file system"});
    } else {
      MESSAGE("skipping the read-only folder case: " << read_only->reason());
    }
  } else {
    fs::create_directories(box.File("read-only"));
    ::chmod(box.File("read-only").c_str(), 0555);
    cases.push_back({"read-only/history.json", "Permission denied"});
  }
  for (const Case& c : cases) {
    CAPTURE(c.history);
    SfnRun run = box.Run({"run-local", "def.asl.json", "--resources", "resources.json", "--history", c.history});
    REQUIRE(run.result.outcome == sfn::process::Outcome::Exited);
    CHECK(run.exit_code() == 2);
    CHECK(run.err() == "sfn: cannot write the history to '" + c.history + "': " + c.reason + "\n");
    CHECK(run.out().empty());
    CHECK_FALSE(box.Exists("ran"));
    CHECK(box.RecordedPids().empty());
  }
  CHECK(fs::is_directory(box.File("folder")));
  CHECK(fs::is_empty(box.File("folder")));
  if (::geteuid() != 0) ::chmod(box.File("read-only").c_str(), 0755);
}

TEST_CASE("fault injection: a full disk fails the history write and keeps the previous file") {
  Sandbox box;
  TmpfsMount disk(box.File("disk"), "size=64k");
  if (!disk.ok()) {
    MESSAGE("skipping the full-disk case: " << disk.reason());
    return;
  }
  // A good history first, on the small disk.
  box.WriteJson("small.asl.json", {{"StartAt", "P"}, {"States", {{"P", {{"Type", "Pass"}, {"End", true}}}}}});
  SfnRun small = box.Run({"run-local", "small.asl.json", "--history", "disk/history.json"});
  REQUIRE(small.result.outcome == sfn::process::Outcome::Exited);
  CHECK(small.exit_code() == 0);
  std::string good = box.Read("disk/history.json");
  CHECK(LastType(CheckHistory(box.File("disk/history.json"))) == "ExecutionSucceeded");

  // Then an execution whose history (a 60 KB input through four states, several times each) overflows it.
  Json states = Json::object();
  for (int i = 0; i < 4; ++i) {
    Json state = {{"Type", "Pass"}};
    if (i < 3) {
      state["Next"] = "P" + std::to_string(i + 1);
    } else {
      state["End"] = true;
    }
    states["P" + std::to_string(i)] = state;
  }
  box.WriteJson("big.asl.json", {{"StartAt", "P0"}, {"States", states}});
  box.WriteJson("big.input.json", {{"blob", std::string(60000, 'b')}});
  SfnRun big = box.Run({"run-local", "big.asl.json", "--input", "@big.input.json", "--history", "disk/history.json"});
  REQUIRE(big.result.outcome == sfn::process::Outcome::Exited);
  CHECK(big.exit_code() == 2);
  CHECK(big.err() == "sfn: cannot write the history to 'disk/history.json': No space left on device\n");
  // The execution itself ran and is still reported.
  Json output = Json::parse(big.out(), nullptr, false);
  CHECK((!output.is_discarded() && output.value("blob", "").size() == 60000));
  // The previous history is untouched, and no temporary file is left on the disk.
  CHECK(box.Read("disk/history.json") == good);
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(box.File("disk"))) files.push_back(entry.path().filename().string());
  CHECK(files == std::vector<std::string>{"history.json"});
}

namespace {

// State names meant to break out of their quoting in text diagnostics, dot and Mermaid.
std::vector<std::string> HostileNames() {
  std::string emoji;
  for (int i = 0; i < 80; ++i) emoji += "\xF0\x9F\x9A\x80";  // U+1F680
  return {"say \"hi\"",
          "back\\slash\\",
          "new\nline\r\n",
          "<b>bold</b> &amp; <script>x</script>",
          "a\" [color=red, URL=\"javascript:x\"]; \"b",
          "} subgraph cluster_x { n -> m; node [shape=none]",
          "x -- y -> z; // /* */ #",
          "%%{init: {}}%% click n0 call alert()",
          "::error file=x::forged",
          "esc\x1b[31mred\x1b[0m bell\x07 del\x7f c1\xC2\x9B",
          emoji};
}

Json HostileChain(const std::string& missing_next = "") {
  std::vector<std::string> names = HostileNames();
  Json states = Json::object();
  for (size_t i = 0; i < names.size(); ++i) {
    Json state = {{"Type", "Pass"}};
    if (i + 1 < names.size()) {
      state["Next"] = names[i + 1];
    } else if (!missing_next.empty()) {
      state["Next"] = missing_next;
    } else {
      state["End"] = true;
    }
    states[names[i]] = state;
  }
  return {{"StartAt", names[0]}, {"States", states}};
}

bool HaveGraphviz() {
  sfn::process::Spec spec;
  spec.argv = {"dot", "-V"};
  spec.env = {kPath};
  spec.timeout = std::chrono::seconds(30);
  auto result = sfn::process::Run(spec);
  return result.outcome == sfn::process::Outcome::Exited && result.exit_code == 0;
}

}  // namespace

TEST_CASE("hostile names: validate output keeps one line per diagnostic and no raw control characters") {
  Sandbox box;
  box.WriteJson("valid.asl.json", HostileChain());
  SfnRun valid = box.Run({"validate", "valid.asl.json"});
  CAPTURE(valid.out() + valid.err());
  CHECK(valid.exit_code() == 0);

  const std::string missing = "gone\n::error file=y::forged\x1b]0;title\x07";
  box.WriteJson("broken.asl.json", HostileChain(missing));
  SfnRun json = box.Run({"validate", "broken.asl.json", "--format", "json"});
  CHECK(json.exit_code() == 1);
  Json report = Json::parse(json.out(), nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  const Json& diagnostics = report["diagnostics"];
  REQUIRE(diagnostics.size() >= 1);
  bool named = std::any_of(diagnostics.begin(), diagnostics.end(), [&missing](const Json& d) {
    return Contains(d.value("message", ""), "'" + missing + "'");  // JSON keeps the name exact
  });
  CHECK(named);

  SfnRun text = box.Run({"validate", "broken.asl.json", "--format", "text"});
  CHECK(text.exit_code() == 1);
  std::string all = text.out() + text.err();
  CAPTURE(all);
  CHECK(Contains(all, "'gone\\n::error file=y::forged\\x1B]0;title\\x07'"));
  bool printable = std::all_of(all.begin(), all.end(), [](char c) {
    return (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) || c == '\n' || c == '\t';
  });
  CHECK(printable);
  CHECK_FALSE(Contains(all, "\xC2\x9B"));
  for (const std::string& line : Lines(all)) CHECK_FALSE(line.starts_with("::"));
  // Each diagnostic starts a line "file:line:col: error: ...".
  CHECK(Count(all, "broken.asl.json:") == diagnostics.size());

  SfnRun github = box.Run({"validate", "broken.asl.json", "--format", "github"});
  CHECK(github.exit_code() == 1);
  std::vector<std::string> lines = Lines(github.out());
  CHECK(lines.size() == diagnostics.size());
  for (const std::string& line : lines) CHECK((line.starts_with("::error ") || line.starts_with("::warning ")));

  SfnRun sarif = box.Run({"validate", "broken.asl.json", "--format", "sarif"});
  CHECK(sarif.exit_code() == 1);
  CHECK_FALSE(Json::parse(sarif.out(), nullptr, false).is_discarded());
}

TEST_CASE("hostile names: render draws valid dot and Mermaid without injected nodes or attributes") {
  Sandbox box;
  box.WriteJson("hostile.asl.json", HostileChain());
  const size_t states = HostileNames().size();
  const std::string title = "t\" [color=red]; x\n</text><script>";

  SfnRun dot = box.Run({"render", "hostile.asl.json", "--title", title});
  CAPTURE(dot.err());
  REQUIRE(dot.exit_code() == 0);
  CHECK(dot.out().starts_with("digraph "));
  CHECK_FALSE(Contains(dot.out(), "\x1b"));
  if (HaveGraphviz()) {
    sfn::process::Spec spec;
    spec.argv = {"dot", "-Tsvg"};
    spec.env = {kPath, "LANG=C.UTF-8"};
    spec.stdin_data = dot.out();
    spec.timeout = std::chrono::seconds(60);
    spec.max_stdout = 16 << 20;
    auto svg = sfn::process::Run(spec);
    CAPTURE(svg.stderr_tail);
    CHECK(svg.outcome == sfn::process::Outcome::Exited);
    CHECK(svg.exit_code == 0);
    CHECK_FALSE(Contains(svg.stderr_tail, "syntax error"));
    // Exactly the states plus Start and End as nodes, one edge between each: no name made its own.
    CHECK(Count(svg.stdout_data, "class=\"node\"") == states + 2);
    CHECK(Count(svg.stdout_data, "class=\"edge\"") == states + 1);
    CHECK(Count(svg.stdout_data, "class=\"cluster\"") == 0);
    CHECK_FALSE(Contains(svg.stdout_data, "<script"));
    CHECK_FALSE(Contains(svg.stdout_data, "<b>"));
    CHECK_FALSE(Contains(svg.stdout_data, "href"));
    CHECK_FALSE(Contains(svg.stdout_data, "\"red\""));
  } else {
    MESSAGE("Graphviz (dot) is not installed: skipping the dot -Tsvg check");
  }

  SfnRun mermaid = box.Run({"render", "hostile.asl.json", "--format", "mermaid", "--title", title});
  CAPTURE(mermaid.err());
  REQUIRE(mermaid.exit_code() == 0);
  CAPTURE(mermaid.out());
  // Front matter with the title on one line, then node, edge and class statements only.
  std::vector<std::string> lines = Lines(mermaid.out());
  REQUIRE(lines.size() > 4);
  CHECK(lines[0] == "---");
  CHECK(lines[1].starts_with("title: \""));
  CHECK(lines[1].ends_with("\""));
  size_t unescaped_quotes = 0;
  for (size_t i = 8; i + 1 < lines[1].size(); ++i) {
    if (lines[1][i] == '\\') {
      ++i;
    } else if (lines[1][i] == '"') {
      ++unescaped_quotes;
    }
  }
  CHECK(unescaped_quotes == 0);
  CHECK(lines[2] == "---");
  CHECK(lines[3] == "flowchart TD");
  size_t nodes = 0, edges = 0;
  for (size_t i = 4; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    CAPTURE(line);
    CHECK(line.starts_with("  "));
    std::string body = line.substr(2);
    size_t open = body.find("(\"");
    if (open != std::string::npos) {
      // A node: nK("label") or nK(("label")); the label holds no quote, bracket closer or raw tag.
      CHECK(body[0] == 'n');
      CHECK(body.find_first_not_of("0123456789", 1) == open - (body[open - 1] == '(' ? 1 : 0));
      size_t close = body.rfind("\")");
      REQUIRE(close != std::string::npos);
      std::string label = body.substr(open + 2, close - open - 2);
      CHECK(label.find('"') == std::string::npos);
      std::string without_breaks = label;
      for (size_t at; (at = without_breaks.find("<br/>")) != std::string::npos;) without_breaks.erase(at, 5);
      CHECK(without_breaks.find('<') == std::string::npos);
      CHECK(without_breaks.find('>') == std::string::npos);
      ++nodes;
    } else if (Contains(body, " --> ")) {
      CHECK(body.find_first_not_of("n0123456789-> ") == std::string::npos);
      ++edges;
    } else {
      CHECK((body.starts_with("classDef ") || body.starts_with("class ") || body.starts_with("style ") ||
             body.starts_with("linkStyle ")));
    }
  }
  CHECK(nodes == states + 2);
  CHECK(edges == states + 1);
  CHECK_FALSE(Contains(mermaid.out(), "%%{"));
  CHECK_FALSE(Contains(mermaid.out(), "\x1b"));
}
