#include <doctest/doctest.h>

#include "common/edit_distance.h"

TEST_CASE("common: edit distance") {
  struct Row {
    const char* a;
    const char* b;
    size_t d;
  };
  for (const Row& r : std::vector<Row>{{"", "", 0}, {"abc", "abc", 0}, {"abc", "abd", 1}, {"abc", "acb", 1},
                                       {"kitten", "sitting", 3}, {"", "xyz", 3}, {"Validate", "validate", 1}}) {
    CAPTURE(r.a);
    CAPTURE(r.b);
    CHECK(sfn::EditDistance(r.a, r.b) == r.d);
  }
}

TEST_CASE("common: closest match") {
  std::vector<std::string> names = {"ProcessOrder", "ShipOrder", "Done"};
  CHECK(sfn::ClosestMatch("ProcesOrder", names) == "ProcessOrder");
  CHECK(sfn::ClosestMatch("done", names) == "Done");
  CHECK(sfn::ClosestMatch("Nothing", names) == std::nullopt);
  CHECK(sfn::ClosestMatch("valdiate", {"validate", "render"}) == "validate");
}
