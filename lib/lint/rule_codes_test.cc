// One test per diagnostic code of the validate path that had none: for each, a small definition that
// must produce the code and, where it makes sense, the corrected definition that must not.
//
// Most codes are checked with the built-in schema on, as `sfn validate` runs. Where the schema always
// reports the same value first (SortAndDeduplicate then keeps only the schema's finding), the code is
// checked with the schema off, and the test says so.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "diag/codes.h"
#include "lint/linter.h"
#include "lint/schema_check.h"
#include "lint/validator.h"
#include "loader/document.h"
#include "model/state_machine.h"

namespace sfn::lint {
namespace {

enum class Schema { kOn, kOff };

std::vector<diag::Diagnostic> LintText(const std::string& text, Schema schema, bool advice = false) {
  loader::LoadResult loaded = loader::LoadText("t.asl.json", text);
  REQUIRE(loaded.document.has_value());
  auto machine = model::BuildStateMachine(loaded.document->Root());
  LintOptions options;
  options.schema = schema == Schema::kOn ? &SchemaChecker::Embedded() : nullptr;
  options.advice = advice;
  return Lint(*loaded.document, *machine, options);
}

const diag::Diagnostic* Find(const std::vector<diag::Diagnostic>& findings, const std::string& code) {
  auto it = std::find_if(findings.begin(), findings.end(), [&](const diag::Diagnostic& d) { return d.code == code; });
  return it == findings.end() ? nullptr : &*it;
}

std::string CodesIn(const std::vector<diag::Diagnostic>& findings) {
  std::string out;
  for (const auto& d : findings) out += (out.empty() ? "" : " ") + d.code;
  return out.empty() ? "none" : out;
}

// `bad` must produce `code`; `good`, the same definition corrected, must produce nothing at all.
void Contrast(const std::string& code, const std::string& bad, const std::string& good, Schema schema = Schema::kOn) {
  auto bad_findings = LintText(bad, schema);
  auto good_findings = LintText(good, schema);
  std::string mode = schema == Schema::kOn ? " (schema on)" : " (schema off)";
  INFO(code, mode);
  INFO("bad: ", bad, " -> ", CodesIn(bad_findings));
  INFO("good: ", good, " -> ", CodesIn(good_findings));
  CHECK(Find(bad_findings, code) != nullptr);
  CHECK(Find(good_findings, code) == nullptr);
  CHECK(good_findings.empty());
}

// A top-level machine starting at 'A' with the given states (the text inside "States": {...}).
std::string Top(const std::string& states) { return R"({"StartAt": "A", "States": {)" + states + "}}"; }

// A Choice state 'A' with one rule, a Default, and a 'Done' state for the rules to go to.
std::string ChoiceWith(const std::string& rule) {
  return Top(R"("A": {"Type": "Choice", "Choices": [)" + rule +
             R"(], "Default": "Done"}, "Done": {"Type": "Succeed"})");
}

// A Task state 'A' with the given extra fields.
std::string TaskWith(const std::string& fields) {
  return Top(R"("A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true, )" + fields + "}");
}

std::string PassWith(const std::string& fields) { return Top(R"("A": {"Type": "Pass", "End": true, )" + fields + "}"); }

std::string MapWith(const std::string& fields) {
  return Top(R"("A": {"Type": "Map", "End": true)" + fields + "}");
}

constexpr const char* kProcessor =
    R"(, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})";

TEST_CASE("rule codes: structure (schema)") {
  Contrast("SFN102", Top(R"("A": {"Type": "Passs", "End": true})"), Top(R"("A": {"Type": "Pass", "End": true})"));
  Contrast("SFN105", PassWith(R"("Comentary": "x")"), PassWith(R"("Comment": "x")"));
  // The unknown field is reported at its key.
  auto findings = LintText(PassWith(R"("Comentary": "x")"), Schema::kOn);
  const diag::Diagnostic* d = Find(findings, "SFN105");
  REQUIRE(d != nullptr);
  CHECK(d->location.pointer == "/States/A/Comentary");
  CHECK(d->location.column == 64);
}

TEST_CASE("rule codes: graph") {
  std::string branch_leaves = Top(
      R"("A": {"Type": "Parallel", "Next": "Done",
               "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "Done"}}}]},
         "Done": {"Type": "Succeed"})");
  std::string branch_ends = Top(
      R"("A": {"Type": "Parallel", "Next": "Done",
               "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]},
         "Done": {"Type": "Succeed"})");
  Contrast("SFN202", branch_leaves, branch_ends);
  Contrast("SFN205", Top(R"("A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"})"),
           Top(R"("A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"})"));
  Contrast("SFN206", Top(R"("A": {"Type": "Pass"})"), Top(R"("A": {"Type": "Pass", "End": true})"));
  Contrast("SFN206", Top(R"("A": {"Type": "Pass", "End": false})"), Top(R"("A": {"Type": "Pass", "End": true})"));
  Contrast("SFN207", R"({"StartAt": "a", "States": {"A": {"Type": "Pass", "End": true}}})",
           R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}})");
  std::string name81(81, 'n');
  std::string name80(80, 'n');
  Contrast("SFN208", R"({"StartAt": ")" + name81 + R"(", "States": {")" + name81 + R"(": {"Type": "Succeed"}}})",
           R"({"StartAt": ")" + name80 + R"(", "States": {")" + name80 + R"(": {"Type": "Succeed"}}})");
  // State names are unique across the whole machine, branches included.
  Contrast("SFN209",
           Top(R"("A": {"Type": "Parallel", "End": true,
                        "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}]})"),
           Top(R"("A": {"Type": "Parallel", "End": true,
                        "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]})"));
  Contrast("SFN210", R"({"StartAt": "A", "States": {}})", Top(R"("A": {"Type": "Succeed"})"));

  // 'StartAt' naming no state is reported at the value of 'StartAt'.
  auto findings = LintText(R"({"StartAt": "a", "States": {"A": {"Type": "Pass", "End": true}}})", Schema::kOn);
  const diag::Diagnostic* d = Find(findings, "SFN207");
  REQUIRE(d != nullptr);
  CHECK(d->location.pointer == "/StartAt");
  CHECK(d->location.line == 1);
  CHECK(d->location.column == 13);
}

