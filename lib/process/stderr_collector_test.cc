#include "process/stderr_collector.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace sfn::process {
namespace {

struct Collected {
  std::vector<std::string> lines;
  std::string tail;
};

Collected Collect(const std::vector<std::string>& chunks, size_t max_line, size_t tail_bytes) {
  Collected out;
  StderrCollector::LineCallback on_line = [&out](std::string_view line) { out.lines.emplace_back(line); };
  StderrCollector collector(on_line, max_line, tail_bytes);
  for (const std::string& chunk : chunks) collector.Append(chunk);
  collector.Finish();
  out.tail = collector.Tail();
  return out;
}

TEST_CASE("stderr collector: splits lines across chunks") {
  struct Case {
    std::vector<std::string> chunks;
    std::vector<std::string> lines;
  };
  const Case cases[] = {
      {{"a\nb\n"}, {"a", "b"}},
      {{"ab", "c\nd", "e\n"}, {"abc", "de"}},
      {{"x\n\n", "\ny"}, {"x", "", "", "y"}},
      {{"no newline"}, {"no newline"}},
      {{}, {}},
      {{"", "\n"}, {""}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.chunks.size());
    CHECK(Collect(c.chunks, 1000, 100).lines == c.lines);
  }
}

TEST_CASE("stderr collector: long lines come in pieces of the limit") {
  CHECK(Collect({"abcdefg\nhi"}, 3, 0).lines == std::vector<std::string>{"abc", "def", "g", "hi"});
  CHECK(Collect({"ab", "cd", "e"}, 2, 0).lines == std::vector<std::string>{"ab", "cd", "e"});
  CHECK(Collect({"abc\n"}, 3, 0).lines == std::vector<std::string>{"abc"});  // exactly the limit
  CHECK(Collect({"abcd\n"}, 3, 0).lines == std::vector<std::string>{"abc", "d"});
}

TEST_CASE("stderr collector: tail keeps the last bytes") {
  struct Case {
    std::vector<std::string> chunks;
    size_t tail_bytes;
    std::string tail;
  };
  const Case cases[] = {
      {{"hello\n"}, 100, "hello\n"},
      {{"hello\n"}, 3, "lo\n"},
      {{"abc", "def", "ghi"}, 4, "fghi"},
      {{"abcdef", "g"}, 6, "bcdefg"},
      {{"abc"}, 0, ""},
      {{std::string(10000, 'a'), "xyz"}, 5, "aaxyz"},
      // "é" is C3 A9: a cut in its middle drops the orphaned continuation byte.
      {{"ab\xC3\xA9z"}, 2, "z"},
      {{"a", "b\xC3\xA9z"}, 2, "z"},
      {{"ab\xC3\xA9z"}, 3, "\xC3\xA9z"},
      {{"\x80x"}, 10, "\x80x"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.tail);
    CHECK(Collect(c.chunks, 1000, c.tail_bytes).tail == c.tail);
  }
}

TEST_CASE("stderr collector: works without a callback") {
  StderrCollector::LineCallback none;
  StderrCollector collector(none, 10, 4);
  collector.Append("line one\nline two\n");
  collector.Finish();
  CHECK(collector.Tail() == "two\n");
}

}  // namespace
}  // namespace sfn::process
