// sfn history-replay: reads an execution history, checks it, summarises it, replays it against a
// definition, or redrives it locally.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <iostream>
#include <limits>

#include "cli.h"
#include "diag/render.h"
#include "exit_codes.h"
#include "history/reader.h"
#include "history/redrive.h"
#include "history/replay.h"
#include "history/replay_event_list.h"
#include "history/replay_report.h"
#include "history/summary.h"
#include "history/wellformed.h"
#include "loader/document.h"
#include "history_file.h"
#include "s3_dirs.h"
#include "signal_watcher.h"
#include "task_runners.h"

namespace sfn::cli {
namespace {

constexpr size_t kMaxHistoryBytes = size_t{1} << 30;

struct ReplayFlags {
  std::string history;
  std::string definition;
  std::string input;  // the execution's real input, when the recorded one is masked or missing
  std::string format = "text";
  bool expand_map = false;
  bool keep_going = false;
  bool redrive = false;
  std::string resources;
  std::string mock_config;
  std::string test_case;
  std::string output;
  std::string execution_name;
  std::string name;
  std::vector<std::string> s3_dirs;
  bool clean_env = false;
  ColorMode color = ColorMode::kAuto;
};

void PrintNote(const std::string& text) { std::cerr << "sfn: note: " << text << "\n"; }

std::optional<history::ReadResult> ReadHistoryFile(const std::string& path) {
  loader::ReadResult raw = loader::ReadAll(path, std::cin, kMaxHistoryBytes);
  if (!raw.text) {
    PrintError(raw.too_large ? "'" + path + "' is too large (over 1 GiB)" : raw.error);
    return std::nullopt;
  }
  history::ReadResult read = history::ReadHistory(*raw.text, path == "-" ? "<stdin>" : path);
  for (const auto& issue : read.warnings) std::cerr << history::FormatIssue(read.source_name, issue) << " (warning)\n";
  if (!read.ok) {
    for (const auto& issue : read.errors) std::cerr << history::FormatIssue(read.source_name, issue) << "\n";
    if (read.errors.empty()) PrintError("'" + read.source_name + "' holds no execution history");
    return std::nullopt;
  }
  return read;
}

// Prints the well-formedness findings; false when an error makes the history unusable.
bool ReportFindings(const history::ReadResult& read) {
  bool usable = true;
  for (const history::Finding& f : history::CheckWellFormed(read)) {
    bool error = f.severity == history::FindingSeverity::kError;
    usable = usable && !error;
    std::string where = f.event_id != 0 ? " event " + std::to_string(f.event_id) + ":" : "";
    std::cerr << read.source_name << ":" << where << " " << (error ? "error" : "warning") << ": " << f.message << " ["
              << f.code << "]\n";
  }
  if (!usable) PrintError("'" + read.source_name + "' is not a well-formed execution history");
  return usable;
}

int Summarise(const ReplayFlags& flags, const history::ReadResult& read) {
  history::SummaryOptions options;
  options.expand_map = flags.expand_map;
  history::Summary summary = history::Summarise(read, options);
  std::string text;
  if (flags.format == "text") {
    text = history::RenderSummaryText(summary, options) + "\n" + history::RenderTimelineText(summary);
  } else if (flags.format == "timeline") {
    text = history::RenderTimelineText(summary);
  } else if (flags.format == "events") {
    text = history::RenderEventList(read.events, history::BuildFrames(read.events));
  } else {
    text = history::SummaryToJson(summary).dump(2) + "\n";
  }
  return WriteStdout(text) ? kExitOk : kExitUsage;
}

std::unique_ptr<model::StateMachine> LoadDefinition(const std::string& path, const ReplayFlags& flags) {
  auto loaded = loader::LoadFile(path, std::cin);
  if (!loaded.document) {
    std::cerr << diag::RenderText(loaded.diagnostics, {UseColor(flags.color, STDERR_FILENO), true});
    return nullptr;
  }
  if (!loaded.document->Root().is_object()) {
    PrintError("'" + path + "' is not a state machine definition (a JSON or YAML object)");
    return nullptr;
  }
  return model::BuildStateMachine(loaded.document->Root());
}

int ReplayAgainst(const ReplayFlags& flags, const history::ReadResult& read, const model::StateMachine& machine) {
  history::ReplayOptions options;
  options.max_divergences = flags.keep_going ? std::numeric_limits<size_t>::max() : 1;
  options.execution_name = flags.execution_name;
  options.state_machine_name = flags.name;
  auto reader = S3DirReader(flags.s3_dirs);
  if (!reader) return kExitUsage;
  options.read_object = *reader;
  if (!flags.input.empty()) {
    auto input = ReadJsonArgument(flags.input, "--input");
    if (!input) return kExitUsage;
    options.known_input = std::move(*input);
  }
  history::ReplayResult result = history::Replay(read, machine, options);
  for (const std::string& note : result.notes) PrintNote(note);
  std::string text;
  if (flags.format == "json") {
    text = history::ReplayToJson(result).dump(2) + "\n";
  } else {
    history::ReplayReportOptions report;
    report.history_name = flags.history;
    report.definition_name = flags.definition;
    report.first_only = !flags.keep_going;
    text = history::RenderReplayText(result, report);
  }
  if (!WriteStdout(text)) return kExitUsage;
  return result.consistent ? kExitOk : kExitFindings;
}

std::string RedriveText(const ReplayFlags& flags, const history::RedriveResult& r) {
  std::string text = "Redrive of '" + flags.history + "': " + std::string(engine::StatusName(r.status)) + "\n";
  text += "Kept " + std::to_string(r.kept_attempts) + " task outcome" + (r.kept_attempts == 1 ? "" : "s") +
          " from the recording, ran " + std::to_string(r.rerun_attempts) + " task attempt" +
          (r.rerun_attempts == 1 ? "" : "s") + " again; " + std::to_string(r.new_events) + " new events" +
          (flags.output.empty() ? "" : ", written after the original ones to '" + flags.output + "'") + ".\n";
  if (r.output) text += "Output: " + DumpCompact(*r.output) + "\n";
  if (r.has_error) text += "Error: " + r.error + "\n";
  if (r.has_cause && !r.cause.empty()) text += "Cause: " + r.cause + "\n";
  return text;
}

Json RedriveJson(const history::RedriveResult& r) {
  Json j = Json::object();
  j["status"] = std::string(engine::StatusName(r.status));
  if (r.output) j["output"] = *r.output;
  if (r.has_error) j["error"] = r.error;
  if (r.has_cause) j["cause"] = r.cause;
  j["keptTaskOutcomes"] = r.kept_attempts;
  j["rerunTaskAttempts"] = r.rerun_attempts;
  j["newEvents"] = r.new_events;
  return j;
}

int RedriveLocally(const ReplayFlags& flags, const history::ReadResult& read, const model::StateMachine& machine) {
  TaskRunnerFlags runner_flags;
  runner_flags.resources = flags.resources;
  runner_flags.mock_config = flags.mock_config;
  runner_flags.test_case = flags.test_case;
  runner_flags.machine_name = !flags.name.empty() ? flags.name : history::ContextOf(read).state_machine_name;
  runner_flags.clean_env = flags.clean_env;
  runner_flags.color = flags.color;
  auto runner = BuildTaskRunner(runner_flags);
  if ((!flags.resources.empty() || !flags.mock_config.empty()) && !runner) return kExitUsage;
  history::RedriveOptions options;
  options.tasks = runner.get();
  options.execution_name = flags.execution_name;
  options.state_machine_name = flags.name;
  auto reader = S3DirReader(flags.s3_dirs);
  if (!reader) return kExitUsage;
  options.read_object = *reader;
  options.cancel = std::make_shared<process::CancelToken>();
  history::RedriveResult result;
  bool interrupted = false;
  {
    SignalWatcher watcher(options.cancel);
    result = history::Redrive(read, machine, options);
    interrupted = watcher.Interrupted();
  }
  if (!result.redriven) {
    PrintError("cannot redrive '" + read.source_name + "': " + result.refusal);
    return kExitUsage;
  }
  std::string error;
  if (!flags.output.empty() && !WriteFileAtomically(flags.output, result.continued.dump(2) + "\n", error)) {
    PrintError(error);
    return kExitUsage;
  }
  std::string text = flags.format == "json" ? RedriveJson(result).dump(2) + "\n" : RedriveText(flags, result);
  if (!WriteStdout(text)) return kExitUsage;
  if (interrupted) return kExitInterrupted;
  return result.status == engine::Status::kSucceeded ? kExitOk : kExitFindings;
}

// Flags that only make sense together.
bool CheckFlags(const ReplayFlags& flags) {
  if (flags.format != "text" && flags.format != "timeline" && flags.format != "events" && flags.format != "json") {
    PrintError("unknown --format '" + flags.format + "' (use text, timeline, events or json)");
    return false;
  }
  if (!flags.definition.empty() && (flags.format == "timeline" || flags.format == "events")) {
    PrintError("--format " + flags.format + " shows a history; with --definition use text or json");
    return false;
  }
  if (flags.redrive && flags.definition.empty()) {
    PrintError("--redrive needs the definition: add --definition DEF");
    return false;
  }
  bool redrive_only = !flags.resources.empty() || !flags.mock_config.empty() || !flags.output.empty();
  if (redrive_only && !flags.redrive) {
    PrintError("--resources, --mock-config and -o are for --redrive");
    return false;
  }
  if (flags.keep_going && flags.definition.empty()) {
    PrintError("--keep-going lists the divergences of a replay: add --definition DEF");
    return false;
  }
  if (flags.history == "-" && flags.definition == "-") {
    PrintError("the history and the definition cannot both come from stdin");
    return false;
  }
  return true;
}

int RunHistoryReplay(const ReplayFlags& flags) {
  if (!CheckFlags(flags)) return kExitUsage;
  std::optional<history::ReadResult> read = ReadHistoryFile(flags.history);
  if (!read) return kExitUsage;
  if (!ReportFindings(*read)) return kExitUsage;
  if (read->structure_only && flags.definition.empty()) {
    PrintNote("'" + read->source_name +
              "' holds no execution data (inputs, outputs, results): structure-only mode");
  }
  if (flags.definition.empty()) return Summarise(flags, *read);
  auto machine = LoadDefinition(flags.definition, flags);
  if (!machine) return kExitUsage;
  if (flags.redrive) return RedriveLocally(flags, *read, *machine);
  return ReplayAgainst(flags, *read, *machine);
}

}  // namespace

void AddHistoryReplay(CLI::App& app, std::function<int()>& run) {
  auto flags = std::make_shared<ReplayFlags>();
  app.add_option("history", flags->history, "The execution history (any format AWS gives), or - for stdin")
      ->required();
  app.add_option("--definition", flags->definition, "Replay the history against this definition (JSON or YAML)");
  app.add_option("--input", flags->input,
                 "The input the execution started with (JSON, @FILE or -), for a history whose recorded input "
                 "was masked or left out; a recorded input that differs beyond masked values is kept, with a note");
  app.add_option("--format", flags->format, "text, timeline, events or json (default text)")
      ->option_text("text|timeline|events|json");
  app.add_flag("--expand-map", flags->expand_map, "Show each Map iteration in the timeline");
  app.add_flag("--keep-going", flags->keep_going, "List every divergence, not only the first");
  app.add_option("--s3", flags->s3_dirs, "Serve Distributed Map ItemReader reads of BUCKET from DIR")
      ->option_text("BUCKET=DIR");
  app.add_flag("--redrive", flags->redrive, "Redrive the failed execution locally (needs --definition)");
  app.add_option("--resources", flags->resources, "Redrive: map Task Resources to commands");
  app.add_option("--mock-config", flags->mock_config, "Redrive: a Step Functions Local mock configuration");
  app.add_option("--test-case", flags->test_case, "Redrive: the mock configuration's test case");
  app.add_option("-o,--output", flags->output, "Redrive: write the continued history to FILE");
  app.add_option("--execution-name", flags->execution_name, "The execution's name, when the history lacks it");
  app.add_option("--name", flags->name, "The state machine's name, when the history lacks it");
  app.add_flag("--clean-env", flags->clean_env, "Redrive: give tasks only the documented SFN_* variables and PATH");
  AddColorOption(app, flags->color);
  app.callback([flags, &run] {
    if (!flags->mock_config.empty() && flags->test_case.empty()) throw CLI::RequiredError("--test-case");
    run = [flags] { return RunHistoryReplay(*flags); };
  });
}

}  // namespace sfn::cli
