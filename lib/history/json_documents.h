// Splitting a text into the JSON documents it holds, one after another.
//
// A history file may hold one JSON document, several concatenated pages, or one document per line
// (CloudWatch Logs). The splitter finds where each top-level value starts and ends without building it,
// checks the nesting depth on the way (so later recursive walks are safe), and converts byte offsets to
// 1-based line and column numbers for error messages.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::history {

struct TextPosition {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

// Maps byte offsets of one text to line and column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  TextPosition PositionOf(size_t offset) const;

 private:
  std::vector<size_t> line_starts_;
};

struct DocumentSpan {
  size_t begin = 0;  // offset of the first byte of the value
  size_t end = 0;    // one past the last byte
};

struct SplitError {
  size_t offset = 0;
  std::string message;
};

struct SplitResult {
  std::vector<DocumentSpan> documents;
  std::optional<SplitError> error;
};

inline constexpr int kMaxJsonDepth = 512;

// Finds the top-level JSON values of `text` (objects, arrays or scalars separated by white space).
// A leading UTF-8 byte-order mark is skipped. Stops at the first structural error.
SplitResult SplitJsonDocuments(std::string_view text, int max_depth = kMaxJsonDepth);

// The deepest nesting of arrays and objects in a JSON text (strings are skipped, not validated).
int JsonNestingDepth(std::string_view text);

}  // namespace sfn::history
