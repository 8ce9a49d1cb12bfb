// Helpers shared by the subcommands: the subcommand table entry, colour policy, checked writes to
// stdout, and reading JSON arguments given inline, as @FILE, or as - for stdin.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"

namespace sfn::cli {

// A subcommand registers its flags on `app` and sets `run` to the action to take when it is chosen.
struct Subcommand {
  const char* name;
  const char* summary;
  void (*add)(CLI::App& app, std::function<int()>& run);
};

enum class ColorMode { kAuto, kAlways, kNever };

// Adds --color=auto|always|never to a subcommand.
void AddColorOption(CLI::App& app, ColorMode& mode);
// Colour only on a terminal, without NO_COLOR, and with TERM not "dumb"; --color overrides.
bool UseColor(ColorMode mode, int fd);

// Writes all of `text` to stdout; false (after a message on stderr) when the write fails, e.g. EPIPE
// or a full disk. Callers then exit with kExitUsage.
bool WriteStdout(std::string_view text);
void PrintError(std::string_view message);  // "sfn: message" on stderr

// Reads a JSON value given as inline text, "@path", or "-" (stdin). `what` names it in errors.
std::optional<Json> ReadJsonArgument(const std::string& arg, std::string_view what);

// The version string, for --version.
std::string_view Version();

// Prefaults the first `bytes` of heap in one call (see heap.cc). SFN_NO_PREFAULT=1 turns it off.
void PrefaultHeap(size_t bytes);

}  // namespace sfn::cli
