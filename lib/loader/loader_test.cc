#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "loader/document.h"

using sfn::Json;
using namespace sfn::loader;

namespace {

LoadResult Load(const std::string& name, const std::string& text) { return LoadText(name, text); }


}  // namespace

TEST_CASE("loader: JSON values and positions") {
  auto r = Load("a.json", "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}\n}\n");
  REQUIRE(r.document);
  const Document& doc = *r.document;
  CHECK(doc.Root()["StartAt"] == "A");
  CHECK(doc.Root()["States"]["A"]["End"] == true);
  auto loc = doc.Locate("/StartAt");
  CHECK(loc.line == 2);
  CHECK(loc.column == 14);
  auto key = doc.Locate("/StartAt", true);
  CHECK(key.line == 2);
  CHECK(key.column == 3);
  auto type = doc.Locate("/States/A/Type");
  CHECK(type.line == 3);
  CHECK(type.column == 28);
  // Unknown pointers fall back to the nearest ancestor.
  auto missing = doc.Locate("/States/A/Nope");
  CHECK(missing.line == 3);
  CHECK(missing.column == 19);
}

TEST_CASE("loader: member order is kept") {
  auto r = Load("a.json", R"({"z": 1, "a": 2, "m": 3})");
  REQUIRE(r.document);
  CHECK(r.document->Root().dump() == R"({"z":1,"a":2,"m":3})");
}

TEST_CASE("loader: JSON errors point at the problem") {
  struct Case {
    std::string text;
    std::string code;
    int line;
    int column;
    std::string message;
  };
  std::vector<Case> cases = {
      {"{\"a\": 1,}", "SFN002", 1, 9, "unexpected '}', expected a string key"},
      {"{\"a\": 1 \"b\": 2}", "SFN002", 1, 9, "unexpected '\"', expected ',' or '}'"},
      {"{\"a\": 1, \"a\": 2}", "SFN004", 1, 10, "duplicate key 'a'"},
      {"[1, 2", "SFN002", 1, 6, "unexpected end of input, expected ',' or ']'"},
      {"", "SFN002", 1, 1, "empty input, expected a JSON value"},
      {"{\"a\": tru}", "SFN002", 1, 7, "unexpected 't', expected a value"},
      {"{\"a\": 01}", "SFN002", 1, 7, "leading zeros are not allowed in numbers"},
      {"{\"a\": \"x\ny\"}", "SFN002", 1, 9, "control character byte 0x0A in string (escape it)"},
      {"{\"a\": \"\\q\"}", "SFN002", 1, 8, "invalid escape '\\q' in string"},
      {"{} {}", "SFN002", 1, 4, "unexpected '{' after the end of the JSON value"},
      {"{\"a\": \"\\ud800\"}", "SFN007", 1, 8, "unpaired surrogate in '\\u' escape"},
      {"{\"a\": 1e999}", "SFN002", 1, 7, "number is out of range"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto r = Load("x.json", c.text);
    CHECK_FALSE(r.document);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == c.code);
    CHECK(r.diagnostics[0].location.line == c.line);
    CHECK(r.diagnostics[0].location.column == c.column);
    CHECK(r.diagnostics[0].message == c.message);
  }
}

TEST_CASE("loader: numbers keep their kind") {
  auto r = Load("n.json", R"([1, -2, 1.5, 18446744073709551615, 1e3, -0])");
  REQUIRE(r.document);
  const Json& v = r.document->Root();
  CHECK(v[0].is_number_integer());
  CHECK(v[1].get<int64_t>() == -2);
  CHECK(v[2].get<double>() == 1.5);
  CHECK(v[3].is_number_unsigned());
  CHECK(v[4].is_number_float());
}

TEST_CASE("loader: deep nesting is refused without a crash") {
  std::string deep(100000, '[');
  auto r = Load("deep.json", deep);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "SFN005");
  CHECK(r.diagnostics[0].message == "nesting is deeper than 512 levels");
  auto y = Load("deep.yaml", "a: " + deep);
  REQUIRE(y.diagnostics.size() == 1);
  CHECK(y.diagnostics[0].code == "SFN005");
}

TEST_CASE("loader: invalid UTF-8 and binary input") {
  auto r = Load("u.json", "{\"a\": \"\xC3\x28\"}");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "SFN007");
  CHECK(r.diagnostics[0].location.column == 8);
  // After a long ASCII run (read eight bytes at a time), at every alignment.
  for (size_t pad = 0; pad < 9; ++pad) {
    std::string text = "{\"k\": \"" + std::string(40 + pad, 'x') + "\xE2\x28\xA1\"}";
    auto late = Load("late.json", text);
    REQUIRE(late.diagnostics.size() == 1);
    CHECK(late.diagnostics[0].code == "SFN007");
    CHECK(late.diagnostics[0].location.column == static_cast<int>(48 + pad));
  }
  auto b = Load("b.json", std::string("\x7f" "ELF\0\0\0", 7));
  REQUIRE(b.diagnostics.size() == 1);
  CHECK(b.diagnostics[0].code == "SFN008");
}

TEST_CASE("loader: size limit") {
  LoadOptions options;
  options.max_bytes = 10;
  auto r = LoadText("big.json", "[1,2,3,4,5,6,7]", options);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "SFN006");
}

