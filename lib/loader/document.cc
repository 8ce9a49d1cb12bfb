#include "loader/document.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

#include "loader/json_reader.h"
#include "loader/yaml_reader.h"

namespace sfn::loader {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

SourceFormat GuessFormat(std::string_view name, std::string_view text) {
  if (EndsWith(name, ".yaml") || EndsWith(name, ".yml")) return SourceFormat::kYaml;
  if (EndsWith(name, ".json")) return SourceFormat::kJson;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return (c == '{' || c == '[') ? SourceFormat::kJson : SourceFormat::kYaml;
  }
  return SourceFormat::kJson;
}

// The first invalid UTF-8 byte, or npos.
size_t FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    // Eight ASCII bytes at a time: most definitions are all ASCII.
    while (i + 8 <= text.size()) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > text.size()) return i;
    uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

bool LooksBinary(std::string_view text) {
  std::string_view head = text.substr(0, 8192);
  return head.find('\0') != std::string_view::npos;
}

diag::Diagnostic ErrorAt(const SourceText& source, const ReadError& error) {
  diag::Location loc{source.Name(), 0, 0, ""};
  diag::Diagnostic d = diag::MakeDiagnostic(error.code, loc, error.message);
  if (error.has_offset) {
    LineColumn lc = source.Locate(error.offset);
    d.location.line = lc.line;
    d.location.column = lc.column;
    std::string_view line = source.Line(lc.line);
    if (line.size() <= 500 && FindInvalidUtf8(line) == std::string_view::npos) d.source_line = std::string(line);
  }
  return d;
}

std::string TooLargeMessage(size_t size, size_t limit) {
  return "file is " + std::to_string(size) + " bytes, more than the limit of " + std::to_string(limit) +
         " bytes (Step Functions accepts definitions up to 1 MiB)";
}

}  // namespace

Document::Document(std::shared_ptr<const SourceText> source, Json root, PositionIndex index, SourceFormat format)
    : source_(std::move(source)), root_(std::move(root)), index_(std::move(index)), format_(format) {}

diag::Location Document::Locate(std::string_view pointer, bool at_key) const {
  diag::Location loc{source_->Name(), 0, 0, std::string(pointer)};
  std::string_view p = pointer;
  while (true) {
    if (auto span = index_.Find(p)) {
      uint32_t offset = (at_key && span->key_offset != SourceSpan::kNoKey && p == pointer) ? span->key_offset
                                                                                           : span->value_offset;
      LineColumn lc = source_->Locate(offset);
      loc.line = lc.line;
      loc.column = lc.column;
      return loc;
    }
    if (p.empty()) return loc;
    p = p.substr(0, p.rfind('/'));
  }
}

