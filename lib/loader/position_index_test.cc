#include "loader/position_index.h"

#include <doctest/doctest.h>

#include <string>

namespace sfn::loader {
namespace {

TEST_CASE("position index: the incremental hash equals the hash of the whole pointer") {
  PointerHash a = ExtendPointerHash(kRootPointerHash, "States");
  PointerHash b = ExtendPointerHash(a, "a/b~c");
  CHECK(b == HashPointer("/States/a~1b~0c"));
  CHECK(ExtendPointerHash(b, size_t{12}) == HashPointer("/States/a~1b~0c/12"));
  CHECK(HashPointer("") == kRootPointerHash);
}

TEST_CASE("position index: finds every span through growth, keeps the first, misses what it never saw") {
  PositionIndex index;
  constexpr uint32_t kCount = 100000;
  for (uint32_t i = 0; i < kCount; ++i) {
    index.Add(HashPointer("/v/" + std::to_string(i)), {i * 3, i == 0 ? SourceSpan::kNoKey : i});
  }
  CHECK(index.Size() == kCount);
  for (uint32_t i = 0; i < kCount; i += 997) {
    auto span = index.Find("/v/" + std::to_string(i));
    REQUIRE(span.has_value());
    CHECK(span->value_offset == i * 3);
    CHECK(span->key_offset == (i == 0 ? SourceSpan::kNoKey : i));
  }
  index.Add(HashPointer("/v/5"), {1, 2});  // a second span for the same pointer
  CHECK(index.Find("/v/5")->value_offset == 15);
  CHECK(index.Size() == kCount);
  CHECK_FALSE(index.Find("/v/100000").has_value());
  CHECK_FALSE(index.Find("/w").has_value());
  CHECK_FALSE(PositionIndex().Find("").has_value());
}

TEST_CASE("position index: Reserve keeps what is there") {
  PositionIndex index;
  index.Add(kRootPointerHash, {7, SourceSpan::kNoKey});
  index.Reserve(5000);
  CHECK(index.Size() == 1);
  CHECK(index.FindHash(kRootPointerHash)->value_offset == 7);
}

}  // namespace
}  // namespace sfn::loader
