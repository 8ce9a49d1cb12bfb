#include "history/json_documents.h"

#include <algorithm>

namespace sfn::history {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool EndsScalar(char c) { return IsSpace(c) || c == '{' || c == '}' || c == '[' || c == ']' || c == ','; }

// Returns the offset one past the closing quote of the string starting at `pos` (which holds '"'),
// or npos when the text ends first.
size_t SkipString(std::string_view text, size_t pos) {
  for (size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

struct ScanOutcome {
  size_t end = 0;
  std::optional<SplitError> error;
};

ScanOutcome ScanContainer(std::string_view text, size_t pos, int max_depth) {
  std::vector<char> open;
  size_t i = pos;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      size_t after = SkipString(text, i);
      if (after == std::string_view::npos) return {i, SplitError{i, "unterminated string"}};
      i = after;
      continue;
    }
    if (c == '{' || c == '[') {
      if (static_cast<int>(open.size()) >= max_depth) {
        return {i, SplitError{i, "nesting deeper than " + std::to_string(max_depth) + " levels"}};
      }
      open.push_back(c == '{' ? '}' : ']');
    } else if (c == '}' || c == ']') {
      if (open.empty() || open.back() != c) {
        return {i, SplitError{i, std::string("unexpected '") + c + "'"}};
      }
      open.pop_back();
      if (open.empty()) return {i + 1, std::nullopt};
    }
    ++i;
  }
  return {i,
          SplitError{text.size(), "unexpected end of input: missing '" + std::string(1, open.back()) + "'"}};
}

ScanOutcome ScanScalar(std::string_view text, size_t pos) {
  if (text[pos] == '"') {
    size_t after = SkipString(text, pos);
    if (after == std::string_view::npos) return {pos, SplitError{pos, "unterminated string"}};
    return {after, std::nullopt};
  }
  if (text[pos] == '}' || text[pos] == ']' || text[pos] == ',') {
    return {pos, SplitError{pos, std::string("unexpected '") + text[pos] + "'"}};
  }
  size_t i = pos;
  while (i < text.size() && !EndsScalar(text[i])) ++i;
  return {i, std::nullopt};
}

}  // namespace

LineIndex::LineIndex(std::string_view text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

TextPosition LineIndex::PositionOf(size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  size_t start = line_starts_[line - 1];
  return {static_cast<int>(line), static_cast<int>(offset - start + 1)};
}

SplitResult SplitJsonDocuments(std::string_view text, int max_depth) {
  SplitResult result;
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (true) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i >= text.size()) break;
    char c = text[i];
    ScanOutcome outcome = (c == '{' || c == '[') ? ScanContainer(text, i, max_depth) : ScanScalar(text, i);
    if (outcome.error) {
      result.error = outcome.error;
      break;
    }
    result.documents.push_back({i, outcome.end});
    i = outcome.end;
  }
  return result;
}

int JsonNestingDepth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      size_t after = SkipString(text, i);
      if (after == std::string_view::npos) break;
      i = after - 1;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace sfn::history
