#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "engine/engine_test_support.h"

namespace sfn::engine {
namespace {

constexpr const char* kLoop = R"j({"StartAt":"Init","States":{
  "Init":{"Type":"Pass","Result":0,"ResultPath":"$.i","Next":"Check"},
  "Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericGreaterThanEquals":50000,"Next":"Done"}],
           "Default":"Inc"},
  "Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"Check"},
  "Done":{"Type":"Succeed"}}})j";

double TransitionsPerSecond(bool record) {
  ExecutionOptions options;
  options.max_events = SIZE_MAX;
  options.record_events = record;
  auto start = std::chrono::steady_clock::now();
  auto run = testing::RunDefinition(kLoop, Json::object(), options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK((*run.result.output)["i"] == 50000);
  if (record) CHECK(run.result.events["events"].size() == 200008);
  return 100003 / seconds;
}

// Large runs, checked for their results; their speed is printed for information only (scripts/bench
// measures speed, never a test).

TEST_CASE("engine: a Pass/Choice loop of 100,000 transitions is fast") {
  double plain = TransitionsPerSecond(false);
  double recorded = TransitionsPerSecond(true);
  std::printf("engine loop: %.0f transitions/s without history, %.0f with history\n", plain, recorded);
}

TEST_CASE("engine: a Map over 10,000 items is fast") {
  Json items = Json::array();
  for (int i = 0; i < 10000; ++i) items.push_back(i);
  ExecutionOptions options;
  options.max_events = SIZE_MAX;
  auto start = std::chrono::steady_clock::now();
  auto run = testing::RunDefinition(
      R"j({"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{
            "P":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($, 1)"},"End":true}}},"End":true}}})j",
      items, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("engine map: 10,000 items in %.3f s\n", seconds);
  REQUIRE(run.result.status == Status::kSucceeded);
  REQUIRE(run.result.output->size() == 10000);
  CHECK((*run.result.output)[9999]["v"] == 10000);
}

}  // namespace
}  // namespace sfn::engine
