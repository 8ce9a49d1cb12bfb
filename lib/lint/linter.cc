#include "lint/linter.h"

#include <atomic>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_set>

#include "lint/rules.h"

namespace sfn::lint {
namespace {

// Below this many top-level states a second thread costs more than it saves.
constexpr size_t kParallelStates = 256;

std::string_view SchemaCode(const std::string& message) {
  if (message.rfind("unknown field", 0) == 0) return "SFN105";
  if (message.rfind("missing", 0) == 0) return "SFN104";
  if (message.find("not a valid state type") != std::string::npos || message.rfind("'Type' must be", 0) == 0) {
    return "SFN102";
  }
  return "SFN101";
}

void CheckSchema(RuleContext& ctx, const SchemaChecker& schema) {
  for (const auto& f : schema.Check(ctx.Machine().definition)) {
    bool at_key = f.message.rfind("unknown field", 0) == 0;
    ctx.Report(SchemaCode(f.message), f.pointer, f.message, at_key);
  }
}

// The semantic rule families, costliest first (as measured on large definitions), so that threads that
// take them in turn finish together.
using Rule = void (*)(RuleContext&);
constexpr Rule kRules[] = {CheckExpressions, CheckGraph,         CheckFields,
                           CheckChoices,     CheckErrorHandlers, CheckVariables};

// One lint of one machine: the schema check (task 0, which reads only the JSON) and the rule families
// (which read the model), taken in turn by one or two threads. Each task's findings are kept apart and
// joined in task order, so the result does not depend on which thread ran what.
class LintRun {
 public:
  LintRun(const loader::Document& document, const model::StateMachine& machine, const LintOptions& options)
      : document_(document), machine_(machine), options_(options) {
    for (Rule r : kRules) rules_.push_back(r);
    if (options.advice) rules_.push_back(CheckAdvice);
    results_.resize(1 + rules_.size());
  }

  // Task 0. Needs only machine.definition and machine.base_pointer.
  void RunSchema() {
    if (!options_.schema) return;
    RuleContext ctx(document_, machine_);
    CheckSchema(ctx, *options_.schema);
    results_[0] = std::move(ctx.Findings());
  }

  // Takes rule families until none is left. Needs the model.
  void RunRules() {
    RuleContext ctx(document_, machine_);
    for (size_t i = next_++; i < rules_.size(); i = next_++) {
      rules_[i](ctx);
      results_[1 + i] = std::move(ctx.Findings());
      ctx.Findings().clear();
    }
  }

  std::vector<diag::Diagnostic> Findings() {
    std::vector<diag::Diagnostic> all;
    for (auto& r : results_) all.insert(all.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
    return all;
  }

 private:
  const loader::Document& document_;
  const model::StateMachine& machine_;
  const LintOptions& options_;
  std::vector<Rule> rules_;
  std::vector<std::vector<diag::Diagnostic>> results_;
  std::atomic<size_t> next_{0};
};

// Runs `before_rules` (which must leave the model built) and the lint; on two threads when asked and
// the definition is large: the helper checks the schema while this thread runs `before_rules`, then both
// take rule families.
template <typename F>
std::vector<diag::Diagnostic> RunLint(LintRun& run, bool two_threads, F&& before_rules) {
  std::optional<std::jthread> helper;
  std::atomic<bool> model_ready{false};
  if (two_threads) {
    try {
      helper.emplace([&] {
        run.RunSchema();
        model_ready.wait(false);
        run.RunRules();
      });
    } catch (const std::system_error&) {  // no thread to be had: all of it here
    }
  }
  if (!helper) run.RunSchema();
  before_rules();
  model_ready = true;
  model_ready.notify_all();
  run.RunRules();
  helper.reset();  // joins
  return run.Findings();
}

// The schema check and a semantic rule may both describe the same value (a mistyped operand, say):
// keep the schema's finding. Graph findings (SFN2xx) say something else and always stay.
std::vector<diag::Diagnostic> SortAndDeduplicate(std::vector<diag::Diagnostic> findings) {
  diag::SortDiagnostics(findings);
  std::unordered_set<std::string> schema_pointers;
  for (const auto& d : findings) {
    if (d.code.rfind("SFN1", 0) == 0) schema_pointers.insert(d.location.pointer);
  }
  std::vector<diag::Diagnostic> unique;
  unique.reserve(findings.size());
  for (auto& d : findings) {
    bool semantic = d.code.rfind("SFN1", 0) != 0 && d.code.rfind("SFN2", 0) != 0 && d.code.rfind("SFN8", 0) != 0;
    if (semantic && schema_pointers.count(d.location.pointer)) continue;
    unique.push_back(std::move(d));
  }
  return unique;
}

size_t TopLevelStates(const Json& definition) {
  if (!definition.is_object()) return 0;
  auto states = definition.find("States");
  return states != definition.end() && states->is_object() ? states->size() : 0;
}

}  // namespace

std::vector<diag::Diagnostic> Lint(const loader::Document& document, const model::StateMachine& machine,
                                   const LintOptions& options) {
  LintRun run(document, machine, options);
  bool two_threads = options.parallel && TopLevelStates(machine.definition) >= kParallelStates;
  return SortAndDeduplicate(RunLint(run, two_threads, [] {}));
}

LintedDefinition BuildAndLint(const loader::Document& document, Json definition, std::string base_pointer,
                              const LintOptions& options) {
  LintedDefinition out;
  out.machine = std::make_unique<model::StateMachine>();
  model::StateMachine& machine = *out.machine;
  machine.definition = std::move(definition);
  machine.base_pointer = std::move(base_pointer);
  LintRun run(document, machine, options);
  bool two_threads = options.parallel && TopLevelStates(machine.definition) >= kParallelStates;
  out.findings = SortAndDeduplicate(RunLint(run, two_threads, [&] { model::BuildModel(machine); }));
  return out;
}

}  // namespace sfn::lint