TEST_CASE("rule codes: choice") {
  std::string ok = R"({"Variable": "$.x", "NumericEquals": 1, "Next": "Done"})";
  // SFN301 to SFN305 with the schema off: the schema always reports the same rule or operand first.
  Contrast("SFN301", ChoiceWith(R"({"Next": "Done"})"), ChoiceWith(ok), Schema::kOff);
  Contrast("SFN301", ChoiceWith(R"({"And": [], "Next": "Done"})"),
           ChoiceWith(R"({"And": [{"Variable": "$.x", "NumericEquals": 1}], "Next": "Done"})"), Schema::kOff);
  Contrast("SFN302", ChoiceWith(R"({"Variable": "$.x", "NumericEquals": 1, "StringEquals": "1", "Next": "Done"})"),
           ChoiceWith(ok), Schema::kOff);
  Contrast("SFN303", ChoiceWith(R"({"Variable": "$.x", "NumericEquals": 1})"), ChoiceWith(ok), Schema::kOff);
  Contrast("SFN304", ChoiceWith(R"({"Not": {"Variable": "$.x", "NumericEquals": 1, "Next": "Done"}, "Next": "Done"})"),
           ChoiceWith(R"({"Not": {"Variable": "$.x", "NumericEquals": 1}, "Next": "Done"})"), Schema::kOff);
  std::string mistyped = ChoiceWith(R"({"Variable": "$.x", "NumericEquals": "1", "Next": "Done"})");
  Contrast("SFN305", mistyped, ChoiceWith(ok), Schema::kOff);
  // With the schema on, the schema's finding at the same pointer replaces SFN305.
  auto with_schema = LintText(mistyped, Schema::kOn);
  const diag::Diagnostic* schema_finding = Find(with_schema, "SFN101");
  REQUIRE(schema_finding != nullptr);
  CHECK(schema_finding->location.pointer == "/States/A/Choices/0/NumericEquals");
  CHECK(Find(with_schema, "SFN305") == nullptr);

  Contrast("SFN306", ChoiceWith(R"({"NumericEquals": 1, "Next": "Done"})"), ChoiceWith(ok));
}

