// sfn: one binary for AWS Step Functions definitions. The table below lists the subcommands; each lives
// in its own cmd/<name>.cc and registers its flags there.
#include <csignal>
#include <iostream>
#include <string_view>

#include "cli.h"
#include "common/edit_distance.h"
#include "exit_codes.h"

namespace sfn::cli {
void AddValidate(CLI::App& app, std::function<int()>& run);
void AddRunLocal(CLI::App& app, std::function<int()>& run);
void AddEval(CLI::App& app, std::function<int()>& run);
void AddRender(CLI::App& app, std::function<int()>& run);
void AddHistoryReplay(CLI::App& app, std::function<int()>& run);
}  // namespace sfn::cli

namespace {

using sfn::cli::Subcommand;

const Subcommand kSubcommands[] = {
    {"validate", "Check definitions for errors, with file:line:col diagnostics", sfn::cli::AddValidate},
    {"run-local", "Execute a definition locally; Task states run as subprocesses or mocks", sfn::cli::AddRunLocal},
    {"render", "Draw a definition as Graphviz dot, svg, png, Mermaid or JSON", sfn::cli::AddRender},
    {"history-replay", "Summarise a recorded history, replay it against a definition, or redrive it locally",
     sfn::cli::AddHistoryReplay},
    {"eval", "Evaluate a JSONata expression, a JSONPath or an intrinsic function against an input",
     sfn::cli::AddEval},
};

int Main(int argc, char** argv) {
  CLI::App app{"sfn: check, draw and run AWS Step Functions state machines, offline", "sfn"};
  app.set_version_flag("--version", std::string(sfn::cli::Version()));
  app.require_subcommand(1);
  app.footer("Run 'sfn SUBCOMMAND --help' for a subcommand's options. Manual: man sfn.");
  std::function<int()> run;
  // Every subcommand is listed; only the one named (or all, when the first word names none) gets its
  // options, which saves a good part of a small run's start-up.
  std::string_view chosen = argc > 1 ? argv[1] : "";
  bool named = false;
  for (const Subcommand& s : kSubcommands) named |= chosen == s.name;
  for (const Subcommand& s : kSubcommands) {
    CLI::App* sub = app.add_subcommand(s.name, s.summary);
    if (!named || chosen == s.name) s.add(*sub, run);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (argc > 1 && argv[1][0] != '-') {
      std::vector<std::string> names;
      bool known = false;
      for (const Subcommand& s : kSubcommands) {
        names.emplace_back(s.name);
        if (names.back() == argv[1]) known = true;
      }
      if (!known) {
        std::string hint;
        if (auto m = sfn::ClosestMatch(argv[1], names)) hint = " (did you mean '" + *m + "'?)";
        std::cerr << "sfn: unknown subcommand '" << argv[1] << "'" << hint << "\n"
                  << "Try 'sfn --help' for more information.\n";
        return sfn::cli::kExitUsage;
      }
    }
    std::cerr << "sfn: " << e.what() << "\nTry 'sfn " << (argc > 1 && argv[1][0] != '-' ? std::string(argv[1]) + " " : "")
              << "--help' for more information.\n";
    return sfn::cli::kExitUsage;
  }
  return run ? run() : sfn::cli::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  sfn::cli::PrefaultHeap(size_t{1} << 20);
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "sfn: internal error: " << e.what() << "\n";
    return sfn::cli::kExitUsage;
  }
}
