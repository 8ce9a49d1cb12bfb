#include "render/text.h"

#include <doctest/doctest.h>

#include <string>

using namespace sfn::render;

TEST_CASE("render: code points and truncation") {
  struct Case {
    std::string input;
    size_t width;
    std::string expected;
  };
  const std::string grin = "\xF0\x9F\x98\x80";                               // U+1F600
  const std::string coder = "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB";  // woman, ZWJ, laptop
  const std::string thumbs = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";             // thumbs up, skin tone
  const std::string e_acute = "e\xCC\x81";                                   // e + combining acute
  const Case cases[] = {
      {"short", 10, "short"},
      {"exactly10!", 10, "exactly10!"},
      {"eleven char", 10, "eleven ch\xE2\x80\xA6"},
      {"anything", 0, "anything"},
      {"abc", 1, "\xE2\x80\xA6"},
      {grin + grin + grin + grin, 3, grin + grin + "\xE2\x80\xA6"},
      {"ab" + coder + "cd", 4, "ab\xE2\x80\xA6"},  // never split the ZWJ sequence
      {"a" + thumbs + "bc", 3, "a\xE2\x80\xA6"},   // nor the skin tone from its base
      {"abcd" + e_acute + "fg", 6, "abcd\xE2\x80\xA6"},
      {"\xC3\xA9t\xC3\xA9 long text", 5, "\xC3\xA9t\xC3\xA9 \xE2\x80\xA6"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(Truncate(c.input, c.width) == c.expected);
  }
  CHECK(CodePointCount(grin + "a" + coder) == 5);
  CHECK(CodePointCount("\xFF\xFE") == 2);
}

TEST_CASE("render: invalid UTF-8 is replaced") {
  const std::string replacement = "\xEF\xBF\xBD";
  CHECK(ValidUtf8("ok \xC3\xA9") == "ok \xC3\xA9");
  CHECK(ValidUtf8("a\xFF"
                  "b") == "a" + replacement + "b");
  CHECK(ValidUtf8("\xC0\xAF") == replacement + replacement);                    // overlong '/'
  CHECK(ValidUtf8("\xED\xA0\x80") == replacement + replacement + replacement);  // surrogate
  CHECK(ValidUtf8("\xE2\x82") == replacement + replacement);                    // truncated
  CHECK(ValidSequenceLength("\xF0\x9F\x98\x80", 0) == 4);
  CHECK(ValidSequenceLength("\xF4\x90\x80\x80", 0) == 0);  // above U+10FFFF
}

TEST_CASE("render: whitespace collapsing") {
  CHECK(CollapseSpaces("  $x  >\n\t 1 ") == "$x > 1");
  CHECK(CollapseSpaces("") == "");
  CHECK(CollapseSpaces("one") == "one");
}