TEST_CASE("loader: YAML scalars, positions and tags") {
  std::string text =
      "StartAt: A\n"
      "States:\n"
      "  A:\n"
      "    Type: Wait\n"
      "    Seconds: 10\n"
      "    Comment: 'yes'\n"
      "    Flag: true\n"
      "    Nothing: ~\n"
      "    Ratio: 1.5\n"
      "    Ref: !Sub '${Foo}'\n"
      "    Att: !GetAtt Fn.Arn\n"
      "    End: true\n";
  auto r = Load("m.asl.yaml", text);
  REQUIRE(r.document);
  const Json& a = r.document->Root()["States"]["A"];
  CHECK(a["Seconds"] == 10);
  CHECK(a["Comment"] == "yes");
  CHECK(a["Flag"] == true);
  CHECK(a["Nothing"].is_null());
  CHECK(a["Ratio"] == 1.5);
  CHECK(a["Ref"] == Json{{"Fn::Sub", "${Foo}"}});
  CHECK(a["Att"] == Json{{"Fn::GetAtt", {"Fn", "Arn"}}});
  auto loc = r.document->Locate("/States/A/Seconds");
  CHECK(loc.line == 5);
  CHECK(loc.column == 14);
  auto key = r.document->Locate("/States/A/Seconds", true);
  CHECK(key.column == 5);
}

TEST_CASE("loader: YAML errors") {
  auto dup = Load("d.yaml", "a: 1\nb: 2\na: 3\n");
  REQUIRE(dup.diagnostics.size() == 1);
  CHECK(dup.diagnostics[0].code == "SFN004");
  CHECK(dup.diagnostics[0].location.line == 3);
  auto bad = Load("b.yaml", "a: [1, 2\nb: 3\n");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].code == "SFN003");
  auto laughs = Load("l.yaml",
                     "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                     "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                     "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                     "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n");
  REQUIRE(laughs.diagnostics.size() == 1);
  CHECK(laughs.diagnostics[0].code == "SFN006");
  CHECK(laughs.diagnostics[0].message == "document expands to more than 100732 values");
  // Anchors used as intended stay well within the allowance.
  std::string shared = "defaults: &d {Type: Pass, Comment: shared}\nstates:\n";
  for (int i = 0; i < 2000; ++i) shared += "  s" + std::to_string(i) + ": *d\n";
  auto used = Load("u.yaml", shared);
  CHECK(used.diagnostics.empty());
  CHECK(used.document->Root()["states"].size() == 2000);
}

TEST_CASE("loader: a YAML document that starts with ',' is an error, not an endless read") {
  struct Row {
    const char* text;
    int line;
    int column;
    const char* message;
  };
  for (const Row& row : std::vector<Row>{
           {",", 1, 1, "unexpected ','"},
           {" ,a", 1, 2, "unexpected ','"},
           {"# comment\n,\n", 2, 1, "unexpected ','"},
           {"a\n...\n,", 3, 1, "more than one YAML document in the file"},
           {"a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document in the file"},
           {"", 0, 0, "empty document"},
           {"# only a comment\n", 0, 0, "empty document"},
       }) {
    INFO(std::string(row.text));
    auto r = Load("c.yaml", row.text);
    CHECK_FALSE(r.document);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == "SFN003");
    CHECK(r.diagnostics[0].message == row.message);
    if (row.line > 0) {
      CHECK(r.diagnostics[0].location.line == row.line);
      CHECK(r.diagnostics[0].location.column == row.column);
    }
  }
  std::ifstream in(std::string(SFN_SOURCE_DIR) +
                   "/testdata/fuzz/loader_yaml_fuzz/regression-document-starts-with-comma.yaml");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  LoadOptions yaml;
  yaml.format = SourceFormat::kYaml;
  auto r = LoadText("fuzz.yaml", text.str(), yaml);
  CHECK_FALSE(r.document);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "SFN003");
  CHECK(Load("ok.yaml", "---\na: 1\n...\n").document);
}

TEST_CASE("loader: position in a string with multi-byte characters") {
  auto r = Load("s.json", "{\"k\": \"\xC3\xA9t\xC3\xA9 $.x\"}");
  REQUIRE(r.document);
  auto loc = r.document->LocateInString("/k", 4);
  CHECK(loc.line == 1);
  CHECK(loc.column == 12);
}

TEST_CASE("loader: missing file and stdin") {
  std::istringstream in("{\"a\": [true]}");
  auto r = LoadFile("-", in);
  REQUIRE(r.document);
  CHECK(r.document->Root()["a"][0] == true);
  std::istringstream none;
  auto m = LoadFile("/nonexistent/x.json", none);
  REQUIRE(m.diagnostics.size() == 1);
  CHECK(m.diagnostics[0].code == "SFN001");
  CHECK(m.diagnostics[0].message == "cannot open '/nonexistent/x.json': No such file or directory");
}

TEST_CASE("loader: data read without positions: the same value, syntax errors still located") {
  LoadOptions data;
  data.positions = false;
  auto r = LoadText("in.json", "{\"items\": [1, 2, {\"a\": \"b\"}]}", data);
  REQUIRE(r.document);
  CHECK(r.document->Root() == Json::parse(R"({"items": [1, 2, {"a": "b"}]})"));
  CHECK(r.document->Locate("/items/2").line == 0);  // no index: nothing to point at
  auto bad = LoadText("in.json", "{\"items\": [1,\n 2,, 3]}", data);
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].location.line == 2);
  CHECK(bad.diagnostics[0].location.column == 4);
}
