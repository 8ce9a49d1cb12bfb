// Detection: real recorded histories (SFN_SHARED_DIR/conformance/histories) replayed against definitions
// changed on purpose (a renamed state, an inverted Choice rule, a changed Parameters value, a removed
// Catch): the replay must report the first divergence at the right event and state. Skips when the data
// is absent.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "history/replay.h"

namespace sfn::history {
namespace {

namespace fs = std::filesystem;

fs::path Histories() { return fs::path(SFN_SHARED_DIR) / "conformance" / "histories"; }

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Sample {
  ReadResult read;
  Json definition;
};

std::optional<Sample> Load(const std::string& name) {
  fs::path dir = Histories();
  if (!fs::exists(dir / (name + ".history.json"))) return std::nullopt;
  Sample s{ReadHistory(Slurp(dir / (name + ".history.json")), name), Json::parse(Slurp(dir / (name + ".definition.json")))};
  return s;
}

Divergence First(const Sample& s, const Json& definition) {
  auto machine = model::BuildStateMachine(definition);
  ReplayOptions options;
  options.max_divergences = 1;
  ReplayResult r = Replay(s.read, *machine, options);
  REQUIRE_FALSE(r.consistent);
  return r.divergences.front();
}

void CheckConsistent(const Sample& s) {
  auto machine = model::BuildStateMachine(s.definition);
  ReplayResult r = Replay(s.read, *machine, {});
  for (const Divergence& d : r.divergences) INFO(d.aspect << " at " << d.event_id << ": " << d.message);
  REQUIRE(r.consistent);
}

// Renames a state and every reference to it (Next, Default, StartAt) anywhere in the definition.
void Rename(Json& value, const std::string& from, const std::string& to) {
  if (value.is_object()) {
    if (value.contains("States") && value["States"].contains(from)) {
      value["States"][to] = value["States"][from];
      value["States"].erase(from);
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& key = it.key();
      if ((key == "Next" || key == "Default" || key == "StartAt") && it.value() == from) it.value() = to;
      Rename(it.value(), from, to);
    }
  } else if (value.is_array()) {
    for (Json& item : value) Rename(item, from, to);
  }
}

int64_t EnteredId(const ReadResult& read, const std::string& state, int nth = 0) {
  for (const Event& e : read.events) {
    if (RoleOf(e.type) == EventRole::kStateEntered && StateNameOf(e) == state && nth-- == 0) return e.id;
  }
  return -1;
}

int64_t FirstOf(const ReadResult& read, const std::string& type) {
  for (const Event& e : read.events) {
    if (e.type == type) return e.id;
  }
  return -1;
}

int64_t ExitedId(const ReadResult& read, const std::string& state) {
  for (const Event& e : read.events) {
    if (RoleOf(e.type) == EventRole::kStateExited && StateNameOf(e) == state) return e.id;
  }
  return -1;
}

TEST_CASE("replay detection: a renamed state in recorded histories") {
  struct Case {
    const char* history;
    const char* state;
    const char* before;
  };
  for (const Case& c : {Case{"04-comments-choice-wait", "WaitState", "IsComplete"},
                        Case{"10-map-catch", "FinalCaught", "MapState"},
                        Case{"30-lambda-invoke-timeout-catch", "EndWithHandler", "Start"}}) {
    CAPTURE(c.history);
    auto s = Load(c.history);
    if (!s) {
      MESSAGE("skipped: no conformance histories at " << Histories().string());
      return;
    }
    CheckConsistent(*s);
    Json changed = s->definition;
    Rename(changed, c.state, "Renamed");
    Divergence d = First(*s, changed);
    CHECK(d.aspect == "next state");
    CHECK(d.state == c.before);
    CHECK(d.event_id == EnteredId(s->read, c.state));
    CHECK(*d.expected == c.state);
    CHECK(*d.actual == "Renamed");
  }
}

TEST_CASE("replay detection: an inverted Choice rule in a recorded history") {
  auto s = Load("04-comments-choice-wait");
  if (!s) return;
  Json changed = s->definition;
  Json& rule = changed["States"]["IsComplete"]["Choices"][0];
  Json inner = rule;
  inner.erase("Next");
  inner.erase("Comment");
  rule = Json{{"Not", inner}, {"Next", rule["Next"]}};
  Divergence d = First(*s, changed);
  CHECK(d.aspect == "next state");
  CHECK(d.state == "IsComplete");
  CHECK(d.event_id == EnteredId(s->read, "WaitState"));  // the first visit went to WaitState
  CHECK(*d.expected == "WaitState");
  CHECK(*d.actual == "SuccessState");
}

TEST_CASE("replay detection: a changed Parameters value in a recorded history") {
  auto s = Load("30-lambda-invoke-timeout-catch");
  if (!s) return;
  Json changed = s->definition;
  changed["States"]["Start"]["Parameters"]["Payload.$"] = "$.FunctionName";
  Divergence d = First(*s, changed);
  CHECK(d.aspect == "parameters");
  CHECK(d.state == "Start");
  CHECK(d.event_id == FirstOf(s->read, "TaskScheduled"));
  CHECK(d.pointer == "/Payload");
}

TEST_CASE("replay detection: a removed Catch in recorded histories") {
  struct Case {
    const char* history;
    const char* state;
    const char* status;  // of the state in the replay, without its Catch
  };
  for (const Case& c : {Case{"10-map-catch", "MapState", "Failed"},
                        Case{"30-lambda-invoke-timeout-catch", "Start", "TimedOut"}}) {
    CAPTURE(c.history);
    auto s = Load(c.history);
    if (!s) return;
    Json changed = s->definition;
    changed["States"][c.state].erase("Catch");
    Divergence d = First(*s, changed);
    CHECK(d.aspect == "status");
    CHECK(d.state == c.state);
    CHECK(d.event_id == ExitedId(s->read, c.state));
    CHECK(*d.expected == "CaughtError");
    CHECK(*d.actual == c.status);
  }
}

}  // namespace
}  // namespace sfn::history
