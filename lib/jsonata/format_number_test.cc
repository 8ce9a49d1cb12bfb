#include "jsonata/format_number.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "jsonata/datetime.h"
#include "jsonata/error.h"

namespace sfn::jsonata {
namespace {

std::string ErrorCode(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.code;
  }
  return "";
}

TEST_CASE("jsonata format-number: decimal pictures") {
  struct Row {
    double value;
    const char* picture;
    const char* expected;
  };
  const Row rows[] = {
      {12345.6, "#,###.00", "12,345.60"},
      {12345678.9, "9,999.99", "12,345,678.90"},
      {123412345678.9, "9,9,99.99", "123412345,6,78.90"},
      {1234.56789, "9,999.999,999", "1,234.567,890"},
      {123.9, "9999", "0124"},
      {0.14, "01%", "14%"},
      {0.4857, "###.###\u2030", "485.7\u2030"},
      {-6, "000", "-006"},
      {2392.14 * (-36.58), "000,000.000###;###,###.000###", "87,504.4812"},
      {2.14 * 86.58, "PREFIX##00.000###SUFFIX", "PREFIX185.2812SUFFIX"},
      {1E20, "#,######", "100,000000,000000,000000"},
      {2, "000.000", "002.000"},
      {0, "#", "0"},
      {0, "#.##", ".0"},
      {-0.0, "0.0", "0.0"},
      {0.5, "0", "0"},
      {1.5, "0", "2"},
      {2.5, "0", "2"},
      {-2.5, "0", "-2"},
      {0.125, "0.00", "0.12"},
      {0.375, "0.00", "0.38"},
      {1.005, "0.00", "1.00"},
      {1234567.891, "#,##0.0#", "1,234,567.89"},
      {-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)"},
      {42, "$#0 each", "$42 each"},
      {123456789012345680000.0, "0", "123456789012345683968"},
      {1e21, "0", "1000000000000000000000"},
      {1.5e300, "0.0e0", "1.5e300"},
      {5e-324, "0.0e0", "4.9e-324"},
  };
  for (const Row& row : rows) {
    const std::string picture = row.picture;
    CAPTURE(picture);
    CHECK(FormatNumber(row.value, row.picture, nullptr) == row.expected);
  }
}

TEST_CASE("jsonata format-number: exponent pictures") {
  struct Row {
    double value;
    const char* picture;
    const char* expected;
  };
  const Row rows[] = {
      {1234.5678, "00.000e0", "12.346e2"},
      {1234.5678, "00.000e000", "12.346e002"},
      {0.234, "0.0e0", "2.3e-1"},
      {0.234, "#.00e0", "0.23e0"},
      {0.123, "#.e9", "0.1e0"},
      {0.234, ".00e0", ".23e0"},
      {0, "0e0", "0e0"},
      {-42, "0e0", "-4e1"},
      {42, "0e0", "4e1"},
      {0, "0.00e0", "0.00e0"},
  };
  for (const Row& row : rows) {
    const std::string picture = row.picture;
    CAPTURE(picture);
    CHECK(FormatNumber(row.value, row.picture, nullptr) == row.expected);
  }
}

TEST_CASE("jsonata format-number: options override the symbols") {
  const Json per_mille = {{"per-mille", "pm"}};
  CHECK(FormatNumber(0.14, "###pm", &per_mille) == "140pm");
  const Json circled = {{"zero-digit", "\u245f"}};
  CHECK(FormatNumber(1234.5678, "\u2460\u2460.\u2460\u2460\u2460e\u2460", &circled) ==
        "\u2460\u2461.\u2462\u2463\u2465e\u2461");
  const Json letters = {{"zero-digit", "A"}};
  CHECK(FormatNumber(2, "AAA.AAA", &letters) == "AAC.AAA");
  CHECK(FormatNumber(0.1, "AeAAA", &letters) == "Be-AAB");
  const Json european = {{"decimal-separator", ","}, {"grouping-separator", "."}};
  CHECK(FormatNumber(1234567.891, "#.##0,00", &european) == "1.234.567,89");
  const Json minus = {{"minus-sign", "\u2212"}, {"NaN", "n/a"}, {"infinity", "\u221e"}};
  CHECK(FormatNumber(-5, "0", &minus) == "\u22125");
  CHECK(FormatNumber(NAN, "0", &minus) == "n/a");
  CHECK(FormatNumber(-INFINITY, "0", &minus) == "\u2212\u221e");
  const Json ignored = {{"zero-digit", 7}, {"digit", ""}};
  CHECK(FormatNumber(5, "#0", &ignored) == "5");
}

TEST_CASE("jsonata format-number: picture errors") {
  struct Row {
    const char* picture;
    const char* code;
  };
  const Row rows[] = {
      {"#;#;#", "D3080"},     {"#.0.0", "D3081"},    {"#0%%", "D3082"},  {"#0\u2030\u2030", "D3083"},
      {"#0%\u2030", "D3084"}, {".e0", "D3085"},      {"0+.e0", "D3086"}, {"0,.e0", "D3087"},
      {"0,", "D3088"},        {"0,,0", "D3089"},     {"0#.e0", "D3090"}, {"#0.#0e0", "D3091"},
      {"#0.0e0%", "D3092"},   {"#0.0e0,0", "D3093"}, {"---", "D3086"},   {"", "D3086"},
      {"0e", "D3093"},
  };
  for (const Row& row : rows) {
    const std::string picture = row.picture;
    CAPTURE(picture);
    CHECK(ErrorCode([&] { FormatNumber(20, row.picture, nullptr); }) == row.code);
  }
}

TEST_CASE("jsonata format-integer: pictures") {
  struct Row {
    double value;
    const char* picture;
    const char* expected;
  };
  const Row rows[] = {
      {123, "000", "123"},
      {-3, "0000", "-0003"},
      {1234, "0;c", "1234"},
      {12.6, "###0", "12"},
      {-12.5, "0", "-13"},
      {123, "000;o", "123rd"},
      {28, "#0;o", "28th"},
      {11, "0;o", "11th"},
      {112, "0;o", "112th"},
      {12340, "###\u0661", "\u0661\u0662\u0663\u0664\u0660"},
      {1234567890, "#,##0", "1,234,567,890"},
      {1234567890, "#:###,##0", "1234:567,890"},
      {1234567890, "##,##,##0", "12345,67,890"},
      {12, "#:###,##0", "12"},
      {0, "I", ""},
      {1984, "I", "MCMLXXXIV"},
      {99, "i", "xcix"},
      {34, "w", "thirty-four"},
      {555, "Ww", "Five Hundred and Fifty-Five"},
      {3730, "w", "three thousand, seven hundred and thirty"},
      {1000000000001, "w", "one trillion and one"},
      {1e15, "w", "one thousand trillion"},
      {1e46, "w", "ten billion trillion trillion trillion"},
      {0, "w", "zero"},
      {-7, "w", "-seven"},
      {99, "W;o", "NINETY-NINTH"},
      {1000, "w;o", "one thousandth"},
      {1000000000001, "w;o", "one trillion and first"},
      {27, "a", "aa"},
      {123456, "A", "FZPH"},
      {1e21, "0", "1000000000000000000000"},
  };
  for (const Row& row : rows) {
    const std::string picture = row.picture;
    CAPTURE(picture);
    CAPTURE(row.value);
    CHECK(FormatInteger(row.value, row.picture) == row.expected);
  }
  CHECK(ErrorCode([] { FormatInteger(12340, "##0\uff10"); }) == "D3131");
  CHECK(ErrorCode([] { FormatInteger(1, "\u03b1"); }) == "D3130");
  CHECK(ErrorCode([] { FormatInteger(1e300, "I"); }) == "D3130");
}

TEST_CASE("jsonata parse-integer: pictures") {
  struct Row {
    const char* text;
    const char* picture;
    double expected;
  };
  const Row rows[] = {
      {"0123", "0000", 123},
      {"123rd", "000;o", 123},
      {"\uff11\uff12\uff13\uff14\uff10", "###\uff10", 12340},
      {"1,234,567,890", "#,##0", 1234567890},
      {"12345,67,890", "##,##,##0", 1234567890},
      {"-42", "0", -42},
      {"", "I", 0},
      {"MCMLXXXIV", "I", 1984},
      {"Seven Hundred and Thirty-Third", "Ww;o", 733},
      {"nineteen hundred and eighty-four", "w", 1984},
      {"ten billion trillion trillion trillion", "w", 1e46},
      {"FZPH", "A", 123456},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(ParseInteger(row.text, row.picture) == row.expected);
  }
  CHECK_FALSE(ParseInteger("12a", "0").has_value());
  CHECK_FALSE(ParseInteger("", "0").has_value());
  CHECK_FALSE(ParseInteger("twelve", "0").has_value());
  CHECK_FALSE(ParseInteger("twelve apples", "w").has_value());
  CHECK_FALSE(ParseInteger("12xx", "0;o").has_value());
  CHECK_FALSE(ParseInteger("abc", "I").has_value());
  CHECK(ErrorCode([] { ParseInteger("50", "#"); }) == "D3130");
  CHECK(std::isinf(ParseInteger(std::string(400, '9'), "0").value_or(0)));
}

TEST_CASE("jsonata format-number: huge and hostile input stays bounded") {
  CHECK(FormatNumber(1.7976931348623157e308, "0", nullptr).size() == 309);
  CHECK(FormatNumber(1e-300, "0." + std::string(400, '#'), nullptr).starts_with("0.000000000"));
  CHECK(FormatInteger(1.7976931348623157e308, "w").find("trillion") != std::string::npos);
  CHECK(FormatInteger(1e300, "A").size() > 100);
  CHECK(FormatNumber(1, std::string(10000, '#') + "0", nullptr) == "1");
  CHECK(FormatNumber(1, "0." + std::string(400, '#'), nullptr) == "1");
  CHECK(FormatNumber(2.5, "0." + std::string(400, '#'), nullptr) == "2.5");
  std::string grouped = "0";
  for (int i = 0; i < 50000; ++i) grouped += ",0";
  CHECK(FormatNumber(5, grouped, nullptr).size() == 100001);
  CHECK(FormatInteger(5, grouped).size() == 100001);
  CHECK(FormatNumber(5, std::string(400, '0') + "e0", nullptr).size() > 400);
}

// ---------------------------------------------------------------------------------------------------------
// The reference test suite: cases of the form $fn(literal, ...) evaluated by a small interpreter.

struct Value {
  enum class Kind { kUndefined, kNumber, kString, kObject };
  Kind kind = Kind::kUndefined;
  double number = 0;
  std::string text;
  Json object;
};

struct NotSimple {};

// Literals, '*', unary '-', parentheses, "$f(...)" calls, "~>" chains and "($v := ...; ...)" blocks.
class MiniEvaluator {
 public:
  explicit MiniEvaluator(std::string_view source) : source_(source) {}

