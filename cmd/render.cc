// sfn render: draws a definition as Graphviz dot (svg and png through `dot`), Mermaid or JSON, optionally
// coloured by what an execution history says happened.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli.h"
#include "diag/render.h"
#include "exit_codes.h"
#include "history/frames.h"
#include "history/reader.h"
#include "history/status.h"
#include "lint/embedded_schema.h"
#include "lint/linter.h"
#include "process/subprocess.h"
#include "render/dot.h"
#include "render/graph.h"
#include "render/history_overlay.h"
#include "render/json.h"
#include "render/mermaid.h"

namespace sfn::cli {
namespace {

namespace fs = std::filesystem;

struct RenderFlags {
  std::string definition;
  std::string format = "dot";
  std::string output;
  std::string history;
  std::string rankdir = "TB";
  std::string title;
  bool force = false;
  ColorMode color = ColorMode::kAuto;
};

std::string GraphName(const std::string& path) {
  if (path == "-") return "state-machine";
  std::string base = fs::path(path).filename().string();
  return base.substr(0, base.find('.'));
}

// Runs Graphviz's dot on the dot text; nullopt (after a message) when it is missing or fails.
std::optional<std::string> RunDot(const std::string& dot_text, const std::string& format) {
  process::Spec spec;
  spec.argv = {"dot", "-T" + format};
  const char* path = std::getenv("PATH");
  spec.env = {std::string("PATH=") + (path ? path : "/usr/local/bin:/usr/bin:/bin")};
  spec.stdin_data = dot_text;
  spec.max_stdout = 256u << 20;
  spec.timeout = std::chrono::seconds(120);
  auto result = process::Run(spec);
  if (result.outcome == process::Outcome::SpawnFailed) {
    PrintError("--format " + format + " needs Graphviz's 'dot', which is not installed (Debian: apt-get install graphviz)");
    return std::nullopt;
  }
  if (result.outcome != process::Outcome::Exited || result.exit_code != 0) {
    PrintError("'dot' failed: " + process::DescribeResult(result, spec) + "\n" + result.stderr_tail);
    return std::nullopt;
  }
  return result.stdout_data;
}

bool ApplyHistory(const RenderFlags& flags, render::Graph& graph) {
  auto text = loader::ReadAll(flags.history, std::cin, 256u << 20);
  if (!text.text) {
    PrintError(text.too_large ? "'" + flags.history + "' is too large" : text.error);
    return false;
  }
  auto read = history::ReadHistory(*text.text, flags.history);
  for (const auto& w : read.warnings) std::cerr << "sfn: warning: " << history::FormatIssue(flags.history, w) << "\n";
  if (!read.ok) {
    for (const auto& e : read.errors) std::cerr << "sfn: " << history::FormatIssue(flags.history, e) << "\n";
    return false;
  }
  auto tree = history::BuildFrames(read.events);
  auto status = history::BuildStatusMap(tree);
  render::ApplyOverlay(render::OverlayFromHistory(tree, status, flags.title), graph);
  return true;
}

bool WriteOutput(const RenderFlags& flags, const std::string& data) {
  if (flags.output.empty() || flags.output == "-") return WriteStdout(data);
  std::string tmp = flags.output + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << data;
    out.flush();
    if (!out) {
      PrintError("cannot write '" + flags.output + "': " + std::strerror(errno));
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), flags.output.c_str()) != 0) {
    PrintError("cannot write '" + flags.output + "': " + std::strerror(errno));
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

int RunRender(const RenderFlags& flags) {
  diag::TextOptions text{UseColor(flags.color, STDERR_FILENO), true};
  auto loaded = loader::LoadFile(flags.definition, std::cin);
  if (!loaded.document) {
    std::cerr << diag::RenderText(loaded.diagnostics, text);
    return loaded.diagnostics.empty() || loaded.diagnostics[0].code == "SFN001" ? kExitUsage : kExitFindings;
  }
  auto machine = model::BuildStateMachine(loaded.document->Root());
  auto schema = lint::SchemaChecker::Embedded();
  lint::LintOptions lint_options;
  lint_options.schema = &schema;
  lint_options.advice = false;
  auto findings = lint::Lint(*loaded.document, *machine, lint_options);
  if (diag::HasErrors(findings)) {
    std::cerr << diag::RenderText(findings, text);
    if (!flags.force) {
      PrintError("the definition does not validate; use --force to draw what can be drawn");
      return kExitFindings;
    }
  }
  render::GraphOptions graph_options;
  graph_options.name = GraphName(flags.definition);
  graph_options.title = flags.title;
  auto graph = render::BuildGraph(*machine, graph_options);
  if (!flags.history.empty() && !ApplyHistory(flags, graph)) return kExitUsage;

  std::string out;
  if (flags.format == "mermaid") {
    render::MermaidOptions options;
    options.direction = flags.rankdir == "TB" ? "TD" : flags.rankdir;
    out = render::ToMermaid(graph, options);
  } else if (flags.format == "json") {
    out = render::ToJsonText(graph);
  } else {
    render::DotOptions options;
    options.rankdir = flags.rankdir;
    out = render::ToDot(graph, options);
    if (flags.format == "svg" || flags.format == "png") {
      auto converted = RunDot(out, flags.format);
      if (!converted) return kExitUsage;
      out = std::move(*converted);
    }
  }
  return WriteOutput(flags, out) ? kExitOk : kExitUsage;
}

}  // namespace

void AddRender(CLI::App& app, std::function<int()>& run) {
  auto flags = std::make_shared<RenderFlags>();
  app.add_option("definition", flags->definition, "The definition (JSON or YAML), or - for stdin")->required();
  app.add_option("-f,--format", flags->format, "dot (default), svg, png, mermaid or json")
      ->check(CLI::IsMember({"dot", "svg", "png", "mermaid", "json"}));
  app.add_option("-o,--output", flags->output, "Write to FILE instead of stdout");
  app.add_option("--history", flags->history, "Colour states by what this execution history says happened");
  app.add_option("--rankdir", flags->rankdir, "Layout direction: TB (default), LR, BT or RL")
      ->check(CLI::IsMember({"TB", "LR", "BT", "RL"}));
  app.add_option("--title", flags->title, "The diagram's title");
  app.add_flag("--force", flags->force, "Draw a definition even when it does not validate");
  AddColorOption(app, flags->color);
  app.callback([flags, &run] { run = [flags] { return RunRender(*flags); }; });
}

}  // namespace sfn::cli
