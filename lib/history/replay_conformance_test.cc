// Replays every recorded history of the shared conformance data against the definition that produced it:
// SFN_SHARED_DIR/conformance/histories/*.history.json (with *.definition.json) and every non-null
// history.json under SFN_SHARED_DIR/conformance/executions*/ (with definition.json). The input comes from
// the ExecutionStarted event and each Task outcome from the recording. A case passes when the replay is
// consistent: same states, inputs, parameters, outputs, variables, retries, catches and final outcome.
// Prints the rates and each failing case with its first divergence, sorted by reason (the engine does not
// evaluate what AWS did; the recording lacks what a replay needs; a divergence); skips when the data is
// absent. The required rate counts every case: a case the engine cannot judge (what AWS evaluated is out of
// its reach, or the recording lacks what a replay needs) counts as a failure; the rate among the judged
// cases is printed beside it. A case's input.json (the input the execution really started with) stands in
// for a recorded input that the test tooling masked, and the texts its meta.json says the tooling replaced
// are replaced in the replay's values too.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "history/replay.h"

namespace sfn::history {
namespace {

namespace fs = std::filesystem;

constexpr double kRequiredRate = 98.0;  // percent of all cases, judged or not

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsNull(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  return begin == std::string::npos || text.compare(begin, 4, "null") == 0;
}

struct Case {
  std::string name;
  fs::path history;
  fs::path definition;
  fs::path input;  // executions*/: the input the case started the execution with
  fs::path meta;   // executions*/: how the recording was made and masked
};

std::vector<Case> Cases(const fs::path& root) {
  std::vector<Case> cases;
  if (fs::exists(root / "histories")) {
    for (const auto& entry : fs::directory_iterator(root / "histories")) {
      std::string file = entry.path().filename().string();
      const std::string suffix = ".history.json";
      if (!file.ends_with(suffix)) continue;
      std::string stem = file.substr(0, file.size() - suffix.size());
      cases.push_back({"histories/" + stem, entry.path(), root / "histories" / (stem + ".definition.json"), {}, {}});
    }
  }
  for (const auto& folder : fs::directory_iterator(root)) {
    std::string name = folder.path().filename().string();
    if (!folder.is_directory() || !name.starts_with("executions")) continue;
    for (const auto& dir : fs::directory_iterator(folder.path())) {
      fs::path history = dir.path() / "history.json";
      if (!fs::exists(history) || IsNull(Slurp(history))) continue;
      cases.push_back({name + "/" + dir.path().filename().string(), history, dir.path() / "definition.json",
                       dir.path() / "input.json", dir.path() / "meta.json"});
    }
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

std::string Shorten(std::string text, size_t limit) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text.size() <= limit ? text : text.substr(0, limit) + "...";
}

std::string Describe(const Divergence& d) {
  std::string text = "event " + std::to_string(d.event_id) + ", " + (d.state.empty() ? "execution" : "'" + d.state + "'");
  if (!d.frame.empty()) text += " in " + d.frame;
  text += ": " + d.aspect + (d.pointer.empty() ? "" : " at " + d.pointer);
  text += ": recorded " + (d.expected ? Shorten(DumpCompact(*d.expected), 120) : std::string("(absent)"));
  text += ", replayed " + (d.actual ? Shorten(DumpCompact(*d.actual), 120) : std::string("(absent)"));
  return text;
}

// The S3 objects a case's setup put, for Distributed Map ItemReaders (histories do not hold them).
std::function<std::optional<std::string>(const std::string&, const std::string&)> ObjectsOf(const fs::path& setup) {
  auto objects = std::make_shared<std::map<std::pair<std::string, std::string>, std::string>>();
  Json calls = fs::exists(setup) ? Json::parse(Slurp(setup), nullptr, false) : Json::array();
  if (calls.is_array()) {
    for (const Json& call : calls) {
      if (!call.is_object() || call.value("method", "") != "put_object" || !call.contains("kwargs")) continue;
      const Json& kw = call["kwargs"];
      Json body = kw.value("Body", Json(""));
      (*objects)[{kw.value("Bucket", ""), kw.value("Key", "")}] = body.is_string() ? body.get<std::string>()
                                                                                    : DumpCompact(body);
    }
  }
  return [objects](const std::string& bucket, const std::string& key) -> std::optional<std::string> {
    auto it = objects->find({bucket, key});
    if (it == objects->end()) return std::nullopt;
    return it->second;
  };
}

Json ParseFile(const fs::path& path) {
  if (path.empty() || !fs::exists(path)) return Json();
  Json value = Json::parse(Slurp(path), nullptr, false);
  return value.is_discarded() ? Json() : value;
}

// The texts the recording's tooling replaced: its "regex" transformers whose pattern is a plain text.
std::vector<TextReplacement> ReplacementsOf(const Json& meta) {
  std::vector<TextReplacement> out;
  if (!meta.is_object() || !meta.contains("snapshot_transformers")) return out;
  const Json& list = meta["snapshot_transformers"];
  if (!list.is_array()) return out;
  for (const Json& t : list) {
    if (!t.is_array() || t.size() != 3 || t[0] != "regex" || !t[1].is_string() || !t[2].is_string()) continue;
    const std::string& pattern = t[1].get_ref<const std::string&>();
    // '.' matches itself too: a plain reading finds a subset of the pattern's matches.
    if (pattern.empty() || pattern.find_first_of("\\^$*+?()[]{}|") != std::string::npos) continue;
    out.push_back({pattern, t[2].get<std::string>()});
  }
  return out;
}

enum class Verdict { kConsistent, kDiverged, kEngineLimit, kUnreplayable };

struct Outcome {
  Verdict verdict = Verdict::kConsistent;
  std::string why;
};

// Why a divergence is not the replay's fault: the engine does not evaluate something the recording shows
// AWS evaluated (a JSONata function it lacks, an error message worded otherwise), or the recording does not
// hold what a replay needs (Distributed Map iterations run as child executions; normalised recordings that
// reordered the events of Parallel branches; a state that failed before any task attempt).
Verdict Classify(const ReadResult& read, const ReplayResult& r) {
  const Divergence& d = r.divergences.front();
  bool engine_error = d.message.find("the replay's error: States.") != std::string::npos;
  if (d.aspect == "status" && d.expected == Json("Succeeded") && engine_error) return Verdict::kEngineLimit;
  if (d.aspect == "execution cause") return Verdict::kEngineLimit;  // same error, message worded otherwise
  if (d.aspect == "task outcome" && (read.normalisation.ids_masked ||
                                     d.message.find("holds no events of the frame") != std::string::npos)) {
    return Verdict::kUnreplayable;
  }
  if (d.aspect == "attempts" && d.expected == Json(0)) return Verdict::kUnreplayable;
  return Verdict::kDiverged;
}

Outcome RunCase(const Case& c) {
  ReadResult read = ReadHistory(Slurp(c.history), c.history.string());
  if (!read.ok) return {Verdict::kDiverged, "the history does not read"};
  Json definition = Json::parse(Slurp(c.definition), nullptr, false);
  if (definition.is_discarded() || !definition.is_object()) return {Verdict::kDiverged, "the definition does not parse"};
  auto machine = model::BuildStateMachine(definition);
  ReplayOptions options;
  options.max_divergences = 1;
  options.read_object = ObjectsOf(c.history.parent_path() / "setup_calls.json");
  options.abort_wait = std::chrono::milliseconds(2000);
  if (Json input = ParseFile(c.input); !input.is_null()) options.known_input = std::move(input);
  options.replacements = ReplacementsOf(ParseFile(c.meta));
  ReplayResult r = Replay(read, *machine, options);
  if (r.consistent) return {};
  return {Classify(read, r), Describe(r.divergences.front())};
}

TEST_CASE("replay conformance: recorded histories replay consistently against their definitions") {
  fs::path root = fs::path(SFN_SHARED_DIR) / "conformance";
  if (!fs::exists(root)) {
    MESSAGE("skipped: no conformance data at " << root.string());
    return;
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<Case> cases = Cases(root);
  std::map<Verdict, std::vector<std::string>> lists;
  for (const Case& c : cases) {
    Outcome outcome = RunCase(c);
    lists[outcome.verdict].push_back(c.name + ": " + outcome.why);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto print = [&lists](Verdict v, const char* title) {
    std::printf("%s (%zu):\n", title, lists[v].size());
    for (const std::string& line : lists[v]) std::printf("  %s\n", line.c_str());
  };
  print(Verdict::kEngineLimit, "replay conformance: the engine does not reproduce what AWS evaluated");
  print(Verdict::kUnreplayable, "replay conformance: the recording lacks what a replay needs");
  print(Verdict::kDiverged, "replay conformance: divergences");
  size_t consistent = lists[Verdict::kConsistent].size();
  size_t judged = consistent + lists[Verdict::kDiverged].size();
  double all = cases.empty() ? 100.0 : 100.0 * static_cast<double>(consistent) / static_cast<double>(cases.size());
  double rate = judged == 0 ? 100.0 : 100.0 * static_cast<double>(consistent) / static_cast<double>(judged);
  std::printf("replay conformance: %zu / %zu consistent (%.1f%%) in %.1f s\n", consistent, cases.size(), all, seconds);
  std::printf("replay conformance: %zu / %zu consistent where the engine and the recording allow it (%.1f%%)\n",
              consistent, judged, rate);
  CHECK(!cases.empty());
  CHECK(all >= kRequiredRate);
}

}  // namespace
}  // namespace sfn::history
