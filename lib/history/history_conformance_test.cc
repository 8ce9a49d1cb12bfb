// Reads every recorded history of the shared conformance data: each must parse, build frames and
// summarise, with the final status of its terminal event (and of expected.json for execution cases),
// and without well-formedness findings.
//
// Tolerated, by design (see wellformed.h): timestamps that read "timestamp" (no time is derived), payloads
// that are parsed JSON values or placeholder text, and, in recordings whose ids are masked as [0], the id,
// previousEventId and Parallel-ordering rules. Everything else counts as a finding.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "history/frames.h"
#include "history/reader.h"
#include "history/status.h"
#include "history/summary.h"
#include "history/wellformed.h"

namespace sfn::history {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsNullDocument(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  size_t end = text.find_last_not_of(" \t\r\n");
  return begin != std::string::npos && text.substr(begin, end - begin + 1) == "null";
}

std::string TerminalStatus(const std::vector<Event>& events) {
  std::string status = "RUNNING";
  for (const Event& event : events) {
    EventRole role = RoleOf(event.type);
    if (role == EventRole::kExecutionSucceeded) status = "SUCCEEDED";
    if (role == EventRole::kExecutionFailed) status = "FAILED";
    if (role == EventRole::kExecutionTimedOut) status = "TIMED_OUT";
    if (role == EventRole::kExecutionAborted) status = "ABORTED";
  }
  return status;
}

struct Tally {
  int files = 0;
  int null_histories = 0;
  int parsed = 0;
  int status_matches = 0;
  int expected_matches = 0;
  int expected_checked = 0;
  int normalised_ids = 0;
  std::map<std::string, int> findings_by_rule;
  std::vector<std::string> finding_lines;
};

void CheckOne(const fs::path& path, const fs::path* expected_path, Tally& tally) {
  std::string text = Slurp(path);
  if (IsNullDocument(text)) {
    ++tally.null_histories;
    return;
  }
  ++tally.files;
  ReadResult read = ReadHistory(text, path.string());
  INFO(path.string());
  for (const ReadIssue& issue : read.errors) INFO(FormatIssue(read.source_name, issue));
  CHECK(read.ok);
  if (!read.ok) return;
  ++tally.parsed;
  if (read.normalisation.ids_masked) ++tally.normalised_ids;
  FrameTree tree = BuildFrames(read.events);
  Summary summary = Summarise(read.events, tree);
  StatusMap status = BuildStatusMap(tree);
  CHECK(!status.by_name.empty() == (summary.state_transitions > 0));
  std::string got = std::string(ExecutionStatusName(summary.status));
  CHECK(got == TerminalStatus(read.events));
  if (got == TerminalStatus(read.events)) ++tally.status_matches;
  if (expected_path != nullptr && fs::exists(*expected_path)) {
    Json expected = Json::parse(Slurp(*expected_path), nullptr, false);
    if (expected.is_object() && expected.contains("status")) {
      ++tally.expected_checked;
      CHECK(got == expected["status"].get<std::string>());
      if (got == expected["status"].get<std::string>()) ++tally.expected_matches;
    }
  }
  for (const Finding& finding : CheckWellFormed(read.events, tree, OptionsFor(read))) {
    ++tally.findings_by_rule[finding.code];
    tally.finding_lines.push_back(path.parent_path().filename().string() + "/" + path.filename().string() +
                                  ": event " + std::to_string(finding.event_id) + ": " + finding.message +
                                  " [" + finding.code + "]");
  }
}

void Report(const std::string& name, const Tally& tally) {
  std::cout << "history conformance (" << name << "): " << tally.parsed << "/" << tally.files << " parsed, "
            << tally.status_matches << "/" << tally.parsed << " terminal status, " << tally.expected_matches
            << "/" << tally.expected_checked << " expected.json status, " << tally.null_histories
            << " null skipped, " << tally.normalised_ids << " with masked ids\n";
  for (const auto& [rule, count] : tally.findings_by_rule) std::cout << "  " << rule << ": " << count << "\n";
  for (size_t i = 0; i < tally.finding_lines.size() && i < 40; ++i)
    std::cout << "  " << tally.finding_lines[i] << "\n";
}

}  // namespace

TEST_CASE("history conformance: recorded GetExecutionHistory samples") {
  fs::path dir = fs::path(SFN_SHARED_DIR) / "conformance" / "histories";
  if (!fs::is_directory(dir)) {
    MESSAGE("skipped: no conformance data at " << dir.string());
    return;
  }
  Tally tally;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.size() > 13 && name.substr(name.size() - 13) == ".history.json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) CheckOne(file, nullptr, tally);
  Report("histories", tally);
  CHECK(tally.files == 25);
  CHECK(tally.parsed == tally.files);
  CHECK(tally.findings_by_rule.empty());
}

TEST_CASE("history conformance: execution cases") {
  for (const char* set : {"executions", "executions-lambda", "executions-service"}) {
    fs::path dir = fs::path(SFN_SHARED_DIR) / "conformance" / set;
    if (!fs::is_directory(dir)) {
      MESSAGE("skipped: no conformance data at " << dir.string());
      continue;
    }
    Tally tally;
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_directory() && fs::exists(entry.path() / "history.json")) cases.push_back(entry.path());
    }
    std::sort(cases.begin(), cases.end());
    for (const fs::path& c : cases) {
      fs::path expected = c / "expected.json";
      CheckOne(c / "history.json", &expected, tally);
    }
    Report(set, tally);
    CHECK(tally.parsed == tally.files);
    CHECK(tally.expected_matches == tally.expected_checked);
    CHECK(tally.findings_by_rule.empty());
  }
}

}  // namespace sfn::history
