#include "cli.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "loader/document.h"

namespace sfn::cli {

void AddColorOption(CLI::App& app, ColorMode& mode) {
  std::map<std::string, ColorMode> modes = {
      {"auto", ColorMode::kAuto}, {"always", ColorMode::kAlways}, {"never", ColorMode::kNever}};
  app.add_option("--color", mode, "Colour output: auto, always or never")
      ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case))
      ->option_text("WHEN");
}

bool UseColor(ColorMode mode, int fd) {
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return isatty(fd) == 1;
}

bool WriteStdout(std::string_view text) {
  while (!text.empty()) {
    ssize_t n = write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      PrintError(std::string("cannot write to standard output: ") + std::strerror(errno));
      return false;
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void PrintError(std::string_view message) { std::cerr << "sfn: " << message << std::endl; }

std::optional<Json> ReadJsonArgument(const std::string& arg, std::string_view what) {
  loader::LoadResult loaded;
  loader::LoadOptions options;
  options.format = loader::SourceFormat::kJson;
  options.positions = false;  // data: a syntax error has its position without the index
  if (arg == "-" || (!arg.empty() && arg[0] == '@')) {
    std::string path = arg == "-" ? "-" : arg.substr(1);
    loaded = loader::LoadFile(path, std::cin, options);
  } else {
    loaded = loader::LoadText(std::string(what), arg, options);
  }
  if (!loaded.document) {
    for (const auto& d : loaded.diagnostics) {
      std::string where = d.location.line > 0 ? ":" + std::to_string(d.location.line) + ":" +
                                                    std::to_string(d.location.column)
                                              : "";
      PrintError(std::string(what) + where + ": " + d.message);
    }
    return std::nullopt;
  }
  return std::move(loaded.document->MutableRoot());
}

std::string_view Version() { return SFN_VERSION; }

}  // namespace sfn::cli
