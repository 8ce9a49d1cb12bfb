#include <doctest/doctest.h>

#include "engine/engine_test_support.h"
#include "engine/timestamps.h"

namespace sfn::engine {
namespace {

constexpr int64_t kStart = 1700000000000;  // 2023-11-14T22:13:20Z

testing::RunOutcome RunWait(const std::string& wait_fields, const char* input, VirtualClock& clock) {
  ExecutionOptions options;
  options.clock = &clock;
  return testing::RunDefinition(R"({"StartAt":"W","States":{"W":{"Type":"Wait",)" + wait_fields +
                                    R"(,"Next":"P"},"P":{"Type":"Pass","End":true}}})",
                                Json::parse(input), options);
}

TEST_CASE("wait: virtual time advances without sleeping") {
  struct Case {
    const char* fields;
    const char* input;
    int64_t elapsed_ms;
  } cases[] = {
      {R"("Seconds":10)", "{}", 10000},
      {R"("SecondsPath":"$.s")", R"({"s":3})", 3000},
      {R"("SecondsPath":"$.s")", R"({"s":"4"})", 4000},
      {R"("Timestamp":"2023-11-14T22:13:30Z")", "{}", 10000},
      {R"("TimestampPath":"$.t")", R"({"t":"2023-11-14T23:13:20.5+01:00"})", 500},
      {R"("TimestampPath":"$.t")", R"({"t":"2020-01-01T00:00:00Z"})", 0},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.fields));
    VirtualClock clock(kStart);
    auto run = RunWait(c.fields, c.input, clock);
    REQUIRE(run.result.status == Status::kSucceeded);
    CHECK(run.result.stop_ms - run.result.start_ms == c.elapsed_ms);
    CHECK(clock.Now() == kStart + c.elapsed_ms);
    const Json& events = run.result.events["events"];
    CHECK(events[3]["timestamp"].get<double>() == doctest::Approx((kStart + c.elapsed_ms) / 1000.0));
  }
}

TEST_CASE("wait: invalid values fail with AWS's causes") {
  struct Case {
    const char* fields;
    const char* input;
    const char* cause;
  } cases[] = {
      {R"("SecondsPath":"$.s")", R"({"s":-1})",
       "The SecondsPath parameter references a negative value: $.s == -1"},
      {R"("SecondsPath":"$.s")", R"({"s":1.5})",
       "The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5"},
      {R"("SecondsPath":"$.s")", R"({})", "The SecondsPath parameter does not reference an input value: $.s"},
      {R"("TimestampPath":"$.t")", R"({"t":"2016-12-05T21:29:29"})",
       "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format "
       "string: "
       "$.t == 2016-12-05T21:29:29"},
      {R"("TimestampPath":"$.t")", R"({"t":"2200-01-01T00:00:00Z"})", "Wait state delay is too long."},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.fields));
    VirtualClock clock(kStart);
    auto run = RunWait(c.fields, c.input, clock);
    CHECK(run.result.status == Status::kFailed);
    CHECK(run.result.error == "States.Runtime");
    CHECK(run.result.cause ==
          std::string("An error occurred while executing the state 'W' (entered at the event id #2). ") +
              c.cause);
  }
}

TEST_CASE("wait: concurrent branches wait in parallel in virtual time") {
  VirtualClock clock(kStart);
  ExecutionOptions options;
  options.clock = &clock;
  auto run = testing::RunDefinition(
      R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":10,"End":true}}},
          {"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":4,"End":true}}}]}}})",
      Json::object(), options);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(run.result.stop_ms - run.result.start_ms == 10000);
}

TEST_CASE("timestamps: RFC 3339 parsing and formatting") {
  CHECK(ParseTimestamp("1970-01-01T00:00:00Z")->seconds == 0);
  CHECK(ParseTimestamp("1970-01-01T01:00:00+01:00")->seconds == 0);
  CHECK(ParseTimestamp("2016-03-14T01:59:00.123456789Z")->nanos == 123456789);
  CHECK(ParseTimestamp("2016-02-29T00:00:00Z").has_value());
  CHECK_FALSE(ParseTimestamp("2015-02-29T00:00:00Z").has_value());
  CHECK_FALSE(ParseTimestamp("2016-13-05T21:29:29Z").has_value());
  CHECK_FALSE(ParseTimestamp("2016-12-05T25:29:29Z").has_value());
  CHECK_FALSE(ParseTimestamp("2016-12-05T21:29:29").has_value());
  CHECK_FALSE(ParseTimestamp("05-12-2016T21:29:29Z").has_value());
  CHECK_FALSE(ParseTimestamp("2016-12-05T21:29:29.Z").has_value());
  CHECK(FormatTimestampMs(kStart) == "2023-11-14T22:13:20.000Z");
  CHECK(FormatTimestampMs(1) == "1970-01-01T00:00:00.001Z");
}

}  // namespace
}  // namespace sfn::engine
