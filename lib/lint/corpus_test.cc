// Runs `validate` over the peer linters' labelled corpora (asl-validator and statelint, valid/ and
// invalid/ folders) and checks that sfn agrees with the labels, apart from the listed disagreements.
// Skips when ../shared is absent.
#include <doctest/doctest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "lint/embedded_schema.h"
#include "lint/validator.h"

namespace fs = std::filesystem;

namespace {

// Files where sfn deliberately disagrees with the label, with the reason.
const std::map<std::string, std::string> kDisagreements = {
    {"asl-validator/invalid/invalid-jsonata-surround-syntax-no-spaces.json",
     "'{%10%}' is a whole-string JSONata expression; AWS requires only the '{%' and '%}' framing, not spaces"},
    {"asl-validator/invalid/invalid-json-surround-syntax-extra-spaces.json",
     "'{% \\n10 %}' is framed correctly; white space inside the expression is JSONata white space"},
};

}  // namespace

TEST_CASE("validate: peer corpora agree with their labels") {
  fs::path root = fs::path(SFN_SHARED_DIR) / "conformance" / "validate";
  if (!fs::exists(root)) {
    MESSAGE("skipped: " << root << " is absent");
    return;
  }
  auto schema = sfn::lint::SchemaChecker::FromJson(sfn::Json::parse(sfn::lint::EmbeddedAslSchema()));
  sfn::lint::ValidateOptions options;
  options.lint.schema = &schema;
  options.lint.advice = false;
  size_t total = 0;
  size_t agree = 0;
  std::vector<std::string> unexpected;
  for (const char* corpus : {"asl-validator", "statelint"}) {
    for (const char* label : {"valid", "invalid"}) {
      fs::path dir = root / corpus / label;
      if (!fs::exists(dir)) continue;
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        std::istringstream none;
        auto report = sfn::lint::ValidateFile(file.string(), none, options);
        bool has_errors = sfn::diag::HasErrors(report.diagnostics);
        bool expected_errors = std::string(label) == "invalid";
        std::string id = std::string(corpus) + "/" + label + "/" + file.filename().string();
        ++total;
        if (has_errors == expected_errors) {
          ++agree;
          CHECK_MESSAGE(!kDisagreements.count(id), id << " now agrees: remove it from the disagreements");
        } else if (!kDisagreements.count(id)) {
          std::string first = report.diagnostics.empty() ? "no findings" : report.diagnostics[0].message;
          unexpected.push_back(id + ": " + first);
        }
      }
    }
  }
  for (const auto& u : unexpected) MESSAGE("disagrees: " << u);
  double rate = total ? 100.0 * static_cast<double>(agree) / static_cast<double>(total) : 0;
  std::cout << "validate corpora: " << agree << "/" << total << " agree (" << rate << "%), "
            << kDisagreements.size() << " known disagreements\n";
  CHECK(total > 150);
  CHECK(unexpected.empty());
}
