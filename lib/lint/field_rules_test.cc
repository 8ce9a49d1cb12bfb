// The hand-written matchers behind SFN509 (Resource URIs and Lambda qualifiers), SFN702 (variable names)
// and the timestamp checks, run through the linter on small definitions.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "lint/linter.h"
#include "loader/document.h"
#include "model/state_machine.h"

namespace sfn::lint {
namespace {

std::vector<std::string> CodesOf(const std::string& text) {
  loader::LoadResult loaded = loader::LoadText("t.asl.json", text);
  REQUIRE(loaded.document.has_value());
  auto machine = model::BuildStateMachine(loaded.document->Root());
  LintOptions options;
  options.advice = false;
  std::vector<std::string> codes;
  for (const auto& d : Lint(*loaded.document, *machine, options)) codes.push_back(d.code);
  return codes;
}

bool Has(const std::vector<std::string>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::string TaskWithResource(const std::string& resource) {
  return R"({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": ")" + resource + R"(", "End": true}}})";
}

std::string PassAssigning(const std::string& name) {
  return R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {")" + name + R"(": 1}, "End": true}}})";
}

std::string WaitUntil(const std::string& timestamp) {
  return R"({"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": ")" + timestamp + R"(", "End": true}}})";
}

TEST_CASE("SFN509: a Resource must be a URI, and a Lambda ARN's qualifier well formed") {
  for (const char* good : {"arn:aws:states:::lambda:invoke", "arn:aws:lambda:us-east-1:123456789012:function:f",
                           "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST",
                           "arn:aws:lambda:us-east-1:123456789012:function:f:prod_2-a",
                           "arn:aws:lambda:us-east-1:123456789012:function:f:${Alias}", "x+y.z-1:anything"}) {
    std::string shown = good;
    CAPTURE(shown);
    CHECK_FALSE(Has(CodesOf(TaskWithResource(good)), "SFN509"));
  }
  for (const char* bad : {"no-colon", ":starts-with-colon", "1abc:digit-first", "arn:", "arn:has space",
                          "sch_eme:x", "arn:aws:lambda:us-east-1:123456789012:function:",
                          "arn:aws:lambda:us-east-1:123456789012:function:f:", "arn:aws:lambda:us-east-1:1:function:f:a.b",
                          "arn:aws:lambda:us-east-1:1:function:f:${}"}) {
    std::string shown = bad;
    CAPTURE(shown);
    CHECK(Has(CodesOf(TaskWithResource(bad)), "SFN509"));
  }
}

TEST_CASE("SFN702: variable names that could not be referenced as $name") {
  for (const char* good : {"x", "order_id", "caf\xC3\xA9", "a-b", "x1"}) {
    std::string shown = good;
    CAPTURE(shown);
    CHECK_FALSE(Has(CodesOf(PassAssigning(good)), "SFN702"));
  }
  for (const char* bad : {"1x", "a b", "a.b", "a$", "a[0]", "a'b", "a(b)", "a{b}", "a\\tb"}) {
    std::string shown = bad;
    CAPTURE(shown);
    CHECK(Has(CodesOf(PassAssigning(bad)), "SFN702"));
  }
}

TEST_CASE("Wait Timestamp: RFC 3339 as Step Functions accepts it") {
  auto timestamp_codes = [](const std::string& ts) {
    std::vector<std::string> codes = CodesOf(WaitUntil(ts));
    codes.erase(std::remove_if(codes.begin(), codes.end(), [](const std::string& c) { return c.rfind("SFN", 0) != 0; }),
                codes.end());
    return codes;
  };
  for (const char* good : {"2016-03-14T01:59:00Z", "2016-03-14T01:59:00.123Z", "2016-03-14T01:59:00+01:00",
                           "2016-12-31T23:59:60-08:30"}) {
    std::string shown = good;
    CAPTURE(shown);
    CHECK(timestamp_codes(good).empty());
  }
  for (const char* bad : {"2016-03-14", "2016-03-14T01:59:00", "2016-13-14T01:59:00Z", "2016-03-00T01:59:00Z",
                          "2016-03-14T24:00:00Z", "2016-03-14T01:60:00Z", "2016-03-14T01:59:00.Z",
                          "2016-03-14T01:59:00+0100", "2016-03-14T01:59:00Zjunk", "16-03-14T01:59:00Z",
                          "2016-03-14 01:59:00Z"}) {
    std::string shown = bad;
    CAPTURE(shown);
    CHECK_FALSE(timestamp_codes(bad).empty());
  }
}

}  // namespace
}  // namespace sfn::lint

#include <filesystem>
#include <sstream>

#include "lint/validator.h"

namespace sfn::lint {
namespace {

TEST_CASE("ValidateFiles: many threads report exactly what one thread does, in the same order") {
  std::vector<std::string> errors;
  std::vector<std::string> files = ExpandInputs({SFN_SOURCE_DIR "/testdata"}, errors);
  REQUIRE(files.size() > 10);
  files.push_back(SFN_SOURCE_DIR "/testdata/no-such-file.asl.json");
  ValidateOptions options;
  std::istringstream no_stdin;
  auto render = [](const std::vector<FileReport>& reports) {
    std::string out;
    for (const auto& r : reports) {
      out += r.file + (r.io_error ? " io-error" : "") + "\n";
      for (const auto& d : r.diagnostics) {
        out += d.code + " " + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " +
               d.message + "\n";
      }
    }
    return out;
  };
  std::string one = render(ValidateFiles(files, no_stdin, options, 1));
  CHECK(one.find("io-error") != std::string::npos);
  for (unsigned jobs : {2u, 4u, 0u}) {
    CAPTURE(jobs);
    CHECK(render(ValidateFiles(files, no_stdin, options, jobs)) == one);
  }
}

}  // namespace
}  // namespace sfn::lint
