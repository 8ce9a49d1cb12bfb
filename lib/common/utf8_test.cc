#include "common/utf8.h"

#include <doctest/doctest.h>

namespace sfn {

TEST_CASE("AppendUtf8: one to four bytes") {
  std::string s;
  AppendUtf8(s, 0x41);
  AppendUtf8(s, 0xE9);
  AppendUtf8(s, 0x20AC);
  AppendUtf8(s, 0x1F600);
  CHECK(s == "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  std::string edges;
  AppendUtf8(edges, 0x7F);
  AppendUtf8(edges, 0x80);
  AppendUtf8(edges, 0x7FF);
  AppendUtf8(edges, 0x800);
  AppendUtf8(edges, 0xFFFF);
  AppendUtf8(edges, 0x10000);
  AppendUtf8(edges, 0x10FFFF);
  CHECK(edges == "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF");
}

}  // namespace sfn