diag::Location Document::LocateInString(std::string_view pointer, size_t char_offset) const {
  diag::Location loc = Locate(pointer);
  if (loc.line == 0) return loc;
  size_t start = source_->OffsetOf(loc.line, loc.column);
  const std::string& text = source_->Text();
  bool quoted = start < text.size() && (text[start] == '"' || text[start] == '\'');
  // Walk the source characters, counting decoded characters, until char_offset is reached.
  size_t i = start + (quoted ? 1 : 0);
  size_t count = 0;
  while (i < text.size() && count < char_offset && text[i] != '\n') {
    if (quoted && text[i] == '\\' && format_ == SourceFormat::kJson) {
      i += (i + 1 < text.size() && text[i + 1] == 'u') ? 6 : 2;
    } else {
      ++i;
      while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    ++count;
  }
  LineColumn lc = source_->Locate(i);
  loc.line = lc.line;
  loc.column = lc.column;
  return loc;
}

void Document::FillSourceLine(diag::Diagnostic& d) const {
  if (d.location.line <= 0) return;
  std::string_view line = source_->Line(d.location.line);
  if (line.size() <= 500) d.source_line = std::string(line);
}

diag::Diagnostic Document::At(std::string_view code, std::string_view pointer, std::string message,
                              bool at_key) const {
  diag::Diagnostic d = diag::MakeDiagnostic(code, Locate(pointer, at_key), std::move(message));
  FillSourceLine(d);
  return d;
}

LoadResult LoadText(std::string name, std::string text, const LoadOptions& options) {
  LoadResult result;
  auto source = std::make_shared<SourceText>(std::move(name), std::move(text));
  const std::string& t = source->Text();
  if (t.size() > options.max_bytes) {
    result.diagnostics.push_back(
        diag::MakeDiagnostic("SFN006", {source->Name(), 0, 0, ""}, TooLargeMessage(t.size(), options.max_bytes)));
    return result;
  }
  if (LooksBinary(t)) {
    result.diagnostics.push_back(diag::MakeDiagnostic("SFN008", {source->Name(), 0, 0, ""},
                                                      "file looks binary (it holds NUL bytes), not JSON or YAML"));
    return result;
  }
  if (size_t bad = FindInvalidUtf8(t); bad != std::string_view::npos) {
    result.diagnostics.push_back(ErrorAt(*source, ReadError{"SFN007", "invalid UTF-8 byte sequence", bad}));
    return result;
  }
  SourceFormat format = options.format.value_or(GuessFormat(source->Name(), t));
  PositionIndex index;
  PositionIndex* positions = options.positions ? &index : nullptr;
  // Definitions as people write them hold a value for every 20 to 30 bytes: sized for that, the index
  // seldom has to grow while it fills.
  if (positions) positions->Reserve(t.size() / 24);
  JsonReadResult read = format == SourceFormat::kJson ? ReadJson(t, positions, options.limits)
                                                      : ReadYaml(*source, positions, options.limits);
  if (read.error) {
    result.diagnostics.push_back(ErrorAt(*source, *read.error));
    return result;
  }
  result.document.emplace(source, std::move(read.value), std::move(index), format);
  return result;
}

ReadResult ReadAll(const std::string& path, std::istream& stdin_stream, size_t max_bytes) {
  ReadResult out;
  std::string text;
  if (path == "-") {
    char buf[65536];
    while (stdin_stream.read(buf, sizeof buf) || stdin_stream.gcount() > 0) {
      text.append(buf, static_cast<size_t>(stdin_stream.gcount()));
      if (text.size() > max_bytes) break;
    }
    if (text.size() > max_bytes) {
      out.too_large = true;
      out.size = text.size();
      return out;
    }
    if (stdin_stream.bad()) {
      out.error = "cannot read standard input";
      return out;
    }
    out.text = std::move(text);
    return out;
  }
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    out.error = std::string("cannot open '") + path + "': " + std::strerror(errno);
    return out;
  }
  if (S_ISDIR(st.st_mode)) {
    out.error = "'" + path + "' is a directory";
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = std::string("cannot open '") + path + "': " + std::strerror(errno);
    return out;
  }
  if (S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > max_bytes) {
    out.too_large = true;
    out.size = static_cast<size_t>(st.st_size);
    return out;
  }
  // A regular file is read straight into a buffer of its size; anything else (a pipe, a device) in blocks.
  if (S_ISREG(st.st_mode)) {
    text.resize(static_cast<size_t>(st.st_size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
  }
  char buf[65536];
  while (!in.bad() && (in.read(buf, sizeof buf) || in.gcount() > 0)) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) break;
  }
  if (text.size() > max_bytes) {
    out.too_large = true;
    out.size = text.size();
    return out;
  }
  if (in.bad()) {
    out.error = "error reading '" + path + "'";
    return out;
  }
  out.text = std::move(text);
  return out;
}

LoadResult LoadFile(const std::string& path, std::istream& stdin_stream, const LoadOptions& options) {
  ReadResult read = ReadAll(path, stdin_stream, options.max_bytes);
  if (read.too_large) {
    LoadResult result;
    result.diagnostics.push_back(diag::MakeDiagnostic("SFN006", {path, 0, 0, ""}, TooLargeMessage(read.size, options.max_bytes)));
    return result;
  }
  if (!read.text) {
    LoadResult result;
    result.diagnostics.push_back(diag::MakeDiagnostic("SFN001", {path, 0, 0, ""}, read.error));
    return result;
  }
  return LoadText(path, std::move(*read.text), options);
}

}  // namespace sfn::loader