TEST_CASE("rule codes: error handlers") {
  // SFN402, SFN403, SFN404 and SFN406 with the schema off: the schema reports the same value first.
  Contrast("SFN402", TaskWith(R"("Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}])"),
           TaskWith(R"("Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 2}])"), Schema::kOff);
  Contrast("SFN403", TaskWith(R"("Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": -1}])"),
           TaskWith(R"("Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}])"), Schema::kOff);
  Contrast("SFN404", TaskWith(R"("Retry": [{"ErrorEquals": []}])"),
           TaskWith(R"("Retry": [{"ErrorEquals": ["States.ALL"]}])"), Schema::kOff);
  Contrast("SFN404", TaskWith(R"("Catch": [{"ErrorEquals": [], "Next": "A"}])"),
           TaskWith(R"("Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "A"}])"), Schema::kOff);
  Contrast("SFN406", TaskWith(R"("Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 0}])"),
           TaskWith(R"("Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1}])"), Schema::kOff);
  Contrast("SFN406", TaskWith(R"("Retry": [{"ErrorEquals": ["States.ALL"], "MaxDelaySeconds": 0}])"),
           TaskWith(R"("Retry": [{"ErrorEquals": ["States.ALL"], "MaxDelaySeconds": 60}])"), Schema::kOff);
  Contrast("SFN405", TaskWith(R"("Retry": [{"ErrorEquals": ["States.Timeuot"]}])"),
           TaskWith(R"("Retry": [{"ErrorEquals": ["States.Timeout"]}])"));
  // A misspelt States error is a warning, at the misspelt name.
  auto findings = LintText(TaskWith(R"("Retry": [{"ErrorEquals": ["Custom", "States.Timeuot"]}])"), Schema::kOn);
  const diag::Diagnostic* d = Find(findings, "SFN405");
  REQUIRE(d != nullptr);
  CHECK(d->severity == diag::Severity::kWarning);
  CHECK(d->location.pointer == "/States/A/Retry/0/ErrorEquals/1");
}

TEST_CASE("rule codes: fields") {
  Contrast("SFN501", TaskWith(R"("TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t")"),
           TaskWith(R"("TimeoutSeconds": 5)"));
  Contrast("SFN501",
           MapWith(std::string(kProcessor) +
                   R"(, "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                                      "ReaderConfig": {"MaxItems": 5, "MaxItemsPath": "$.n"}})"),
           MapWith(std::string(kProcessor) +
                   R"(, "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                                      "ReaderConfig": {"MaxItems": 5}})"));
  Contrast("SFN508", TaskWith(R"("Parameters": {"a": 1, "a.$": "$.x"})"),
           TaskWith(R"("Parameters": {"a": 1, "b.$": "$.x"})"));
  // A large template (its duplicates are found through a hash map), the duplicate at its end.
  std::string many;
  for (int i = 0; i < 20; ++i) many += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  Contrast("SFN508", TaskWith(R"("Parameters": {)" + many + R"("k3.$": "$.x"})"),
           TaskWith(R"("Parameters": {)" + many + R"("k20.$": "$.x"})"));
  auto large = LintText(TaskWith(R"("Parameters": {)" + many + R"("k3.$": "$.x"})"), Schema::kOn);
  const diag::Diagnostic* duplicate = Find(large, "SFN508");
  REQUIRE(duplicate != nullptr);
  CHECK(duplicate->location.pointer == "/States/A/Parameters/k3.$");
  CHECK(duplicate->message == "'k3.$' and 'k3' both set the field 'k3'");
  // SFN505, SFN506 and SFN507 with the schema off: the schema reports the same value or state first.
  Contrast("SFN505", MapWith(std::string(kProcessor) + R"(, "ToleratedFailurePercentage": 150)"),
           MapWith(std::string(kProcessor) + R"(, "ToleratedFailurePercentage": 50)"), Schema::kOff);
  Contrast("SFN506", MapWith(""), MapWith(kProcessor), Schema::kOff);
  Contrast("SFN507", Top(R"("A": {"Type": "Succeed", "End": true})"), Top(R"("A": {"Type": "Succeed"})"), Schema::kOff);
  Contrast("SFN507", Top(R"("A": {"Type": "Fail", "Next": "A"})"), Top(R"("A": {"Type": "Fail"})"), Schema::kOff);
}

