// Times sfn's JSONata evaluator over the cases of scripts/bench/gen.py's JSONL file: each expression is
// compiled once, evaluated once to warm up, then evaluated until ITERATIONS evaluations or BUDGET_MS
// milliseconds, whichever comes first (but at least 3 times). Each evaluation is timed alone and the case's
// figure is the median, which one preempted evaluation on a busy machine cannot move. Same protocol and
// output as scripts/bench/jsonata_bench.cjs.
//
// Usage: sfn_jsonata_bench CASES.jsonl ITERATIONS BUDGET_MS OUT
// OUT gets one line per case: "ID<TAB>MEDIAN_NANOSECONDS_PER_EVALUATION<TAB>EVALUATIONS", or
// "ID<TAB>ERROR<TAB>message" when the case cannot be read, compiled or evaluated.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "jsonata/jsonata.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMinSamples = 3;

struct Timing {
  double ns_per_evaluation = 0;
  long evaluations = 0;
};

struct Limits {
  long iterations = 100;
  Clock::duration budget = std::chrono::milliseconds(20);
};

double Median(std::vector<double>& values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

sfn::jsonata::Bindings MakeBindings(const sfn::Json& test_case) {
  sfn::jsonata::Bindings bindings;
  auto it = test_case.find("bindings");
  if (it != test_case.end() && it->is_object()) {
    for (auto b = it->begin(); b != it->end(); ++b) bindings.Set(b.key(), b.value());
  }
  return bindings;
}

Timing TimeCase(const sfn::Json& test_case, const Limits& limits) {
  auto expression = sfn::jsonata::Expression::Compile(test_case.at("expr").get<std::string>());
  auto input_it = test_case.find("input");
  const sfn::Json* input = input_it == test_case.end() ? nullptr : &*input_it;
  sfn::jsonata::Bindings bindings = MakeBindings(test_case);
  expression->Evaluate(input, bindings);
  std::vector<double> samples;
  Clock::time_point start = Clock::now();
  Clock::time_point now = start;
  // At least kMinSamples, so that one preempted evaluation cannot be the figure.
  while (static_cast<long>(samples.size()) < limits.iterations &&
         (now - start < limits.budget || samples.size() < kMinSamples)) {
    Clock::time_point before = now;
    std::optional<sfn::Json> result = expression->Evaluate(input, bindings);
    now = Clock::now();
    samples.push_back(std::chrono::duration<double, std::nano>(now - before).count());
  }
  Timing timing;
  timing.evaluations = static_cast<long>(samples.size());
  timing.ns_per_evaluation = Median(samples);
  return timing;
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return text;
}

std::string CaseId(const std::string& line) {
  try {
    return sfn::Json::parse(line).value("id", "?");
  } catch (const std::exception&) {
    // The line holds text nlohmann::json rejects (e.g. a lone UTF-16 surrogate): find the id by hand.
    const std::string key = "\"id\": \"";
    size_t at = line.find(key);
    if (at == std::string::npos) return "?";
    size_t end = line.find('"', at + key.size());
    return line.substr(at + key.size(), end - at - key.size());
  }
}

std::string RunCase(const std::string& line, const Limits& limits) {
  std::string id = CaseId(line);
  try {
    sfn::Json test_case = sfn::Json::parse(line);
    Timing timing = TimeCase(test_case, limits);
    char ns[64];
    std::snprintf(ns, sizeof ns, "%.1f", timing.ns_per_evaluation);
    return id + "\t" + ns + "\t" + std::to_string(timing.evaluations);
  } catch (const std::exception& e) {
    return id + "\tERROR\t" + OneLine(e.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: sfn_jsonata_bench CASES.jsonl ITERATIONS BUDGET_MS OUT\n";
    return 2;
  }
  std::ifstream cases(argv[1]);
  std::ofstream out(argv[4]);
  if (!cases || !out) {
    std::cerr << "sfn_jsonata_bench: cannot open '" << (cases ? argv[4] : argv[1]) << "'\n";
    return 2;
  }
  Limits limits;
  limits.iterations = std::stol(argv[2]);
  std::chrono::duration<double, std::milli> budget(std::stod(argv[3]));
  limits.budget = std::chrono::duration_cast<Clock::duration>(budget);
  std::string line;
  while (std::getline(cases, line)) {
    if (!line.empty()) out << RunCase(line, limits) << "\n";
  }
  return out ? 0 : 2;
}