  Value Run() {
    Value value = Block(false);
    SkipSpace();
    if (pos_ != source_.size()) throw NotSimple{};
    return value;
  }

 private:
  void SkipSpace() {
    while (pos_ < source_.size() && std::isspace(static_cast<unsigned char>(source_[pos_]))) ++pos_;
  }
  bool Accept(std::string_view token) {
    SkipSpace();
    if (source_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }
  void Expect(std::string_view token) {
    if (!Accept(token)) throw NotSimple{};
  }

  Value Block(bool nested) {
    Value value = Chain();
    while (nested && Accept(";")) value = Chain();
    return value;
  }

  Value Chain() {
    Value value = Product();
    while (Accept("~>")) {
      std::string name = Name();
      Expect("(");
      std::vector<Value> args = {value};
      Arguments(args);
      value = Call(name, args);
    }
    return value;
  }

  Value Product() {
    Value value = Unary();
    while (Accept("*")) {
      Value right = Unary();
      if (value.kind != Value::Kind::kNumber || right.kind != Value::Kind::kNumber) throw NotSimple{};
      value.number *= right.number;
    }
    return value;
  }

  Value Unary() {
    if (Accept("-")) {
      Value value = Unary();
      if (value.kind != Value::Kind::kNumber) throw NotSimple{};
      value.number = -value.number;
      return value;
    }
    return Primary();
  }

  std::string Name() {
    SkipSpace();
    size_t start = pos_;
    if (pos_ < source_.size() && source_[pos_] == '$') ++pos_;
    while (pos_ < source_.size() &&
           (std::isalnum(static_cast<unsigned char>(source_[pos_])) || source_[pos_] == '_')) {
      ++pos_;
    }
    if (pos_ == start) throw NotSimple{};
    return std::string(source_.substr(start, pos_ - start));
  }

  void Arguments(std::vector<Value>& args) {
    if (Accept(")")) return;
    do {
      args.push_back(Block(false));
    } while (Accept(","));
    Expect(")");
  }

  Value Primary() {
    SkipSpace();
    if (pos_ >= source_.size()) throw NotSimple{};
    char c = source_[pos_];
    if (c == '(') {
      ++pos_;
      if (Accept(")")) return {};
      Value value = Block(true);
      Expect(")");
      return value;
    }
    if (c == '"' || c == '\'') return {Value::Kind::kString, 0, String(), {}};
    if (c == '{') return Object();
    if (std::isdigit(static_cast<unsigned char>(c))) return Number();
    std::string name = Name();
    // Paths and `undefined` test JSONata's undefined handling rather than the pictures: not simple.
    if (name[0] != '$') throw NotSimple{};
    if (Accept(":=")) {
      variables_[name] = Chain();
      return variables_[name];
    }
    if (Accept("(")) {
      std::vector<Value> args;
      Arguments(args);
      return Call(name, args);
    }
    auto it = variables_.find(name);
    if (it == variables_.end()) throw NotSimple{};
    return it->second;
  }

  Value Number() {
    size_t start = pos_;
    while (pos_ < source_.size() && (std::isdigit(static_cast<unsigned char>(source_[pos_])) ||
                                     source_[pos_] == '.' || source_[pos_] == 'e' || source_[pos_] == 'E' ||
                                     ((source_[pos_] == '+' || source_[pos_] == '-') &&
                                      (source_[pos_ - 1] == 'e' || source_[pos_ - 1] == 'E')))) {
      ++pos_;
    }
    return {Value::Kind::kNumber, std::stod(std::string(source_.substr(start, pos_ - start))), "", {}};
  }

  std::string String() {
    char quote = source_[pos_++];
    std::string text;
    while (pos_ < source_.size() && source_[pos_] != quote) {
      if (source_[pos_] == '\\') {
        // Reuse the JSON decoder for escapes.
        size_t end = pos_ + (pos_ + 1 < source_.size() && source_[pos_ + 1] == 'u' ? 6 : 2);
        text += Json::parse("\"" + std::string(source_.substr(pos_, end - pos_)) + "\"").get<std::string>();
        pos_ = end;
      } else {
        text.push_back(source_[pos_++]);
      }
    }
    Expect(std::string(1, quote));
    return text;
  }

  Value Object() {
    Expect("{");
    Value value{Value::Kind::kObject, 0, "", Json::object()};
    if (!Accept("}")) {
      do {
        SkipSpace();
        std::string key = String();
        Expect(":");
        Value member = Block(false);
        if (member.kind != Value::Kind::kString) throw NotSimple{};
        value.object[key] = member.text;
      } while (Accept(","));
      Expect("}");
    }
    return value;
  }

  static std::optional<std::string_view> OptionalText(const std::vector<Value>& args, size_t index) {
    if (index >= args.size() || args[index].kind == Value::Kind::kUndefined) return std::nullopt;
    if (args[index].kind != Value::Kind::kString) throw NotSimple{};
    return args[index].text;
  }
  static Value FromNumber(std::optional<double> number) {
    return number ? Value{Value::Kind::kNumber, *number, "", {}} : Value{};
  }
  static Value FromText(std::string text) { return {Value::Kind::kString, 0, std::move(text), {}}; }

  static Value Call(const std::string& name, const std::vector<Value>& args) {
    if (args.empty()) throw NotSimple{};
    const Value& first = args[0];
    if (name == "$formatNumber" && first.kind == Value::Kind::kNumber) {
      const Json* options = args.size() > 2 ? &args[2].object : nullptr;
      return FromText(FormatNumber(first.number, OptionalText(args, 1).value(), options));
    }
    if (name == "$formatInteger" && first.kind == Value::Kind::kNumber) {
      return FromText(FormatInteger(first.number, OptionalText(args, 1).value()));
    }
    if (name == "$parseInteger" && first.kind == Value::Kind::kString) {
      return FromNumber(ParseInteger(first.text, OptionalText(args, 1).value()));
    }
    if (name == "$fromMillis" && first.kind == Value::Kind::kNumber) {
      return FromText(FromMillis(first.number, OptionalText(args, 1), OptionalText(args, 2)));
    }
    if (name == "$toMillis" && first.kind == Value::Kind::kString) {
      return FromNumber(ToMillis(first.text, OptionalText(args, 1)));
    }
    throw NotSimple{};
  }

  std::string_view source_;
  size_t pos_ = 0;
  std::map<std::string, Value> variables_;
};

// Runs one case; returns "" when it passes, otherwise what went wrong.
std::string CheckCase(const Json& test) {
  std::string code;
  Value value;
  try {
    value = MiniEvaluator(test.at("expr").get<std::string>()).Run();
  } catch (const Error& error) {
    code = error.code;
  }
  if (test.contains("code")) {
    return code == test["code"]
               ? ""
               : "expected error " + test["code"].get<std::string>() + ", got '" + code + "'";
  }
  if (!code.empty()) return "unexpected error " + code;
  if (test.value("undefinedResult", false)) {
    return value.kind == Value::Kind::kUndefined ? "" : "expected undefined";
  }
  const Json& expected = test.at("result");
  if (expected.is_string() && value.kind == Value::Kind::kString && value.text == expected) return "";
  if (expected.is_number() && value.kind == Value::Kind::kNumber && value.number == expected.get<double>())
    return "";
  return "expected " + expected.dump() + ", got " +
         (value.kind == Value::Kind::kString   ? "\"" + value.text + "\""
          : value.kind == Value::Kind::kNumber ? Json(value.number).dump()
                                               : std::string("undefined"));
}

TEST_CASE("jsonata pictures: reference suite cases with literal arguments") {
  const std::filesystem::path root = std::filesystem::path(SFN_SHARED_DIR) / "conformance" / "jsonata";
  if (!std::filesystem::exists(root / "groups")) {
    MESSAGE("conformance data not found under " << root.string() << "; skipped");
    return;
  }
  std::set<std::string> excluded;
  const Json not_in_version = Json::parse(std::ifstream(root / "cases-not-in-v2.0.6.json"));
  for (const Json& id : not_in_version.at("added")) {
    excluded.insert(id.get<std::string>());
  }
  const char* groups[] = {"function-formatNumber", "function-formatInteger", "function-parseInteger",
                          "function-fromMillis", "function-tomillis"};
  int simple = 0;
  int passed = 0;
  int skipped = 0;
  for (const char* group : groups) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(root / "groups" / group))
      files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      Json cases = Json::parse(std::ifstream(file));
      if (!cases.is_array()) cases = Json::array({cases});
      for (size_t i = 0; i < cases.size(); ++i) {
        const std::string id = std::string(group) + "/" + file.filename().string();
        if (excluded.count(id) != 0 || excluded.count(id + "#" + std::to_string(i)) != 0) continue;
        std::string failure;
        try {
          failure = CheckCase(cases[i]);
        } catch (const NotSimple&) {
          ++skipped;
          continue;
        }
        ++simple;
        if (failure.empty()) ++passed;
        CHECK_MESSAGE(failure.empty(),
                      id << "#" << i << " " << cases[i]["expr"].get<std::string>() << ": " << failure);
      }
    }
  }
  MESSAGE("picture functions: " << passed << "/" << simple << " simple-form cases pass (" << skipped
                                << " cases not of the simple form)");
  CHECK(simple > 250);
}

}  // namespace
}  // namespace sfn::jsonata