TEST_CASE("rule codes: expressions") {
  Contrast("SFN602", PassWith(R"("ResultPath": "$$.Execution.Id")"), PassWith(R"("ResultPath": "$.id")"));
  Contrast("SFN602", PassWith(R"("ResultPath": "$.a[*]")"), PassWith(R"("ResultPath": "$.a[0]")"));
  Contrast("SFN603", PassWith(R"("Parameters": {"x.$": "States.Format("})"),
           PassWith(R"j("Parameters": {"x.$": "States.Format('{}', $.a)"})j"));
  Contrast("SFN603", PassWith(R"j("Parameters": {"x.$": "States.Formatt('{}', $.a)"})j"),
           PassWith(R"j("Parameters": {"x.$": "States.Format('{}', $.a)"})j"));
  Contrast("SFN605", PassWith(R"("Parameters": {"x.$": "hello"})"), PassWith(R"("Parameters": {"x.$": "$.hello"})"));
  Contrast("SFN605", PassWith(R"("Parameters": {"x.$": 5})"), PassWith(R"("Parameters": {"x": 5})"));
  Contrast("SFN607", PassWith(R"("InputPath": "$$.Exec.Id")"), PassWith(R"("InputPath": "$$.Execution.Id")"));

  // A finding inside a path points at the character: here the 'E' of "$$.Exec.Id", line 4.
  std::string text = R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "InputPath": "$$.Exec.Id", "End": true}
  }
})";
  auto findings = LintText(text, Schema::kOn);
  const diag::Diagnostic* d = Find(findings, "SFN607");
  REQUIRE(d != nullptr);
  CHECK(d->severity == diag::Severity::kWarning);
  CHECK(d->location.pointer == "/States/A/InputPath");
  CHECK(d->location.line == 4);
  CHECK(d->location.column == 44);
}

TEST_CASE("rule codes: variables") {
  Contrast("SFN701", Top(R"("A": {"Type": "Pass", "Parameters": {"x.$": "$total"}, "End": true})"),
           Top(R"("A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
                  "B": {"Type": "Pass", "Parameters": {"x.$": "$total"}, "End": true})"));
  // A variable assigned only inside a branch is not visible outside it.
  Contrast("SFN701",
           Top(R"("A": {"Type": "Parallel", "Next": "B",
                        "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"v": 1}, "End": true}}}]},
                  "B": {"Type": "Pass", "InputPath": "$v", "End": true})"),
           Top(R"("A": {"Type": "Parallel", "Next": "B", "Assign": {"v": 1},
                        "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}]},
                  "B": {"Type": "Pass", "InputPath": "$v", "End": true})"));
  Contrast("SFN704", PassWith(R"("Assign": {"states": 1})"), PassWith(R"("Assign": {"status": 1})"));
  Contrast("SFN704", PassWith(R"("Assign": {"states.$": "$.x"})"), PassWith(R"("Assign": {"status.$": "$.x"})"));
}

TEST_CASE("rule codes: variables read before they are certainly assigned (SFN703)") {
  // Only the rule's path assigns 'v'; the Default path reaches 'Use' without it.
  std::string choice = Top(R"("A": {"Type": "Choice", STATE_ASSIGN
                                   "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "Set"}],
                                   "Default": "Use"},
                              "Set": {"Type": "Pass", "Assign": {"v": 1}, "Next": "Use"},
                              "Use": {"Type": "Pass", "InputPath": "$v", "End": true})");
  auto with = [&](const std::string& text, const std::string& assign) {
    std::string out = text;
    out.replace(out.find("STATE_ASSIGN"), std::string("STATE_ASSIGN").size(), assign);
    return out;
  };
  // A Choice state's own Assign applies whichever way it goes.
  Contrast("SFN703", with(choice, ""), with(choice, R"("Assign": {"v": 0},)"));
  auto findings = LintText(with(choice, ""), Schema::kOn);
  const diag::Diagnostic* d = Find(findings, "SFN703");
  REQUIRE(d != nullptr);
  CHECK(d->severity == diag::Severity::kWarning);
  CHECK(d->location.pointer == "/States/Use/InputPath");
  CHECK(d->message == "'InputPath' reads the variable '$v', which is not assigned on every path to state 'Use'");

  // A Choice rule's Assign counts on that rule's path only.
  Contrast("SFN703",
           Top(R"("A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "Use",
                                                      "Assign": {"v": 1}}], "Default": "Use"},
                  "Use": {"Type": "Pass", "InputPath": "$v", "End": true})"),
           Top(R"("A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "Use",
                                                      "Assign": {"v": 1}}], "Default": "Other"},
                  "Other": {"Type": "Pass", "Assign": {"v": 2}, "Next": "Use"},
                  "Use": {"Type": "Pass", "InputPath": "$v", "End": true})"));

  // A state that fails assigns nothing itself: only the catcher's Assign reaches the handler.
  std::string caught = Top(R"("A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Assign": {"v": 1},
                                   "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle" CATCH_ASSIGN}],
                                   "End": true},
                              "Handle": {"Type": "Pass", "InputPath": "$v", "End": true})");
  auto catching = [&](const std::string& assign) {
    std::string out = caught;
    out.replace(out.find("CATCH_ASSIGN"), std::string("CATCH_ASSIGN").size(), assign);
    return out;
  };
  Contrast("SFN703", catching(""), catching(R"(, "Assign": {"v": 0})"));

  // A loop keeps what was assigned before it.
  std::string loop = Top(R"("A": {"Type": "Pass", "Assign": {"v": 1}, "Next": "Loop"},
                            "Loop": {"Type": "Pass", "InputPath": "$v", "Next": "Again"},
                            "Again": {"Type": "Choice", "Choices": [{"Variable": "$.more", "BooleanEquals": true,
                                                                      "Next": "Loop"}], "Default": "Done"},
                            "Done": {"Type": "Succeed"})");
  CHECK(LintText(loop, Schema::kOn).empty());

  // A branch sees what was certain when its Parallel state started, not what is assigned after it.
  Contrast("SFN703",
           Top(R"("A": {"Type": "Parallel", "Next": "B",
                        "Branches": [{"StartAt": "R", "States": {"R": {"Type": "Pass", "InputPath": "$v", "End": true}}}]},
                  "B": {"Type": "Pass", "Assign": {"v": 1}, "End": true})"),
           Top(R"("A": {"Type": "Pass", "Assign": {"v": 1}, "Next": "P"},
                  "P": {"Type": "Parallel", "End": true,
                        "Branches": [{"StartAt": "R", "States": {"R": {"Type": "Pass", "InputPath": "$v", "End": true}}}]})"));
}

