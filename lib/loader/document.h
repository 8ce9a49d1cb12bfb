// Document: one loaded input file: its text, the JSON value read from it (JSON or YAML), and the index
// from JSON Pointer to source position. Every later stage points back into the source through it.
#pragma once

#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "diag/diagnostic.h"
#include "loader/position_index.h"
#include "loader/read_error.h"
#include "loader/source_text.h"

namespace sfn::loader {

enum class SourceFormat { kJson, kYaml };

struct LoadOptions {
  size_t max_bytes = 16u << 20;  // larger inputs are refused before parsing
  ReadLimits limits;
  std::optional<SourceFormat> format;  // nullopt: guess from the file name, then from the content
  // false: no index of source positions (a value read as data, whose errors are only syntax errors);
  // Document::Locate then finds nothing. Saves a third of the reading time of a large input.
  bool positions = true;
};

class Document {
 public:
  Document(std::shared_ptr<const SourceText> source, Json root, PositionIndex index, SourceFormat format);

  const std::string& Name() const { return source_->Name(); }
  const SourceText& Source() const { return *source_; }
  const Json& Root() const { return root_; }
  Json& MutableRoot() { return root_; }
  SourceFormat Format() const { return format_; }
  const PositionIndex& Index() const { return index_; }

  // Location of the value at `pointer`; with `at_key`, the member's key instead. Falls back to the
  // nearest indexed ancestor when the pointer itself is not indexed.
  diag::Location Locate(std::string_view pointer, bool at_key = false) const;
  // Location of a character offset inside the string value at `pointer` (for errors inside paths and
  // expressions). Exact for JSON strings without escapes before the offset; approximate otherwise.
  diag::Location LocateInString(std::string_view pointer, size_t char_offset) const;
  // A diagnostic at `pointer`, with its source line filled in.
  diag::Diagnostic At(std::string_view code, std::string_view pointer, std::string message, bool at_key = false) const;
  void FillSourceLine(diag::Diagnostic& d) const;

 private:
  std::shared_ptr<const SourceText> source_;
  Json root_;
  PositionIndex index_;
  SourceFormat format_;
};

struct LoadResult {
  std::optional<Document> document;
  std::vector<diag::Diagnostic> diagnostics;
};

// Parses text already in memory. `name` is used in diagnostics ("-" for stdin).
LoadResult LoadText(std::string name, std::string text, const LoadOptions& options = {});

// Reads a file ("-" reads `stdin_stream`) and parses it. I/O errors become SFN001 diagnostics.
LoadResult LoadFile(const std::string& path, std::istream& stdin_stream, const LoadOptions& options = {});

// Reads raw bytes of a file or of the stream (for "-"), refusing more than max_bytes.
struct ReadResult {
  std::optional<std::string> text;
  std::string error;  // when text is empty
  bool too_large = false;
  size_t size = 0;    // bytes seen (the file's size when too_large)
};
ReadResult ReadAll(const std::string& path, std::istream& stdin_stream, size_t max_bytes);

}  // namespace sfn::loader
