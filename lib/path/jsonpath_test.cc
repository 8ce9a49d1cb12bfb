#include "path/jsonpath.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "path/json_equal.h"
#include "path/messages.h"

namespace sfn::path {
namespace {

const Json kStore = Json::parse(R"({
  "store": {
    "book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99, "tags": ["war", "satire"]},
      {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
      {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord", "isbn": "0-395", "price": 22.99}
    ],
    "bicycle": {"color": "red", "price": 19.95}
  },
  "expensive": 10,
  "key with space": 1,
  "nums": [1, 2, 3, 4, 5],
  "empty": [],
  "nothing": null,
  "text": "hello"
})");

// The answer of a path on a document, or "NOT_FOUND" when a definite path designates nothing.
Json Run(const std::string& text, const Json& doc = kStore) {
  Env env;
  env.input = &doc;
  std::optional<Selection> found = JsonPath::Parse(text).Select(env);
  if (!found) return "NOT_FOUND";
  return found->value();
}

struct Case {
  const char* path;
  const char* expected;  // JSON text
};

void RunTable(const std::vector<Case>& cases, const Json& doc = kStore) {
  for (const Case& c : cases) {
    INFO("path: " << std::string(c.path));
    Json actual = Run(c.path, doc);
    Json expected = Json::parse(c.expected);
    INFO("got: " << actual.dump());
    CHECK(JsonEqual(actual, expected));
  }
}

TEST_CASE("path: names in dot and bracket notation") {
  RunTable(
      {
          {"$", R"(null)"},
      },
      Json());
  RunTable({
      {"$.expensive", "10"},
      {"$['expensive']", "10"},
      {"$[\"expensive\"]", "10"},
      {"$.store.bicycle.color", R"("red")"},
      {"$['store']['bicycle']['color']", R"("red")"},
      {"$.store.['bicycle'].color", R"("red")"},
      {"$['key with space']", "1"},
      {"$[ 'key with space' ]", "1"},
      {"$.nothing", "null"},
      {"$.missing", R"("NOT_FOUND")"},
      {"$.store.missing.deeper", R"("NOT_FOUND")"},
      {"$.text.length", R"("NOT_FOUND")"},
      {"$.nums.x", R"("NOT_FOUND")"},
      {"$.store.bicycle['color','price']", R"({"color": "red", "price": 19.95})"},
      {"$.store.bicycle['color','missing']", R"({"color": "red"})"},
      {"$['store']['book'][0]['author']", R"("Nigel Rees")"},
  });
  RunTable(
      {
          {"$.key-dash", R"("dash")"},
          {"$['a.b']", "1"},
          {"$.a\\.b", R"("NOT_FOUND")"},
          {"$['quote\\'s']", "2"},
          {"$['back\\\\slash']", "3"},
          {"$.$", "4"},
          {"$.屬性", "5"},
          {"$['']", "6"},
      },
      Json::parse(
          R"({"key-dash": "dash", "a.b": 1, "quote's": 2, "back\\slash": 3, "$": 4, "屬性": 5, "": 6})"));
}

TEST_CASE("path: indexes, negative indexes and unions") {
  RunTable({
      {"$.nums[0]", "1"},
      {"$.nums[4]", "5"},
      {"$.nums[5]", R"("NOT_FOUND")"},
      {"$.nums[-1]", "5"},
      {"$.nums[-5]", "1"},
      {"$.nums[-6]", R"("NOT_FOUND")"},
      {"$.empty[0]", R"("NOT_FOUND")"},
      {"$.nums[0,2]", "[1, 3]"},
      {"$.nums[4,1]", "[5, 2]"},
      {"$.nums[0,0]", "[1, 1]"},
      {"$.nums[ 0 , 1 ]", "[1, 2]"},
      {"$.nums[0,9]", "[1]"},
      {"$.store.bicycle[0]", R"("NOT_FOUND")"},
      {"$.store.book[1].tags[1]", R"("satire")"},
  });
}

TEST_CASE("path: slices follow Jayway") {
  RunTable({
      {"$.nums[1:3]", "[2, 3]"},
      {"$.nums[1:]", "[2, 3, 4, 5]"},
      {"$.nums[:2]", "[1, 2]"},
      {"$.nums[-2:]", "[4, 5]"},
      {"$.nums[:-2]", "[1, 2, 3]"},
      {"$.nums[-9:]", "[1, 2, 3, 4, 5]"},
      {"$.nums[3:1]", "[]"},
      {"$.nums[7:9]", "[]"},
      {"$.nums[1:99]", "[2, 3, 4, 5]"},
      {"$.nums[0:4:2]", "[1, 2, 3, 4]"},  // Jayway ignores the step
      {"$.nums[1:3:]", "[2, 3]"},
      {"$.nums[-3:1]", "[3, 4, 5, 1]"},  // Jayway counts from -3 up to 1, wrapping each index
      {"$.nums[-2:-1]", "[4]"},
      {"$.empty[0:2]", "[]"},
      {"$.text[0:2]", "[]"},
      {"$.missing[0:2]", "[]"},
  });
}

TEST_CASE("path: wildcards") {
  RunTable({
      {"$.nums[*]", "[1, 2, 3, 4, 5]"},
      {"$.nums.*", "[1, 2, 3, 4, 5]"},
      {"$.store.bicycle.*", R"(["red", 19.95])"},
      {"$.store.bicycle[*]", R"(["red", 19.95])"},
      {"$.store.book[*].author", R"(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"])"},
      {"$.store.book[*].isbn", R"(["0-553", "0-395"])"},
      {"$.empty[*]", "[]"},
      {"$.text.*", "[]"},
      {"$.store.book[*].tags[*]", R"(["war", "satire"])"},
      {"$.missing[*]", "[]"},
      {"$.missing.deeper[*].x", "[]"},
  });
}

TEST_CASE("path: deep scan") {
  RunTable({
      {"$..price", "[8.95, 12.99, 8.99, 22.99, 19.95]"},
      {"$.store..price", "[8.95, 12.99, 8.99, 22.99, 19.95]"},
      {"$..book[2].title", R"(["Moby Dick"])"},
      {"$..book[-1:].title", R"(["The Lord"])"},
      {"$..isbn", R"(["0-553", "0-395"])"},
      {"$..tags[*]", R"(["war", "satire"])"},
      {"$..[?(@.price > 20)].title", R"(["The Lord"])"},
      {"$..nope", "[]"},
      {"$..bicycle['color','price']", R"([{"color": "red", "price": 19.95}])"},
  });
  RunTable({{"$..*", "[[0], [1], 0, 1]"}}, Json::parse("[[0], [1]]"));
  RunTable({{"$..a", "[1, {\"a\": 2}, 2]"}}, Json::parse(R"({"a": 1, "b": {"a": {"a": 2}}})"));
}

TEST_CASE("path: filter comparisons") {
  RunTable({
      {"$.store.book[?(@.price < 10)].title", R"(["Sayings", "Moby Dick"])"},
      {"$.store.book[?(@.price <= 8.99)].title", R"(["Sayings", "Moby Dick"])"},
      {"$.store.book[?(@.price > 12.99)].title", R"(["The Lord"])"},
      {"$.store.book[?(@.price >= 12.99)].title", R"(["Sword", "The Lord"])"},
      {"$.store.book[?(@.category == 'reference')].author", R"(["Nigel Rees"])"},
      {"$.store.book[?(@.category == \"reference\")].author", R"(["Nigel Rees"])"},
      {"$.store.book[?(@.category != 'fiction')].title", R"(["Sayings"])"},
      {"$.store.book[?(@.isbn)].title", R"(["Moby Dick", "The Lord"])"},
      {"$.store.book[?(!@.isbn)].title", R"(["Sayings", "Sword"])"},
      {"$.store.book[?(@.price < $.expensive)].title", R"(["Sayings", "Moby Dick"])"},
      {"$.store.book[?(@.author =~ /.*Rees/)].title", R"(["Sayings"])"},
      {"$.store.book[?(@.author =~ /nigel.*/i)].title", R"(["Sayings"])"},
      {"$.store.book[?(@.author =~ /Nigel/)].title", "[]"},
      {"$.store.book[?(@.category in ['reference', 'poetry'])].title", R"(["Sayings"])"},
      {"$.store.book[?(@.category nin ['fiction'])].title", R"(["Sayings"])"},
      {"$.store.book[?(@.tags subsetof ['war', 'satire', 'x'])].title", R"(["Sword"])"},
      {"$.store.book[?(@.tags anyof ['war'])].title", R"(["Sword"])"},
      {"$.store.book[?(@.tags noneof ['peace'])].title", R"(["Sword"])"},
      {"$.store.book[?(@.tags size 2)].title", R"(["Sword"])"},
      {"$.store.book[?(@.title size 5)].title", R"(["Sword"])"},
      {"$.store.book[?(@.tags empty false)].title", R"(["Sword"])"},
      {"$.store.book[?(@.tags contains 'war')].title", R"(["Sword"])"},
      {"$.store.book[?(@.title contains 'Dick')].title", R"(["Moby Dick"])"},
      {"$.store.book[?(@.price > 8.95 && @.price < 20)].title", R"(["Sword", "Moby Dick"])"},
      {"$.store.book[?(@.price < 9 || @.category == 'x')].title", R"(["Sayings", "Moby Dick"])"},
      {"$.store.book[?(!(@.price < 9))].title", R"(["Sword", "The Lord"])"},
      {"$.store.book[?((@.price < 9 || @.price > 20) && @.isbn)].title", R"(["Moby Dick", "The Lord"])"},
      // An existence test fails on a missing property anywhere in its path (REQUIRE_PROPERTIES).
      {"$.store.book[?(@.tags[?(@ == 'war')])].title", R"(["Sword"])"},
      {"$.store.book[?(@..x)].title", R"(["Sayings", "Sword", "Moby Dick", "The Lord"])"},
      {"$.store.book[?(@.tags[0] == 'war')].title", R"(["Sword"])"},
      {"$.nums[?(@ > 3)]", "[4, 5]"},
      {"$.nums[?(@ === 3)]", "[3]"},
      {"$.nums[?(1 == 1)]", "[1, 2, 3, 4, 5]"},
      {"$.store.bicycle[?(@.color == 'red')].price", "[19.95]"},
      {"$.text[?(@ == 'hello')]", "[]"},
  });
}

TEST_CASE("path: filter value semantics follow Jayway") {
  Json doc = Json::parse(R"([
    {"k": 42}, {"k": "42"}, {"k": 42.0}, {"k": null}, {"k": true}, {"k": [1, 2]}, {"k": {"a": 1}}, {}, {"k": "010"}
  ])");
  RunTable(
      {
          {"$[?(@.k == 42)]", R"([{"k": 42}, {"k": "42"}, {"k": 42.0}])"},
          {"$[?(@.k == '42')]", R"([{"k": 42}, {"k": "42"}, {"k": 42.0}])"},
          {"$[?(@.k === 42)]", R"([{"k": 42}, {"k": 42.0}])"},
          {"$[?(@.k != 42)]",
           R"([{"k": null}, {"k": true}, {"k": [1, 2]}, {"k": {"a": 1}}, {}, {"k": "010"}])"},
          {"$[?(@.k == null)]", R"([{"k": null}])"},
          {"$[?(@.k == true)]", R"([{"k": true}])"},
          {"$[?(@.k == [1, 2])]", R"([{"k": [1, 2]}])"},
          {"$[?(@.k == {'a': 1})]", R"([{"k": {"a": 1}}])"},
          {"$[?(@.k > 41)]", R"([{"k": 42}, {"k": 42.0}])"},
          {"$[?(@.k > '0')]", R"([{"k": "42"}, {"k": "010"}])"},
          {"$[?(@.k)]",
           R"([{"k": 42}, {"k": "42"}, {"k": 42.0}, {"k": null}, {"k": true}, {"k": [1, 2]}, {"k": {"a": 1}}, {"k": "010"}])"},
          {"$[?(@.k == 010)]", R"([])"},
          {"$[?(@.k =~ /4.*/)]", R"([{"k": 42}, {"k": "42"}, {"k": 42.0}])"},
          {"$[?(@.k in [42])]", R"([{"k": 42}, {"k": "42"}, {"k": 42.0}])"},
          {"$[?(@.k empty false)]", R"([{"k": "42"}, {"k": [1, 2]}, {"k": {"a": 1}}, {"k": "010"}])"},
          {"$[?(@.k size 3)]", R"([{"k": "010"}])"},
          {"$[?(@.k size 1e300)]", "[]"},
          {"$[?(@.k size -1e400)]", "[]"},
          {"$[?(@.x == @.y)]", R"([])"},
      },
      doc);
}

TEST_CASE("path: a filter on an object tests the object itself") {
  Json doc = Json::parse(R"({"id": 2, "child": {"id": 3}})");
  RunTable(
      {
          {"$[?(@.id == 2)]", R"([{"id": 2, "child": {"id": 3}}])"},
          {"$[?(@.id == 3)]", "[]"},
          {"$.child[?(@.id == 3)].id", "[3]"},
      },
      doc);
}

TEST_CASE("path: the script index '[(@.length-N)]' counts from the end of an array") {
  RunTable({
      {"$.nums[(@.length-1)]", "5"},
      {"$.nums[( @.length - 2 )]", "4"},
      {"$.nums[(@.length-5)]", "1"},
      {"$.nums[(@.length-6)]", R"("NOT_FOUND")"},
      {"$.nums[(@.length)]", R"("NOT_FOUND")"},
      {"$.nums[(@.length+1)]", R"("NOT_FOUND")"},
      {"$.nums[(@.foo)]", R"("NOT_FOUND")"},
      {"$.nums[(@.length-99999999999)]", R"("NOT_FOUND")"},
      {"$.empty[(@.length-1)]", R"("NOT_FOUND")"},
      {"$.store[(@.length-1)]", R"("NOT_FOUND")"},
      {"$.store.book[(@.length-1)].title", R"("The Lord")"},
      {"$.store.book[*].tags[(@.length-1)]", R"(["satire"])"},
      {"$..tags[(@.length-2)]", R"(["war"])"},
      {"$.nums[('(x)')]", R"("NOT_FOUND")"},
  });
  RunTable({{"$[(@.length-1)].bar", "2"}}, Json::parse(R"([{"bar": 1}, {"bar": 2}])"));
  CHECK(JsonPath::Parse("$[(@.length-1)].bar").IsDefinite());
  CHECK_FALSE(JsonPath::Parse("$[(@.length-1)]").IsSingleNode());
  CHECK(JsonPath::Parse("$.a[( @.length-1 )]").Normalized() == "$['a'][( @.length-1 )]");
}

TEST_CASE("path: definite and indefinite paths") {
  struct Row {
    const char* path;
    bool definite;
  };
  for (const Row& row : std::vector<Row>{
           {"$", true},
           {"$.a.b", true},
           {"$['a'][0]", true},
           {"$[-1]", true},
           {"$['a','b']", true},
           {"$['a','b'].c", false},
           {"$[0,1]", false},
           {"$[1:2]", false},
           {"$.*", false},
           {"$[*]", false},
           {"$..a", false},
           {"$.a[?(@.b)]", false},
           {"$$.Execution.Id", true},
           {"$var.a[0]", true},
           {"$var[*]", false},
       }) {
    INFO(std::string(row.path));
    CHECK(JsonPath::Parse(row.path).IsDefinite() == row.definite);
  }
}

TEST_CASE("path: normalized form") {
  struct Row {
    const char* path;
    const char* normalized;
  };
  for (const Row& row : std::vector<Row>{
           {"$", "$"},
           {"$.a.b", "$['a']['b']"},
           {"$['a','b']", "$['a','b']"},
           {"$.a[0][-1]", "$['a'][0][-1]"},
           {"$.a[1:3]", "$['a'][1:3]"},
           {"$.a[:3]", "$['a'][:3]"},
           {"$.a[1:]", "$['a'][1:]"},
           {"$.a.*", "$['a'][*]"},
           {"$..a", "$..['a']"},
           {"$.a[?(@.b > 1)]", "$['a'][?(@.b > 1)]"},
           {"$$.Execution.Id", "$['Execution']['Id']"},
       }) {
    CHECK(JsonPath::Parse(row.path).Normalized() == row.normalized);
  }
}

TEST_CASE("path: what a definite path reports when it finds nothing") {
  struct Row {
    const char* path;
    const char* detail;
  };
  Json doc = Json::parse(R"({"a": "text", "b": {"c": 1}, "n": null, "list": [1]})");
  Env env;
  env.input = &doc;
  for (const Row& row : std::vector<Row>{
           {"$.x", "No results for path: $['x']"},
           {"$.b.x", "No results for path: $['b']['x']"},
           {"$.x.y", "Missing property in path $['x']"},
           {"$.b.x.y", "Missing property in path $['b']['x']"},
           {"$.a.b",
            "Expected to find an object with property ['b'] in path $['a'] but found 'java.lang.String'. "
            "This is not "
            "a json object according to the JsonProvider: "
            "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'."},
           {"$.list[3]", "No results for path: $['list'][3]"},
           {"$.a[0]", "Filter: [0] can only be applied to arrays. Current context is: text"},
           {"$.n[0]", "The path $['n'] is null"},
           {"$.list.length()", "No results for path: $['list'].length()"},
       }) {
    INFO(std::string(row.path));
    std::string detail;
    CHECK_FALSE(JsonPath::Parse(row.path).Select(env, &detail).has_value());
    CHECK(detail == row.detail);
  }
  try {
    JsonPath::Parse("$.x").Evaluate(env);
    FAIL("expected PathNotFoundError");
  } catch (const PathNotFoundError& e) {
    CHECK(e.path == "$.x");
    CHECK(e.detail == "No results for path: $['x']");
  }
}

TEST_CASE("path: roots for the context object and variables") {
  Json input = Json::parse(R"({"a": 1})");
  Json context =
      Json::parse(R"({"Execution": {"Id": "arn:x", "Input": {"k": [1, 2]}}, "Map": {"Item": {"Value": 7}}})");
  Json item = Json::parse(R"({"field": [10, 20], "n": 3})");
  Env env;
  env.input = &input;
  env.context = &context;
  env.variable = [&](std::string_view name) -> const Json* { return name == "item" ? &item : nullptr; };
  CHECK(JsonPath::Parse("$$.Execution.Id").Evaluate(env) == "arn:x");
  CHECK(JsonPath::Parse("$$.Map.Item.Value").Evaluate(env) == 7);
  CHECK(JsonPath::Parse("$$").Evaluate(env) == context);
  CHECK(JsonPath::Parse("$$.Execution.Input.k[*]").Evaluate(env) == Json::parse("[1, 2]"));
  CHECK(JsonPath::Parse("$item.field[1]").Evaluate(env) == 20);
  CHECK(JsonPath::Parse("$item").Evaluate(env) == item);
  CHECK(JsonPath::Parse("$item.field[?(@ > $.n)]").Evaluate(env) == Json::parse("[10, 20]"));
  CHECK(JsonPath::Parse("$.a").Evaluate(env) == 1);
  JsonPath unknown = JsonPath::Parse("$other.x");
  CHECK(unknown.root() == PathRoot::kVariable);
  CHECK(unknown.variable() == "other");
  std::string detail;
  CHECK_FALSE(unknown.Select(env, &detail).has_value());
  CHECK(detail == "The variable '$other' is not defined");
  CHECK(JsonPath::Parse("$$.x").root() == PathRoot::kContext);
}

TEST_CASE("path: a definite result points into the document") {
  Json doc = Json::parse(R"({"a": {"b": [1, 2]}})");
  Env env;
  env.input = &doc;
  std::optional<Selection> found = JsonPath::Parse("$.a.b").Select(env);
  REQUIRE(found.has_value());
  CHECK(found->node == &doc["a"]["b"]);
}

TEST_CASE("path: parse errors carry the offset") {
  struct Row {
    const char* text;
    size_t offset;
    const char* message;
  };
  for (const Row& row : std::vector<Row>{
           {"", 0, "a path must not be empty"},
           {"a.b", 0, "a path must start with '$'"},
           {"$.", 2, "expected a name, '*' or '[' after '.'"},
           {"$. a", 2, "expected a name, '*' or '[' after '.'"},
           {"$..", 3, "'..' must be followed by a name, '*' or '['"},
           {"$...a", 3, "'..' must be followed by a name, '*' or '['"},
           {"$.a b", 3, "unexpected character ' '"},
           {"$[]", 2, "expected a quoted name, an index, a slice, '*' or '?(' inside brackets"},
           {"$[a]", 2, "expected a quoted name, an index, a slice, '*' or '?(' inside brackets"},
           {"$['a'", 5, "expected ']' after the name"},
           {"$['a", 2, "unterminated string"},
           {"$['a'.'b']", 5, "expected ']' after the name"},
           {"$[1:2,3]", 2, "a slice cannot be part of a union"},
           {"$[:]", 2, "a slice needs a start or an end"},
           {"$[::2]", 2, "a slice needs a start or an end"},
           {"$[99999999999]", 2, "index out of range"},
           {"$[?()]", 4, "a filter must not be empty"},
           {"$[?(@.a = 1)]", 8, "unknown operator '='"},
           {"$[?(@.a foo 1)]", 8, "unknown operator 'foo'"},
           {"$[?(true)]", 4, "a literal on its own is not a filter condition"},
           {"$[?(@.a == )]", 11, "expected a value"},
           {"$[?(@.a =~ /(/)]", 13, "invalid regular expression: missing closing parenthesis"},
           {"$[?(@.a == 1]", 12, "expected ')' to close the filter"},
           {"$[?(@.a == 1)", 13, "expected ']' after the filter"},
           {"$.a()x", 5, "unexpected character 'x'"},
           {"$[(@.length-1]", 2, "missing ')' to close the script"},
           {"$[( )]", 2, "a script must not be empty"},
           {"$[(@.length-1)", 14, "expected ']' after the script"},
           {"$[?(@.k == FooBar)]", 11, "expected a value"},
       }) {
    INFO(std::string(row.text));
    try {
      JsonPath::Parse(row.text);
      FAIL("expected a parse error");
    } catch (const ParseError& e) {
      CHECK(e.offset == row.offset);
      CHECK(e.message == row.message);
    }
  }
}

TEST_CASE("path: deeply nested data and filters stay within limits") {
  Json deep = Json::array();
  Json* current = &deep;
  for (int i = 0; i < 100000; ++i) {
    current->push_back(Json::object({{"x", i}}));
    (*current)[0]["next"] = Json::array();
    current = &(*current)[0]["next"];
  }
  Env env;
  env.input = &deep;
  Json found = JsonPath::Parse("$..x").Evaluate(env);
  CHECK(found.size() == 100000);
  CHECK(JsonEqual(deep, deep));
  std::string nested = "$";
  for (int i = 0; i < 20; ++i) nested += "[?(@";
  CHECK_THROWS_AS(JsonPath::Parse(nested), ParseError);
  std::string long_path = "$";
  for (int i = 0; i < 1024; ++i) long_path += ".a";
  CHECK(JsonPath::Parse(long_path).IsDefinite());
  long_path += ".a";
  CHECK_THROWS_WITH(JsonPath::Parse(long_path), "a path has at most 1024 steps");
  CHECK_THROWS_WITH(JsonPath::Parse("$[?(" + std::string(1000, '(') + "@.a" + std::string(1000, ')') + ")]"),
                    "the filter expression is nested too deeply");
  CHECK_THROWS_WITH(JsonPath::Parse("$[?(" + std::string(100000, '!') + "(@.a))]"),
                    "the filter expression is nested too deeply");
}

TEST_CASE("path: an evaluation that visits too many nodes gives up") {
  Json big = Json::object();
  Json* current = &big;
  for (int i = 0; i < 3300; ++i) {
    (*current)["a"] = Json::object();
    current = &(*current)["a"];
  }
  (*current)["x"] = 1;
  Env env;
  env.input = &big;
  std::string detail;
  CHECK_FALSE(JsonPath::Parse("$..[?(@..x)]").Select(env, &detail).has_value());
  CHECK(detail == "The path $..[?(@..x)] visits more than 5000000 nodes");
  CHECK(JsonPath::Parse("$..x").Evaluate(env) == Json::parse("[1]"));
}

}  // namespace
}  // namespace sfn::path

namespace sfn::path {
namespace {

TEST_CASE("path: AWS cause texts for paths that fail") {
  Json input = Json::parse(R"({"a": 1, "s": "x\"y"})");
  CHECK(
      FieldNotFoundCause("$.x", "value.$", input) ==
      R"(The JSONPath '$.x' specified for the field 'value.$' could not be found in the input '{"a":1,"s":"x\"y"}')");
  CHECK(FieldNotFoundCause("$.ErrorX", "ErrorPath", input)
            .rfind("The JSONPath '$.ErrorX' specified for the field 'ErrorPath'", 0) == 0);
  CHECK(InvalidPathCause("$.NoSuchInputPath", "No results for path: $['NoSuchInputPath']") ==
        "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']");
  CHECK(ResultPathCause("$.a.b", input) ==
        R"(Unable to apply ReferencePath $.a.b to input {"a":1,"s":"x\"y"})");
}

}  // namespace
}  // namespace sfn::path