TEST_CASE("rule codes: variables read by JSONata (SFN703, SFN705)") {
  auto jsonata = [](const std::string& states) {
    return R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {)" + states + "}}";
  };
  // Read with no Assign anywhere: a warning (AWS accepts it; the expression is undefined at run time).
  Contrast("SFN705", jsonata(R"("A": {"Type": "Pass", "Output": "{% $total + 1 %}", "End": true})"),
           jsonata(R"("A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
                      "B": {"Type": "Pass", "Output": "{% $total + 1 %}", "End": true})"));
  auto findings = LintText(jsonata(R"("A": {"Type": "Pass", "Output": {"n": "{% 1 + $total %}"}, "End": true})"),
                           Schema::kOn);
  const diag::Diagnostic* d = Find(findings, "SFN705");
  REQUIRE(d != nullptr);
  CHECK(d->severity == diag::Severity::kWarning);
  CHECK(d->location.pointer == "/States/A/Output/n");
  CHECK(d->location.column == 103);  // the '$' of $total
  // Assigned on one path only.
  Contrast("SFN703",
           jsonata(R"("A": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.x %}", "Next": "Use",
                                                          "Assign": {"v": 1}}], "Default": "Use"},
                      "Use": {"Type": "Pass", "Output": "{% $v %}", "End": true})"),
           jsonata(R"("A": {"Type": "Choice", "Assign": {"v": 0},
                            "Choices": [{"Condition": "{% $states.input.x %}", "Next": "Use",
                                         "Assign": {"v": 1}}], "Default": "Use"},
                      "Use": {"Type": "Pass", "Output": "{% $v %}", "End": true})"));
  // Not reads of workflow variables: $states, AWS's functions, names the expression binds, and a read
  // guarded by $exists.
  CHECK(LintText(jsonata(R"("A": {"Type": "Pass", "End": true, "Output": {
                               "a": "{% $states.input %}", "b": "{% $partition([1, 2, 3], 2) %}",
                               "c": "{% ($n := 2; $n * $n) %}", "d": "{% $exists($later) ? $later : 0 %}"}})"),
                 Schema::kOn)
            .empty());
}

