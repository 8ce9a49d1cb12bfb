#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lint/schema_check.h"

namespace sfn::lint {
namespace {

namespace fs = std::filesystem;

// Runs the structural check over the peer linters' corpora (shared/conformance/validate) and over the
// definitions that real executions were started from (shared/conformance/executions*, histories). The
// shared folder is optional: without it every test here returns early.

const fs::path kShared = SFN_SHARED_DIR "/conformance";

const SchemaChecker& AslChecker() {
  static const SchemaChecker kChecker = SchemaChecker::FromFile(SFN_SOURCE_DIR "/schemas/asl.schema.json");
  return kChecker;
}

bool HaveShared() {
  if (fs::is_directory(kShared / "validate")) return true;
  std::cout << "schema corpus: " << kShared.string() << " is absent, skipping\n";
  return false;
}

Json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

// Files of one labelled folder, as "corpus/label/name", sorted. Only JSON files: the corpora hold no YAML.
std::vector<std::string> CorpusFiles(const std::string& label) {
  std::vector<std::string> files;
  for (const char* corpus : {"asl-validator", "statelint"}) {
    fs::path dir = kShared / "validate" / corpus / label;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".json") {
        files.push_back(std::string(corpus) + "/" + label + "/" + entry.path().filename().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Describe(const std::vector<SchemaFinding>& findings) {
  std::string text;
  for (const auto& f : findings) text += "\n  " + f.pointer + ": " + f.message;
  return text;
}

struct Caught {
  const char* file;
  const char* pointer;  // of the first finding
  const char* message;
};

// Invalid files the schema rejects, with the first finding it gives.
const std::vector<Caught> kCaught = {
    {"asl-validator/invalid/invalid-choice-state.json", "/States/ChoiceState/Choices/0",
     "missing required field 'Next'"},
    {"asl-validator/invalid/invalid-error-equals-type.json", "/States/Testing/Catch/0/ErrorEquals/0",
     "'ErrorEquals[0]' must be a string (got true)"},
    {"asl-validator/invalid/invalid-error-equals.json", "/States/Testing/Catch/0/Error Equals",
     "unknown field 'Error Equals' in Catch entry (did you mean 'ErrorEquals'?)"},
    {"asl-validator/invalid/invalid-exercise-ajv-additional-properties.asl.json",
     "/States/PassState/bugInputPath", "unknown field 'bugInputPath' in Pass state (did you mean 'InputPath'?)"},
    {"asl-validator/invalid/invalid-map-missing-iterator.json", "/States/Map",
     "missing 'ItemProcessor' (or the legacy 'Iterator') in Map state"},
    {"asl-validator/invalid/invalid-map-tolerated-value.json", "/States/Map/ToleratedFailurePercentage",
     "'ToleratedFailurePercentage' must be a number from 0 to 100 (got 105)"},
    {"asl-validator/invalid/invalid-missing-terminal-map.json", "/States/Map/Iterator/States/Wait 20s",
     "missing 'Next' or 'End' in Wait state"},
    {"asl-validator/invalid/invalid-missing-terminal-parallel.json",
     "/States/Parallel/Branches/0/States/Wait 20s", "missing 'Next' or 'End' in Wait state"},
    {"asl-validator/invalid/invalid-next-with-end.json", "/States/Send SNS Message/End",
     "'End' cannot be used together with 'Next'"},
    {"asl-validator/invalid/invalid-parallel-branch-type.json", "/States/A/Branches/0",
     "'Branches[0]' must be an object (got an array)"},
    {"asl-validator/invalid/invalid-parallel-missing-branches.json", "/States/Parallel",
     "missing required field 'Branches'"},
    {"asl-validator/invalid/invalid-state-name-too-long.json",
     "/States/This is an exceptionally long state name that I know will fail when I try to deploy to AWS",
     "state name 'This is an exceptionally long state name that I ...' must be at most 80 characters long "
     "(got 90)"},
    {"asl-validator/invalid/invalid-task-credentials-null.json", "/States/X/Credentials",
     "'Credentials' must be an object or a JSONata expression (got null)"},
    {"statelint/invalid/backoff-with-backoffrate-between-0-and-1.json", "/States/p/Retry/0/BackoffRate",
     "'BackoffRate' must be a number of at least 1 (got 0.3)"},
    {"statelint/invalid/backoff-with-backoffrate-negative.json", "/States/p/Retry/0/BackoffRate",
     "'BackoffRate' must be a number of at least 1 (got -2)"},
    {"statelint/invalid/backoff-with-invalid-jitter-on-retry.json", "/States/p/Retry/0/JitterStrategy",
     "'JitterStrategy' must be one of 'FULL', 'NONE' (got 'PARTIAL')"},
    {"statelint/invalid/choice-with-parameters.json", "/States/p/Parameters",
     "field 'Parameters' is not allowed in Choice state"},
    {"statelint/invalid/choice-with-resultpath.json", "/States/p/ResultPath",
     "field 'ResultPath' is not allowed in Choice state"},
    {"statelint/invalid/choice-with-resultselector.json", "/States/p/ResultSelector",
     "field 'ResultSelector' is not allowed in Choice state"},
    {"statelint/invalid/empty-error-equals-on-catch.json", "/States/p/Catch/0/ErrorEquals",
     "'ErrorEquals' must not be empty"},
    {"statelint/invalid/empty-error-equals-on-retry.json", "/States/p/Retry/0/ErrorEquals",
     "'ErrorEquals' must not be empty"},
    {"statelint/invalid/fail-with-parameters.json", "/States/p/Parameters",
     "field 'Parameters' is not allowed in Fail state"},
    {"statelint/invalid/fail-with-resultpath.json", "/States/p/ResultPath",
     "field 'ResultPath' is not allowed in Fail state"},
    {"statelint/invalid/fail-with-resultselector.json", "/States/p/ResultSelector",
     "field 'ResultSelector' is not allowed in Fail state"},
    {"statelint/invalid/invalid-backoff-with-jitter-on-retry.json", "/States/p/Retry/0/MaxDelaySeconds",
     "'MaxDelaySeconds' must be a positive integer (got -1)"},
    {"statelint/invalid/map-with-itemprocessor-and-iterator.json", "/States/m/Iterator",
     "'Iterator' cannot be used together with 'ItemProcessor'"},
    {"statelint/invalid/map-with-null-itemspath.json", "/States/m/ItemsPath",
     "'ItemsPath' must be a string (got null)"},
    {"statelint/invalid/pass-with-resultselector.json", "/States/p/ResultSelector",
     "field 'ResultSelector' is not allowed in Pass state"},
    {"statelint/invalid/spec-state_node-2-should-catch-nested-problems.json", "/States/x",
     "missing required field 'Type'"},
    {"statelint/invalid/spec-state_node-8-should-find-missing-terminal-state.json", "/States/B/Type",
     "'Type' must be one of 'Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map' (got "
     "'C')"},
    {"statelint/invalid/succeed-with-parameters.json", "/States/p/Parameters",
     "field 'Parameters' is not allowed in Succeed state"},
    {"statelint/invalid/succeed-with-resultpath.json", "/States/p/ResultPath",
     "field 'ResultPath' is not allowed in Succeed state"},
    {"statelint/invalid/succeed-with-resultselector.json", "/States/p/ResultSelector",
     "field 'ResultSelector' is not allowed in Succeed state"},
    {"statelint/invalid/task-with-invalid-credentials.json", "/States/p/Credentials",
     "'Credentials' must be an object or a JSONata expression (got 'foo:bar')"},
    {"statelint/invalid/wait-with-parameters.json", "/States/p/Parameters",
     "field 'Parameters' is not allowed in Wait state"},
    {"statelint/invalid/wait-with-resultpath.json", "/States/p/ResultPath",
     "field 'ResultPath' is not allowed in Wait state"},
    {"statelint/invalid/wait-with-resultselector.json", "/States/p/ResultSelector",
     "field 'ResultSelector' is not allowed in Wait state"},
};

// Invalid files whose problem is not structural: the semantic rules must report them.
const std::map<std::string, std::string> kLeftToRules = {
    {"asl-validator/invalid/invalid-assign.asl.json",
     "JSONata syntax: '{% 420. %}' in a nested Assign value"},
    {"asl-validator/invalid/invalid-cfn-definition-substitutions.json",
     "Resource: unterminated placeholder '${lambdaArn' (ARN check)"},
    {"asl-validator/invalid/invalid-choice-state-variable.json",
     "Choice rule Variable must be a reference path, not an intrinsic function"},
    {"asl-validator/invalid/invalid-dupe-fields.asl.json",
     "payload template: 'conflict' and 'conflict.$' in one object"},
    {"asl-validator/invalid/invalid-duplicate-fields-nested.json",
     "payload template: 'type' and 'type.$' in one object inside an array"},
    {"asl-validator/invalid/invalid-duplicate-fields.json",
     "payload template: 'channel' and 'channel.$' in one object"},
    {"asl-validator/invalid/invalid-exercise-ajv.asl.json", "InputPath 'bug$.library.movies' is not a path"},
    {"asl-validator/invalid/invalid-fail-dupe-cause.json", "Fail: 'Cause' and 'CausePath' together"},
    {"asl-validator/invalid/invalid-fail-dupe-error.json", "Fail: 'Error' and 'ErrorPath' together"},
    {"asl-validator/invalid/invalid-inexistant-state.json", "Next target 'Finished' does not exist"},
    {"asl-validator/invalid/invalid-json-path.json",
     "ResultPath '.guid', '..guid', '()', '$...' are not reference paths"},
    {"asl-validator/invalid/invalid-json-surround-syntax-extra-spaces.json",
     "JSONata delimiters: '{% \\n10         %}' (whitespace other than one space inside the delimiters)"},
    {"asl-validator/invalid/invalid-jsonata-fields.json",
     "JSONata state uses JSONPath fields 'Parameters' and 'ResultPath'"},
    {"asl-validator/invalid/invalid-jsonata-path-fields.asl.json",
     "JSONata state (in a branch) uses JSONPath field 'OutputPath'"},
    {"asl-validator/invalid/invalid-jsonata-surround-syntax-no-close.json",
     "JSONata delimiters: '{% 10 %' lacks '%}'"},
    {"asl-validator/invalid/invalid-jsonata-surround-syntax-no-open.json",
     "JSONata delimiters: '10 %}' lacks '{%'"},
    {"asl-validator/invalid/invalid-jsonata-surround-syntax-no-spaces.json",
     "JSONata delimiters: '{%10%}' has no spaces"},
    {"asl-validator/invalid/invalid-jsonata-syntax-arithmetic.json", "JSONata syntax: '10 + * 2'"},
    {"asl-validator/invalid/invalid-jsonata-syntax-jsonpath-in-jsonata-surround.json",
     "JSONata syntax: JSONPath filter '$.store.book[?(@.price < 10)]' inside '{% %}'"},
    {"asl-validator/invalid/invalid-jsonata-syntax-mismatched-parens.json",
     "JSONata syntax: unclosed '(' in '$sum('"},
    {"asl-validator/invalid/invalid-map-distributed.asl.json",
     "ReaderConfig: 'MaxItems' and 'MaxItemsPath' together"},
    {"asl-validator/invalid/invalid-map-dupe-state.json",
     "state name 'Final State' used twice (top level and inside the Iterator)"},
    {"asl-validator/invalid/invalid-map-item-batcher-dupe-subfields.json",
     "ItemBatcher: 'MaxItemsPerBatch' with its Path, 'MaxInputBytesPerBatch' with its Path"},
    {"asl-validator/invalid/invalid-map-items.asl.json",
     "Map: 'Items' and 'ItemsPath' together; 'ItemsPath' in a JSONata state"},
    {"asl-validator/invalid/invalid-map-ob-link.json",
     "Choice inside an Iterator targets 'Final State' outside it (transition leaves its scope)"},
    {"asl-validator/invalid/invalid-map-tolerated.json",
     "Map: 'ToleratedFailureCount' and its Path together"},
    {"asl-validator/invalid/invalid-math-add.json", "intrinsic: States.MathAdd(1,'-1') takes numbers"},
    {"asl-validator/invalid/invalid-missing-terminal.json",
     "no terminal state: the three Tasks form a cycle"},
    {"asl-validator/invalid/invalid-parallel-ob-link.json",
     "Choice inside a branch targets 'Final State' outside it (transition leaves its scope)"},
    {"asl-validator/invalid/invalid-payload-template.asl.json",
     "payload template: 'lorem.$' value 'ipsum' is not a path"},
    {"asl-validator/invalid/invalid-task-alias-function.json",
     "Resource: Lambda ARN with an empty or malformed alias (ARN check)"},
    {"asl-validator/invalid/invalid-task-credentials-object.json",
     "Credentials payload template: 'expectPath.$' value 'not a path' is not a path"},
    {"asl-validator/invalid/invalid-task-heartbeat.json",
     "Task: 'HeartbeatSeconds' and 'HeartbeatSecondsPath' together"},
    {"asl-validator/invalid/invalid-task-timout.json",
     "Task: 'TimeoutSeconds' and 'TimeoutSecondsPath' together"},
    {"asl-validator/invalid/invalid-unreachable-state.json", "state 'Finished Choice' is unreachable"},
    {"asl-validator/invalid/invalid-variable-result-path.json",
     "ResultPath '$foo' names a variable, not a reference path"},
    {"asl-validator/invalid/invalid-wait-duration.json",
     "Wait: 'Seconds' with 'SecondsPath', 'Timestamp' with 'TimestampPath'"},
    {"statelint/invalid/fail-with-static-and-dynamic-cause.json", "Fail: 'Cause' and 'CausePath' together"},
    {"statelint/invalid/fail-with-static-and-dynamic-error.json", "Fail: 'Error' and 'ErrorPath' together"},
    {"statelint/invalid/has-dupes.json", "state name 'Sub2_1' used twice (top level and inside a branch)"},
    {"statelint/invalid/invalid-function-invocation.json", "intrinsic: unknown function 'States.Xyz'"},
    {"statelint/invalid/linked-parallel.json",
     "transitions cross branch boundaries ('Sub1_1' to 'Sub2_1'; Choice 'X' into a branch)"},
    {"statelint/invalid/map-with-parameters-and-itemselector.json",
     "Map: 'Parameters' and 'ItemSelector' together"},
    {"statelint/invalid/no-terminal.json", "no terminal state: every path loops"},
    {"statelint/invalid/parameter-path-problems.json",
     "payload template: '.$' keys with non-string values (23, array, object) and bad paths ('23', '$$23')"},
    {"statelint/invalid/pass-with-intrinsic-function-inputpath.json",
     "InputPath is an intrinsic function, not a path"},
    {"statelint/invalid/spec-state_node-1-should-find-missing-startat-targets.json",
     "StartAt target 'x' does not exist"},
    {"statelint/invalid/spec-state_node-6-should-find-next-fields-with-targets-that-don.json",
     "Next target 'B' does not exist (and no terminal state)"},
    {"statelint/invalid/spec-state_node-7-should-find-un-pointed-to-states.json", "state 'X' is unreachable"},
    {"statelint/invalid/states-array-invocation-leftpad.json",
     "payload template: '.$' value ' States.Array(...)' starts with a space"},
    {"statelint/invalid/task-with-static-and-dynamic-heartbeat.json",
     "Task: 'HeartbeatSeconds' and 'HeartbeatSecondsPath' together"},
    {"statelint/invalid/task-with-static-and-dynamic-timeout.json",
     "Task: 'TimeoutSeconds' and 'TimeoutSecondsPath' together"},
};

// Definitions that ran on AWS but whose stored copy is a template that was filled in before the run.
const std::map<std::string, std::string> kTemplates = {
    {"histories/18-distributed-map-csv-maprun-failed.definition.json",
     "CSVHeaders holds the placeholder '__TBD__', replaced before the run"},
};

TEST_CASE("schema corpus: every file labelled valid passes") {
  if (!HaveShared()) return;
  for (const char* corpus : {"asl-validator", "statelint"}) {
    CHECK(fs::exists(kShared / "validate" / corpus / "LICENSE-NOTE.txt"));
  }
  std::vector<std::string> files = CorpusFiles("valid");
  CHECK(files.size() == 100);
  for (const auto& file : files) {
    std::vector<SchemaFinding> findings = AslChecker().Check(ReadJson(kShared / "validate" / file));
    CHECK_MESSAGE(findings.empty(), (file + Describe(findings)));
  }
}

TEST_CASE("schema corpus: invalid files are caught or left to the semantic rules") {
  if (!HaveShared()) return;
  std::vector<std::string> files = CorpusFiles("invalid");
  std::map<std::string, const Caught*> caught;
  for (const auto& c : kCaught) caught[c.file] = &c;
  size_t caught_count = 0;
  for (const auto& file : files) {
    CAPTURE(file);
    std::vector<SchemaFinding> findings = AslChecker().Check(ReadJson(kShared / "validate" / file));
    REQUIRE((caught.count(file) + kLeftToRules.count(file)) == 1);
    if (kLeftToRules.count(file) > 0) {
      CHECK_MESSAGE(findings.empty(), Describe(findings));
      continue;
    }
    ++caught_count;
    REQUIRE(!findings.empty());
    CHECK(findings[0].pointer == caught[file]->pointer);
    CHECK(findings[0].message == caught[file]->message);
  }
  CHECK(files.size() == kCaught.size() + kLeftToRules.size());
  std::cout << "schema corpus: the schema alone catches " << caught_count << " of " << files.size()
            << " invalid files; " << kLeftToRules.size() << " are left to the semantic rules\n";
}

TEST_CASE("schema corpus: definitions that ran on AWS pass") {
  if (!HaveShared()) return;
  std::vector<fs::path> files;
  for (const char* folder : {"executions", "executions-lambda", "executions-service"}) {
    if (!fs::is_directory(kShared / folder)) continue;
    for (const auto& entry : fs::directory_iterator(kShared / folder)) {
      if (fs::exists(entry.path() / "definition.json")) files.push_back(entry.path() / "definition.json");
    }
  }
  if (fs::is_directory(kShared / "histories")) {
    for (const auto& entry : fs::directory_iterator(kShared / "histories")) {
      std::string name = entry.path().filename().string();
      if (name.size() > 16 && name.substr(name.size() - 16) == ".definition.json")
        files.push_back(entry.path());
    }
  }
  size_t passed = 0;
  for (const auto& path : files) {
    std::string relative = fs::relative(path, kShared).string();
    std::vector<SchemaFinding> findings = AslChecker().Check(ReadJson(path));
    if (kTemplates.count(relative) > 0) {
      CHECK_MESSAGE(!findings.empty(), relative);
      continue;
    }
    CHECK_MESSAGE(findings.empty(), (relative + Describe(findings)));
    if (findings.empty()) ++passed;
  }
  CHECK(files.size() > 700);
  std::cout << "schema corpus: " << passed << " of " << files.size()
            << " definitions from real executions pass\n";
}

}  // namespace
}  // namespace sfn::lint
