// SourceText: the bytes of one input file with a line table, for turning byte offsets into 1-based
// line and column numbers (columns count characters, not bytes) and for quoting source lines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::loader {

struct LineColumn {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in UTF-8 code points
};

class SourceText {
 public:
  SourceText(std::string name, std::string text);

  const std::string& Name() const { return name_; }
  const std::string& Text() const { return text_; }
  LineColumn Locate(size_t offset) const;
  // Byte offset of a 1-based line and 1-based column (in code points); clamps to the line's end.
  size_t OffsetOf(int line, int column) const;
  // The text of a 1-based line, without its newline (and without a trailing '\r').
  std::string_view Line(int line) const;
  int LineCount() const { return static_cast<int>(line_starts_.size()); }

 private:
  std::string name_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

}  // namespace sfn::loader