TEST_CASE("rule codes: advice (SFN803, Retry and Catch entries that can never match)") {
  auto codes_with_advice = [](const std::string& text) { return LintText(text, Schema::kOn, true); };
  std::string timeout = R"("TimeoutSeconds": 5, )";
  auto shadowed = codes_with_advice(TaskWith(timeout + R"("Retry": [{"ErrorEquals": ["A"]}, {"ErrorEquals": ["A"]}])"));
  const diag::Diagnostic* d = Find(shadowed, "SFN803");
  REQUIRE(d != nullptr);
  CHECK(d->severity == diag::Severity::kWarning);
  CHECK(d->location.pointer == "/States/A/Retry/1/ErrorEquals");
  CHECK(d->message == "this Retry entry can never match: 'A' is already in Retry[0]");
  CHECK(codes_with_advice(TaskWith(timeout + R"("Retry": [{"ErrorEquals": ["A"]}, {"ErrorEquals": ["B"]}])")).empty());
  // Every name held by some earlier entry, across several entries.
  auto spread = codes_with_advice(TaskWith(
      timeout + R"("Catch": [{"ErrorEquals": ["A"], "Next": "A"}, {"ErrorEquals": ["B"], "Next": "A"},
                             {"ErrorEquals": ["B", "A"], "Next": "A"}])"));
  d = Find(spread, "SFN803");
  REQUIRE(d != nullptr);
  CHECK(d->location.pointer == "/States/A/Catch/2/ErrorEquals");
  CHECK(codes_with_advice(TaskWith(timeout + R"("Catch": [{"ErrorEquals": ["A"], "Next": "A"},
                                                          {"ErrorEquals": ["B", "A"], "Next": "A"}])"))
            .empty());
  // After States.ALL, SFN401 speaks instead; and --no-advice silences SFN803.
  auto after_all = codes_with_advice(
      TaskWith(timeout + R"("Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["States.ALL"]}])"));
  CHECK(Find(after_all, "SFN401") != nullptr);
  CHECK(Find(after_all, "SFN803") == nullptr);
  CHECK(Find(LintText(TaskWith(timeout + R"("Retry": [{"ErrorEquals": ["A"]}, {"ErrorEquals": ["A"]}])"), Schema::kOn),
             "SFN803") == nullptr);
}

TEST_CASE("rule codes: every code in the table is emitted by some source file") {
  // A code listed with no rule behind it would promise a check that does not exist.
  std::string sources;
  for (const char* area : {"lib", "cmd"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(SFN_SOURCE_DIR) / area)) {
      const std::string name = entry.path().filename().string();
      bool is_test = name.size() > 8 && name.compare(name.size() - 8, 8, "_test.cc") == 0;
      bool is_source = entry.path().extension() == ".cc" || entry.path().extension() == ".h";
      if (!is_source || is_test || name == "codes.cc") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      sources.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  REQUIRE(sources.size() > 100000);
  for (const diag::CodeInfo& info : diag::AllCodes()) {
    std::string code(info.code);
    CAPTURE(code);
    CHECK(sources.find("\"" + code + "\"") != std::string::npos);
  }
}

TEST_CASE("rule codes: file-level") {
  ValidateOptions options;
  options.lint.schema = &SchemaChecker::Embedded();
  options.lint.advice = false;
  auto validate = [&](const std::string& text) {
    std::istringstream in(text);
    return ValidateFile("-", in, options);
  };

  FileReport none = validate(R"({"AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}})");
  CHECK(none.definitions == 0);
  REQUIRE(none.diagnostics.size() == 1);
  CHECK(none.diagnostics[0].code == "SFN009");

  // With a state machine resource the template is checked, and findings point into it.
  FileReport one = validate(R"({"AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Bucket": {"Type": "AWS::S3::Bucket"},
    "Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": {
      "StartAt": "A",
      "States": {"A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}}}}}}})");
  CHECK(one.definitions == 1);
  CHECK(Find(one.diagnostics, "SFN009") == nullptr);
  const diag::Diagnostic* d = Find(one.diagnostics, "SFN205");
  REQUIRE(d != nullptr);
  CHECK(d->location.pointer == "/Resources/Machine/Properties/Definition/States/A/End");
  CHECK(d->location.line == 6);

  // A plain definition is never SFN009, even when it is not a valid one.
  CHECK(Find(validate(R"({"Comment": "no states"})").diagnostics, "SFN009") == nullptr);
}

}  // namespace
}  // namespace sfn::lint
