#include "path/intrinsic.h"

#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

#include "common/states_error.h"
#include "path/java_text.h"
#include "path/json_equal.h"
#include "path/jsonpath.h"

namespace sfn::path {
namespace {

const Json kInput = Json::parse(R"({
  "s": "input data", "n": 5, "f": 1.5, "t": true, "z": null,
  "arr": [1, 2, 3, 4, 5, 6, 7, 8, 9], "dups": [1, 2, 2, {"a": 1}, {"a": 1}, [1], [1], "x", "x"],
  "obj": {"a": {"a1": 1}, "b": 2}, "obj2": {"a": {"a3": 3}, "c": 3},
  "json": "{\"k\": [1, {\"x\": null}]}", "csv": "a,b,,c", "tmpl": "{} and {}", "b64": "RGF0YSB0byBlbmNvZGU=",
  "zero": 0, "neg": -1, "big": 2147483648, "sha3": "SHA-3", "sha256": "sha-256", "no": "false"
})");

Env MakeEnv(const Json& input = kInput) {
  Env env;
  env.input = &input;
  return env;
}

Json Call(const std::string& text, const Json& input = kInput) {
  Env env = MakeEnv(input);
  return Intrinsic::Parse(text).Evaluate(env);
}

struct Case {
  const char* call;
  const char* expected;  // JSON text
};

TEST_CASE("path: intrinsic functions compute AWS's results") {
  for (
      const Case& c : std::vector<Case>{
          {"States.Format('Hello {}, {}!', $.s, $.n)", R"("Hello input data, 5!")"},
          {"States.Format('{} {} {} {}', $.f, $.t, $.z, $.obj)", R"("1.5 true null {a={a1=1}, b=2}")"},
          {"States.Format('x={}', $.arr)", R"("x=[1, 2, 3, 4, 5, 6, 7, 8, 9]")"},
          {"States.Format('no placeholders')", R"("no placeholders")"},
          {"States.Format($.tmpl, 1, 'b')", R"("1 and b")"},
          {R"(States.Format('\{\} {} \'q\' \\', 'x'))", R"("{} x 'q' \\")"},
          {"States.StringToJson($.json)", R"({"k": [1, {"x": null}]})"},
          {"States.StringToJson('  ')", "null"},
          {"States.StringToJson('-0')", "0"},
          {"States.StringToJson('1.1')", "1.1"},
          {"States.JsonToString($.obj)", R"("{\"a\":{\"a1\":1},\"b\":2}")"},
          {"States.JsonToString($.s)", R"("\"input data\"")"},
          {"States.JsonToString($.z)", R"("null")"},
          {"States.Array()", "[]"},
          {"States.Array($.n, 'a', true, null, 1.5, States.Array(1))", R"([5, "a", true, null, 1.5, [1]])"},
          {"States.ArrayPartition($.arr, 4)", "[[1, 2, 3, 4], [5, 6, 7, 8], [9]]"},
          {"States.ArrayPartition($.arr, 9)", "[[1, 2, 3, 4, 5, 6, 7, 8, 9]]"},
          {"States.ArrayPartition($.arr, 3.6)", "[[1, 2, 3, 4], [5, 6, 7, 8], [9]]"},
          {"States.ArrayPartition(States.Array(), 2)", "[]"},
          {"States.ArrayContains($.arr, 5)", "true"},
          {"States.ArrayContains($.arr, 5.0)", "true"},
          {"States.ArrayContains($.arr, 10)", "false"},
          {"States.ArrayContains($.dups, $.obj.b)", "true"},
          {"States.ArrayContains($.dups, States.StringToJson('{\"a\": 1}'))", "true"},
          {"States.ArrayContains($.dups, States.Array(1))", "true"},
          {"States.ArrayRange(1, 9, 2)", "[1, 3, 5, 7, 9]"},
          {"States.ArrayRange(1, 9, 9)", "[1]"},
          {"States.ArrayRange(10, 1, -3)", "[10, 7, 4, 1]"},
          {"States.ArrayRange(1, 5, -1)", "[]"},
          {"States.ArrayRange(0, 999, 1)", "null"},  // replaced below: 1000 items is the limit
          {"States.ArrayRange(1.5, 3.4, 1)", "[2, 3]"},
          {"States.ArrayRange(1, 9000000000000000000, 4000000000000000000)",
           "[1, 4000000000000000001, 8000000000000000001]"},
          {"States.ArrayRange(9000000000000000000, -9000000000000000000, -9000000000000000000)",
           "[9000000000000000000, 0, -9000000000000000000]"},
          {"States.ArrayGetItem($.arr, 5)", "6"},
          {"States.ArrayGetItem($.arr, 0)", "1"},
          {"States.ArrayLength($.arr)", "9"},
          {"States.ArrayLength(States.Array())", "0"},
          {"States.ArrayUnique($.dups)", R"([1, 2, {"a": 1}, [1], "x"])"},
          {"States.Base64Encode('Data to encode')", R"("RGF0YSB0byBlbmNvZGU=")"},
          {"States.Base64Encode('héllo wörld ✓')", R"("aMOpbGxvIHfDtnJsZCDinJM=")"},
          {"States.Base64Encode('')", R"("")"},
          {"States.Base64Decode($.b64)", R"("Data to encode")"},
          {"States.Base64Decode('aMOpbGxvIHfDtnJsZCDinJM=')", R"("héllo wörld ✓")"},
          {"States.Base64Decode('RGF0\nYSB0')", R"("Data t")"},
          {"States.Hash($.s, 'MD5')", R"("812f45842bc6d66ee14572ce20db8e86")"},
          {"States.Hash($.s, 'SHA-1')", R"("aaff4a450a104cd177d28d18d74485e8cae074b7")"},
          {"States.Hash($.s, 'SHA-256')",
           R"("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3")"},
          {"States.Hash($.s, 'SHA-384')",
           R"("d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562")"},
          {"States.Hash($.s, 'SHA-512')",
           R"("6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4")"},
          {"States.JsonMerge($.obj, $.obj2, false)", R"({"a": {"a3": 3}, "b": 2, "c": 3})"},
          {"States.MathAdd($.n, -1)", "4"},
          {"States.MathAdd(1.49, 1.5)", "3"},
          {"States.MathAdd(-1.49, -1.5)", "-2"},
          {"States.MathAdd(-2.5, 0)", "-2"},
          {"States.MathAdd(2.5, 0)", "3"},
          {"States.MathAdd(-0.5, 0.5)", "1"},
          {"States.MathAdd(2147483647, 1)", "2147483648"},
          {"States.StringSplit($.csv, ',')", R"(["a", "b", "c"])"},
          {"States.StringSplit('This.is+a,test=string', '.+,=')", R"(["This", "is", "a", "test", "string"])"},
          {"States.StringSplit(',,,,', ',')", "[]"},
          {"States.StringSplit(' ', ',')", R"([" "])"},
          {"States.StringSplit('a✓b✓c', '✓')", R"(["a", "b", "c"])"},
          {"States.ArrayGetItem(States.StringSplit('arn:aws:x/y.z', '/'), 1)", R"("y.z")"},
      }) {
    if (std::string(c.expected) == "null" &&
        std::string(c.call).find("ArrayRange(0, 999") != std::string::npos) {
      CHECK(Call(c.call).size() == 1000);
      continue;
    }
    INFO(std::string(c.call));
    Json actual = Call(c.call);
    INFO("got " << actual.dump());
    CHECK(JsonEqual(actual, Json::parse(c.expected)));
  }
}

TEST_CASE("path: intrinsic results keep integers as integers") {
  CHECK(Call("States.MathAdd(1, 2)").is_number_integer());
  CHECK(Call("States.MathAdd(1.4, 2.4)").is_number_integer());
  CHECK(Call("States.ArrayLength($.arr)").is_number_integer());
  CHECK(Call("States.ArrayRange(1, 3, 1)")[0].is_number_integer());
  CHECK(Call("States.ArrayGetItem($.arr, 1)").is_number_integer());
  CHECK(Call("States.Array(1, 2.5)")[0].is_number_integer());
  CHECK(Call("States.Array(1, 2.5)")[1].is_number_float());
}

TEST_CASE("path: intrinsic failures") {
  struct Row {
    const char* call;
    const char* cause;
  };
  for (const Row& row : std::vector<Row>{
           {"States.Format($.n)",
            "Invalid arguments in States.Format: argument 1 must be a string but is a number"},
           {"States.Format($.tmpl, 1)",
            "Invalid arguments in States.Format: the template has 2 placeholder(s) but 1 value(s) follow it"},
           {"States.StringToJson($.n)",
            "Invalid arguments in States.StringToJson: argument 1 must be a string but is a number"},
           {"States.StringToJson('{bad')",
            "Invalid arguments in States.StringToJson: the string is not valid JSON: {bad"},
           {"States.ArrayPartition($.s, 2)",
            "Invalid arguments in States.ArrayPartition: argument 1 must be an array but is a string"},
           {"States.ArrayPartition($.arr, $.zero)",
            "Invalid arguments in States.ArrayPartition: the chunk size must be a positive integer"},
           {"States.ArrayPartition($.arr, $.s)",
            "Invalid arguments in States.ArrayPartition: argument 2 must be a number but is a string"},
           {"States.ArrayContains($.obj, 1)",
            "Invalid arguments in States.ArrayContains: argument 1 must be an array but is an object"},
           {"States.ArrayRange(1, 9, $.zero)",
            "Invalid arguments in States.ArrayRange: the step must not be 0"},
           {"States.ArrayRange(0, 1000, 1)",
            "Invalid arguments in States.ArrayRange: the range would hold more than 1000 items"},
           {"States.ArrayRange(-9000000000000000000, 9000000000000000000, 1)",
            "Invalid arguments in States.ArrayRange: the range would hold more than 1000 items"},
           {"States.ArrayRange(9000000000000000000, -9000000000000000000, -1)",
            "Invalid arguments in States.ArrayRange: the range would hold more than 1000 items"},
           {"States.ArrayRange(1, $.s, 1)",
            "Invalid arguments in States.ArrayRange: argument 2 must be a number but is a string"},
           {"States.ArrayGetItem($.arr, 9)",
            "Invalid arguments in States.ArrayGetItem: the index 9 is out of bounds for an array of length "
            "9"},
           {"States.ArrayGetItem($.arr, $.neg)",
            "Invalid arguments in States.ArrayGetItem: the index -1 is out of bounds for an array of length "
            "9"},
           {"States.ArrayLength($.z)",
            "Invalid arguments in States.ArrayLength: argument 1 must be an array but is null"},
           {"States.ArrayUnique($.t)",
            "Invalid arguments in States.ArrayUnique: argument 1 must be an array but is a boolean"},
           {"States.Base64Encode($.n)",
            "Invalid arguments in States.Base64Encode: argument 1 must be a string but is a number"},
           {"States.Base64Decode('QUJDR')",
            "Invalid arguments in States.Base64Decode: the string is not valid Base64"},
           {"States.Hash($.s, $.sha3)",
            "Invalid arguments in States.Hash: the algorithm 'SHA-3' is not one of MD5, SHA-1, SHA-256, "
            "SHA-384, SHA-512"},
           {"States.Hash($.s, $.sha256)",
            "Invalid arguments in States.Hash: the algorithm 'sha-256' is not one of MD5, SHA-1, SHA-256, "
            "SHA-384, SHA-512"},
           {"States.JsonMerge($.obj, $.obj2, $.t)",
            "Invalid arguments in States.JsonMerge: deep merging is not supported; the third argument must "
            "be false"},
           {"States.JsonMerge($.obj, $.arr, false)",
            "Invalid arguments in States.JsonMerge: argument 2 must be an object but is an array"},
           {"States.JsonMerge($.obj, $.obj2, $.no)",
            "Invalid arguments in States.JsonMerge: argument 3 must be a boolean but is a string"},
           {"States.MathRandom(5, 5)",
            "Invalid arguments in States.MathRandom: the start must be less than the end"},
           {"States.MathAdd($.big, 1)",
            "Invalid arguments in States.MathAdd: the values must be between -2147483648 and 2147483647"},
           {"States.MathAdd($.s, 1)",
            "Invalid arguments in States.MathAdd: argument 1 must be a number but is a string"},
           {"States.StringSplit($.arr, ',')",
            "Invalid arguments in States.StringSplit: argument 1 must be a string but is an array"},
       }) {
    INFO(std::string(row.call));
    try {
      Call(row.call);
      FAIL("expected States.IntrinsicFailure");
    } catch (const StatesError& e) {
      CHECK(e.error == "States.IntrinsicFailure");
      CHECK(e.cause == row.cause);
    }
  }
}

TEST_CASE("path: intrinsic text limits are 10000 characters") {
  Json input = {{"ok", std::string(10000, 'a')},
                {"long", std::string(10001, 'a')},
                {"wide", std::string(5000, 'a') + "😀"}};
  CHECK(Call("States.Hash($.ok, 'MD5')", input).is_string());
  CHECK(Call("States.Base64Encode($.ok)", input).is_string());
  CHECK_THROWS_AS(Call("States.Hash($.long, 'MD5')", input), StatesError);
  CHECK_THROWS_AS(Call("States.Base64Encode($.long)", input), StatesError);
  CHECK_THROWS_AS(Call("States.Base64Decode($.long)", input), StatesError);
  CHECK(Call("States.Base64Encode($.wide)", input).is_string());
}

TEST_CASE("path: a missing path argument names the path") {
  try {
    Call("States.Format('{}', $.missing)");
    FAIL("expected PathNotFoundError");
  } catch (const PathNotFoundError& e) {
    CHECK(e.path == "$.missing");
    CHECK(e.detail == "No results for path: $['missing']");
  }
}

TEST_CASE("path: intrinsic arguments read the context object and variables") {
  Json input = Json::parse(R"({"a": 1})");
  Json context =
      Json::parse(R"({"StateMachine": {"Id": "arn:sm", "Name": "sm"}, "Execution": {"Name": "e1"}})");
  Json var = Json::parse(R"({"list": ["p", "q"]})");
  Env env;
  env.input = &input;
  env.context = &context;
  env.variable = [&](std::string_view name) -> const Json* { return name == "v" ? &var : nullptr; };
  CHECK(Intrinsic::Parse("States.Format('fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)")
            .Evaluate(env) == "fst=e1 and snd={Id=arn:sm, Name=sm}.");
  CHECK(Intrinsic::Parse("States.ArrayGetItem($v.list, 1)").Evaluate(env) == "q");
  CHECK(Intrinsic::Parse("States.ArrayLength($v.list[*])").Evaluate(env) == 2);
  CHECK(Intrinsic::Parse("States.Array($)").Evaluate(env) == Json::parse(R"([{"a": 1}])"));
  CHECK(Intrinsic::Parse("States.Array($['a'], $[ 'a' ])").Evaluate(env) == Json::parse("[1, 1]"));
}

TEST_CASE("path: States.MathRandom and States.UUID use the injected randomness") {
  uint64_t next = 0;
  Env env = MakeEnv();
  env.random = [&]() { return next++; };
  CHECK(Intrinsic::Parse("States.MathRandom(10, 20)").Evaluate(env) == 10);
  CHECK(Intrinsic::Parse("States.MathRandom(10, 20)").Evaluate(env) == 11);
  CHECK(Intrinsic::Parse("States.MathRandom(12.5, 44.51)").Evaluate(env) == 15);  // [13, 45)
  // With a seed, the numbers java.util.Random gives.
  CHECK(Intrinsic::Parse("States.MathRandom(0, 10, 42)").Evaluate(env) == 0);
  CHECK(Intrinsic::Parse("States.MathRandom(1, 1000, 1234)").Evaluate(env) == 543);
  CHECK(Intrinsic::Parse("States.MathRandom(0, 64, -7)").Evaluate(env) == 17);
  next = 0x0123456789abcdefULL;
  Json uuid = Intrinsic::Parse("States.UUID()").Evaluate(env);
  CHECK(uuid == "01234567-89ab-4def-8123-456789abcdf0");
  Env unseeded = MakeEnv();
  std::string random_uuid = Intrinsic::Parse("States.UUID()").Evaluate(unseeded).get<std::string>();
  CHECK(std::regex_match(random_uuid,
                         std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  Json r = Intrinsic::Parse("States.MathRandom(-99999, -9999)").Evaluate(unseeded);
  CHECK(r.get<int64_t>() >= -99999);
  CHECK(r.get<int64_t>() < -9999);
}

TEST_CASE("path: intrinsic parse errors carry the offset") {
  struct Row {
    const char* text;
    size_t offset;
    const char* message;
  };
  for (const Row& row : std::vector<Row>{
           {"States.Nope(1)", 0, "unknown intrinsic function 'States.Nope'"},
           {"States.Format", 13, "expected '(' after 'States.Format'"},
           {"States.ArrayLength()", 0, "'States.ArrayLength' takes 1 argument(s) but 0 were given"},
           {"States.MathAdd(1, 2, 3)", 0, "'States.MathAdd' takes 2 argument(s) but 3 were given"},
           {"States.MathRandom(1)", 0, "'States.MathRandom' takes 2 to 3 argument(s) but 1 was given"},
           {"States.Format()", 0, "'States.Format' takes at least 1 argument(s) but 0 were given"},
           {"States.UUID(1)", 0, "'States.UUID' takes 0 argument(s) but 1 was given"},
           {"States.Format('{} {}', 1)", 0,
            "the template of 'States.Format' has 2 placeholder(s) but 1 value(s) follow it"},
           {"States.Format(1)", 0, "the first argument of 'States.Format' must be a string"},
           {"x States.Format('a')", 0, "unknown intrinsic function 'x'"},
           {"States.Format('a') x", 19, "unexpected text after the call"},
           {"States.Format('a", 14, "unterminated string"},
           {"States.Format('a\\n')", 16, "unknown escape sequence; use \\', \\{, \\} or \\\\"},
           {"States.Array(1 2)", 15, "expected ',' or ')'"},
           {"States.Array(1,", 15, "expected an argument"},
           {"States.Array(1", 14, "missing ')'"},
           {"States.Array(foo)", 13, "unknown argument 'foo'"},
           {"States.Array($.a[)", 17,
            "expected a quoted name, an index, a slice, '*' or '?(' inside brackets"},
           {"States.Array($.a b)", 16, "unexpected character ' '"},
           {"States.Array(1.2.3)", 13, "invalid number '1.2.3'"},
           {"States.Array($.a[?(@.b == 'x')] 1)", 31, "unexpected character ' '"},
           {"States.Array($[(@.length-1)", 27, "expected ']' after the script"},
           {"States.Array($[(@.length-1", 15, "missing ')' to close the script"},
           // Literal arguments of the wrong type or out of the range the function takes.
           {"States.MathAdd(1,'-1')", 17, "argument 2 of 'States.MathAdd' must be a number but is a string"},
           {"States.MathAdd('-1', 'abc')", 15,
            "argument 1 of 'States.MathAdd' must be a number but is a string"},
           {"States.MathAdd(true, 1)", 15,
            "argument 1 of 'States.MathAdd' must be a number but is a boolean"},
           {"States.MathAdd(2147483648, 1)", 15,
            "invalid argument 1 of 'States.MathAdd': the value must be between -2147483648 and 2147483647"},
           {"States.MathRandom(1, null)", 21,
            "argument 2 of 'States.MathRandom' must be a number but is null"},
           {"States.ArrayRange(1, '9', 1)", 21,
            "argument 2 of 'States.ArrayRange' must be a number but is a string"},
           {"States.ArrayRange(1, 9, 0.4)", 24,
            "invalid argument 3 of 'States.ArrayRange': the step must not be 0"},
           {"States.StringSplit($.s, 1)", 24,
            "argument 2 of 'States.StringSplit' must be a string but is a number"},
           {"States.StringSplit(false, ',')", 19,
            "argument 1 of 'States.StringSplit' must be a string but is a boolean"},
           {"States.Base64Encode(12)", 20,
            "argument 1 of 'States.Base64Encode' must be a string but is a number"},
           {"States.Base64Decode(null)", 20,
            "argument 1 of 'States.Base64Decode' must be a string but is null"},
           {"States.StringToJson(1)", 20,
            "argument 1 of 'States.StringToJson' must be a string but is a number"},
           {"States.Hash($.s, 256)", 17, "argument 2 of 'States.Hash' must be a string but is a number"},
           {"States.Hash($.s, 'SHA-3')", 17,
            "invalid argument 2 of 'States.Hash': the algorithm 'SHA-3' is not one of MD5, SHA-1, SHA-256, "
            "SHA-384, SHA-512"},
           {"States.ArrayPartition($.a, 0)", 27,
            "invalid argument 2 of 'States.ArrayPartition': the chunk size must be a positive integer"},
           {"States.ArrayPartition($.a, -2)", 27,
            "invalid argument 2 of 'States.ArrayPartition': the chunk size must be a positive integer"},
           {"States.ArrayPartition($.a, 'x')", 27,
            "argument 2 of 'States.ArrayPartition' must be a number but is a string"},
           {"States.ArrayPartition('abc', 2)", 22,
            "argument 1 of 'States.ArrayPartition' must be an array but is a string"},
           {"States.ArrayGetItem($.a, -1)", 25,
            "invalid argument 2 of 'States.ArrayGetItem': the index must not be negative"},
           {"States.ArrayLength('abc')", 19,
            "argument 1 of 'States.ArrayLength' must be an array but is a string"},
           {"States.ArrayUnique(1)", 19,
            "argument 1 of 'States.ArrayUnique' must be an array but is a number"},
           {"States.ArrayContains(null, 1)", 21,
            "argument 1 of 'States.ArrayContains' must be an array but is null"},
           {"States.JsonMerge($.a, 'b', false)", 22,
            "argument 2 of 'States.JsonMerge' must be an object but is a string"},
           {"States.JsonMerge($.a, $.b, 'false')", 27,
            "argument 3 of 'States.JsonMerge' must be a boolean but is a string"},
           {"States.JsonMerge($.a, $.b, true)", 27,
            "invalid argument 3 of 'States.JsonMerge': deep merging is not supported; the third argument "
            "must be "
            "false"},
           {"States.Format('{}', States.MathAdd(1, 'x'))", 38,
            "argument 2 of 'States.MathAdd' must be a number but is a string"},
       }) {
    INFO(std::string(row.text));
    std::optional<ParseError> error = CheckIntrinsic(row.text);
    REQUIRE(error.has_value());
    CHECK(error->offset == row.offset);
    CHECK(error->message == row.message);
  }
  CHECK_FALSE(CheckIntrinsic("States.Format('{}', States.Array(1, $.a[?(@.b == 'x,y')]))").has_value());
}

TEST_CASE("path: intrinsic path arguments take the full JSONPath syntax") {
  for (const char* text : {
           "States.ArrayGetItem($.DescribeRecord.RecordOutputs[?(@.OutputKey == FooBar)].OutputValue, 0)",
           "States.Array($.a[?(@.b == 'x,y)')], 1)",
           "States.Array($.a[?(@.b == \"x)(y\")])",
           "States.Array($['a,b'], $[\"c)d\"])",
           "States.Array($.a[?(@.b =~ /a\\/b(,|\\))/i)])",
           "States.Array($.a[?(@.b in ['x', 'y'] && (@.c > 1 || @.d))])",
           "States.Array($[(@.length-1)].bar , $.a.length())",
           "States.Array($.a[?(@.b == 'it\\'s, ok')])",
           "States.Array($..x[1:3], $.y[*], $$.Execution.Id, $v[0])",
           "States.MathAdd(States.ArrayLength($$.Execution.Input.machines),-1)",
           "States.MathAdd(1, -1)",
           "States.MathAdd(1.5, $.n)",
           "States.Hash('data', 'SHA-256')",
           "States.JsonMerge($.a, $.b, false)",
           "States.ArrayPartition($.a, 0.5)",
       }) {
    INFO(std::string(text));
    std::optional<ParseError> error = CheckIntrinsic(text);
    CHECK_FALSE(error.has_value());
    if (error) MESSAGE(error->offset << ": " << error->message);
  }
  Json input = Json::parse(
      R"json({"a": [{"b": "x,y)"}, {"b": "z"}], "c)d": 2, "a,b": 1, "list": [1, 2, {"bar": 3}]})json");
  CHECK(Call("States.Array($.a[?(@.b == 'x,y)')].b, 1)", input) == Json::parse(R"json([["x,y)"], 1])json"));
  CHECK(Call("States.Array($['a,b'], $[\"c)d\"])", input) == Json::parse("[1, 2]"));
  CHECK(Call("States.Array($.list[(@.length-1)].bar)", input) == Json::parse("[3]"));
}

TEST_CASE("path: a bare word in a filter parses but fails when the call runs, as Jayway cannot compile it") {
  Json input =
      Json::parse(R"({"DescribeRecord": {"RecordOutputs": [{"OutputKey": "FooBar", "OutputValue": 1}]}})");
  const char* text =
      "States.ArrayGetItem($.DescribeRecord.RecordOutputs[?(@.OutputKey == FooBar)].OutputValue, 0)";
  try {
    Call(text, input);
    FAIL("expected States.Runtime");
  } catch (const StatesError& e) {
    CHECK(e.error == "States.Runtime");
    CHECK(e.cause ==
          "Invalid path '$.DescribeRecord.RecordOutputs[?(@.OutputKey == FooBar)].OutputValue' : Failed to "
          "parse "
          "filter: the bare word 'FooBar' is not a value; quote it as a string");
  }
  CHECK(Call("States.ArrayGetItem($.DescribeRecord.RecordOutputs[?(@.OutputKey == 'FooBar')].OutputValue, 0)",
             input) == 1);
  // Outside intrinsic calls a bare word stays a syntax error, as in Jayway.
  CHECK_THROWS_AS(JsonPath::Parse("$.a[?(@.k == FooBar)]"), ParseError);
}

TEST_CASE("path: intrinsic calls nest at most 10 deep") {
  std::string call = "1";
  for (int i = 0; i < 10; ++i) call = "States.Array(" + call + ")";
  CHECK_FALSE(CheckIntrinsic(call).has_value());
  std::string deeper = "States.Array(" + call + ")";
  std::optional<ParseError> error = CheckIntrinsic(deeper);
  REQUIRE(error.has_value());
  CHECK(error->message == "intrinsic functions can be nested at most 10 deep");
  std::string huge = std::string(100000, '(');
  CHECK(CheckIntrinsic("States.Array" + huge).has_value());
}

TEST_CASE("path: the list of known intrinsic functions") {
  std::vector<IntrinsicSignature> known = KnownIntrinsics();
  REQUIRE(known.size() == 18);
  CHECK(known[0].name == "States.Format");
  CHECK(known[0].min_args == 1);
  CHECK_FALSE(known[0].max_args.has_value());
  for (const IntrinsicSignature& sig : known) {
    if (sig.name == "States.MathRandom") {
      CHECK(sig.min_args == 2);
      CHECK(sig.max_args == 3u);
    }
    if (sig.name == "States.UUID") CHECK(sig.max_args == 0u);
  }
  CHECK(LooksLikeIntrinsic("  States.UUID()"));
  CHECK_FALSE(LooksLikeIntrinsic("$.States"));
}

TEST_CASE("path: Java renders numbers and collections") {
  struct Row {
    double value;
    const char* text;
  };
  for (const Row& row : std::vector<Row>{{1.1, "1.1"},
                                         {42.0, "42.0"},
                                         {1e7, "1.0E7"},
                                         {1.5e-4, "1.5E-4"},
                                         {0.001, "0.001"},
                                         {123456.789, "123456.789"},
                                         {1e21, "1.0E21"},
                                         {-2.5, "-2.5"},
                                         {9999999.0, "9999999.0"},
                                         {100.0, "100.0"}}) {
    CHECK(JavaDoubleText(row.value) == row.text);
  }
  CHECK(JavaText(Json::parse(R"({"a": [1, "x", null, {"b": true}], "c": 2.0})")) ==
        "{a=[1, x, null, {b=true}], c=2.0}");
  CHECK(JavaCompare("a", "b") < 0);
  CHECK(JavaCompare("\xF0\x9F\x98\x80", "\xEF\xBF\xBF") < 0);  // UTF-16 order, not code point order
}

}  // namespace
}  // namespace sfn::path
