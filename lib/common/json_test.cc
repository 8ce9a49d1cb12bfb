#include "common/json.h"

#include <doctest/doctest.h>

namespace sfn {

TEST_CASE("json pointers: tokens escape '~' and '/' wherever they stand") {
  CHECK(EscapePointerToken("") == "");
  CHECK(EscapePointerToken("plain") == "plain");
  CHECK(EscapePointerToken("a/b~c") == "a~1b~0c");
  CHECK(EscapePointerToken("~/") == "~0~1");
  CHECK(EscapePointerToken("//x~~") == "~1~1x~0~0");
  CHECK(AppendPointer("", "States") == "/States");
  CHECK(AppendPointer("/States", "Go/Now~1") == "/States/Go~1Now~01");
  CHECK(AppendPointer("/Branches", size_t{12}) == "/Branches/12");
  // Round trip through nlohmann's own parser of pointers.
  Json doc = {{"a/b~c", {{"~", 1}}}};
  CHECK(doc.at(Json::json_pointer(AppendPointer(AppendPointer("", "a/b~c"), "~"))) == 1);
}

}  // namespace sfn
