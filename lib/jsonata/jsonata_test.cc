#include "jsonata/jsonata.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "jsonata/test_util.h"

namespace sfn::jsonata {
namespace {

using testing::Case;
using testing::Run;

constexpr const char* kOrders = R"({
  "Account": {
    "Name": "Firefly",
    "Order": [
      {"Id": "o1", "Product": [{"Name": "Hat", "Price": 34.45, "Qty": 2}, {"Name": "Cap", "Price": 21.67, "Qty": 1}]},
      {"Id": "o2", "Product": [{"Name": "Hat", "Price": 34.45, "Qty": 4}, {"Name": "Cloak", "Price": 107.99, "Qty": 1}]}
    ]
  }
})";

void CheckTable(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    CAPTURE(c.expr);
    CHECK(Run(c.expr, c.input) == c.expected);
  }
}

TEST_CASE("jsonata: paths map over arrays and flatten") {
  CheckTable({
      {"Account.Name", kOrders, R"("Firefly")"},
      {"Account.Order.Id", kOrders, R"(["o1","o2"])"},
      {"Account.Order.Product.Name", kOrders, R"(["Hat","Cap","Hat","Cloak"])"},
      {"Account.Order[0].Id", kOrders, R"("o1")"},
      {"Account.Order[-1].Id", kOrders, R"("o2")"},
      {"Account.Order.Product[0].Name", kOrders, R"(["Hat","Hat"])"},
      {"(Account.Order.Product)[0].Name", kOrders, R"("Hat")"},
      {"Account.Order.Product[Price > 30].Name", kOrders, R"(["Hat","Hat","Cloak"])"},
      {"Account.Order[Id = 'o2'].Product.Qty", kOrders, "[4,1]"},
      {"Account.Missing", kOrders, "undefined"},
      {"Account.Order[0].Product.Name[]", kOrders, R"(["Hat","Cap"])"},
      {"Account.Order[1].Product[1].Name[]", kOrders, R"(["Cloak"])"},
      {"$sum(Account.Order.Product.(Price * Qty))", kOrders, "336.36"},
      {"Account.Order.Product.Price[$ > 100]", kOrders, "107.99"},
      {"$", "[1,2,3]", "[1,2,3]"},
      {"$[0]", "[1,2,3]", "1"},
      {"$[1..2]", "[1,2,3]", "error S0202"},
      {"$[[1..2]]", "[1,2,3]", "[2,3]"},
      {"*", R"({"a":1,"b":[2,3]})", "[1,2,3]"},
      {"**.x", R"({"a":{"x":1,"b":{"x":2}},"c":[{"x":3}]})", "[1,2,3]"},
      {"a.`b c`", R"({"a":{"b c":5}})", "5"},
      {"a.'b'", R"({"a":{"b":6}})", "6"},
  });
}

TEST_CASE("jsonata: array constructors keep arrays, sequences flatten") {
  CheckTable({
      {"[1,2,[3,4]]", "", "[1,2,[3,4]]"},
      {"[1..5]", "", "[1,2,3,4,5]"},
      {"[1..3, 7]", "", "[1,2,3,7]"},
      {"[]", "", "[]"},
      {"[Account.Name]", kOrders, R"(["Firefly"])"},
      {"Account.[Name]", kOrders, R"(["Firefly"])"},
      {"[Account.Order.Id]", kOrders, R"(["o1","o2"])"},
      {"Account.Order.[Id]", kOrders, R"([["o1"],["o2"]])"},
      {"[5..1]", "", "[]"},
  });
}

TEST_CASE("jsonata: object constructors and grouping") {
  CheckTable({
      {"{'a': 1, 'b': 'x'}", "", R"({"a":1,"b":"x"})"},
      {"Account.Order.Product{Name: Price}", kOrders, R"({"Hat":[34.45,34.45],"Cap":21.67,"Cloak":107.99})"},
      {"Account.Order.Product{Name: $sum(Qty)}", kOrders, R"({"Hat":6,"Cap":1,"Cloak":1})"},
      {"Account.Order.{Id: $count(Product)}", kOrders, R"([{"o1":2},{"o2":2}])"},
      {"{'a': undefined_thing}", "{}", "{}"},
      {"{1: 2}", "", "error T1003"},
      {"{'a': 1, 'a': 2}", "", "error D1009"},
  });
}

TEST_CASE("jsonata: operators") {
  CheckTable({
      {"1 + 2 * 3", "", "7"},
      {"(1 + 2) * 3", "", "9"},
      {"7 % 3", "", "1"},
      {"-5 - -5", "", "0"},
      {"10 / 4", "", "2.5"},
      {"0.1 + 0.2", "", "0.30000000000000004"},
      {"1 = 1 and 2 > 1", "", "true"},
      {"false or nothing", "{}", "false"},
      {"'a' < 'b'", "", "true"},
      {"1 < 'a'", "", "error T2009"},
      {"{} < 1", "", "error T2010"},
      {"'a' + 1", "", "error T2001"},
      {"1 + 'a'", "", "error T2002"},
      {"'x' & 1 & true & null", "", R"("x1truenull")"},
      {"3 in [1,2,3]", "", "true"},
      {"'z' in ['a']", "", "false"},
      {"[1,2] = [1,2]", "", "true"},
      {"{'a':1} != {'a':1}", "", "false"},
      {"nothing = 1", "{}", "false"},
      {"true ? 'y' : 'n'", "", R"("y")"},
      {"false ? 'y'", "", "undefined"},
      {"-'a'", "", "error D1002"},
      {"[1..'a']", "", "error T2004"},
      {"[1.5..3]", "", "error T2003"},
      {"[1..20000000]", "", "error D2014"},
  });
}

TEST_CASE("jsonata: variables, blocks and lambdas") {
  CheckTable({
      {"($x := 3; $x * $x)", "", "9"},
      {"($f := function($a, $b) { $a + $b }; $f(2, 3))", "", "5"},
      {"($f := λ($a) { $a * 2 }; $map([1,2,3], $f))", "", "[2,4,6]"},
      {"($add := function($a, $b) { $a + $b }; $inc := $add(?, 1); $inc(41))", "", "42"},
      {"($make := function($n) { function($x) { $x + $n } }; $make(10)(5))", "", "15"},
      {"$$.a", R"({"a":7})", "7"},
      {"a.($$.b)", R"({"a":{"x":1},"b":2})", "2"},
      {"($f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10))", "", "3628800"},
      {"$uppercase ~> $type()", "", R"("function")"},
      {"'abc' ~> $uppercase()", "", R"("ABC")"},
      {"($t := $trim ~> $uppercase; $t('  a  '))", "", R"("A")"},
      {"($f := function($s)<s:s> { $s }; $f(1))", "", "error T0410"},
      {"$undefinedVar", "", "undefined"},
      {"uppercase('a')", "", "error T1005"},
      {"$x()", "", "error T1006"},
  });
}

TEST_CASE("jsonata: focus, index and parent bindings") {
  CheckTable({
      {"Account.Order#$i.Product[0].{'i': $i, 'n': Name}", kOrders, R"({"i":0,"n":"Hat"})"},
      {"Account.Order#$i.Product.[$i, Name]", kOrders, R"([0,"Hat",0,"Cap",1,"Hat",1,"Cloak"])"},
      {"Account.Order@$o.Product", kOrders, "undefined"},
      {"Account.Order@$o.$o.Product@$p.($o.Id & '/' & $p.Name)", kOrders, R"(["o1/Hat","o1/Cap","o2/Hat","o2/Cloak"])"},
      {"Account.Order.Product.{'n': Name, 'order': %.Id}", kOrders,
       R"([{"n":"Hat","order":"o1"},{"n":"Cap","order":"o1"},{"n":"Hat","order":"o2"},{"n":"Cloak","order":"o2"}])"},
      {"%", "{}", "error S0217"},
  });
}

TEST_CASE("jsonata: order-by is a stable sort") {
  CheckTable({
      {"Account.Order.Product^(Price).Name", kOrders, R"(["Cap","Hat","Hat","Cloak"])"},
      {"Account.Order.Product^(>Price, Qty).Qty", kOrders, "[1,2,4,1]"},
      {"[3,1,2]^($)", "", "[1,2,3]"},
      {"[{'a':1},{'a':'x'}]^(a)", "", "error T2007"},
  });
}

TEST_CASE("jsonata: transform") {
  CheckTable({
      {"$ ~> |Account.Order.Product|{'Price': Price * 2}, ['Qty']|", R"({"Account":{"Order":[{"Product":[{"Price":1,"Qty":2}]}]}})",
       R"({"Account":{"Order":[{"Product":[{"Price":2}]}]}})"},
      {"$ ~> |a|{'b': 2}|", R"({"a":{"b":1,"c":3}})", R"({"a":{"b":2,"c":3}})"},
      {"$ ~> |a|5|", R"({"a":{}})", "error T2011"},
      {"$ ~> |a|{}, 5|", R"({"a":{}})", "error T2012"},
  });
}

TEST_CASE("jsonata: regular expressions") {
  CheckTable({
      {"$match('ab12cd345', /[0-9]+/).match", "", R"(["12","345"])"},
      {"$replace('hello world', /o/, '0')", "", R"("hell0 w0rld")"},
      {"$replace('John Smith', /(\\w+)\\s(\\w+)/, '$2, $1')", "", R"("Smith, John")"},
      {"$split('a1b2c', /[0-9]/)", "", R"(["a","b","c"])"},
      {"$contains('Hello', /^h/i)", "", "true"},
      {"Account.Order.Product[Name ~> /^c/i].Name", kOrders, R"(["Cap","Cloak"])"},
      {"$match('aaa', /x*/)", "", "error D1004"},
  });
}

TEST_CASE("jsonata: numbers print as JavaScript does") {
  CheckTable({
      {"$string(1e21)", "", R"("1e+21")"},
      {"$string(1e-7)", "", R"("1e-7")"},
      {"$string(123.456)", "", R"("123.456")"},
      {"$string(0.1 + 0.2)", "", R"("0.3")"},
      {"$string(-0)", "", R"("0")"},
      {"$string(100)", "", R"("100")"},
      {"3.0", "", "3"},
      {"a", R"({"a": 5.0})", "5"},
      {"1e300 * 1e300", "", "error D1001"},
      {"$string(1/0)", "", "error D3001"},
  });
}

TEST_CASE("jsonata: bindings and native functions") {
  Bindings bindings;
  bindings.Set("states", Json::parse(R"({"input": {"n": 4}})"));
  bindings.SetFunction(
      "twice", [](const std::vector<std::optional<Json>>& args) -> std::optional<Json> {
        if (!args[0]) return std::nullopt;
        return Json(args[0]->get<double>() * 2);
      },
      "<n:n>");
  bindings.SetFunction("none", [](const std::vector<std::optional<Json>>&) { return std::optional<Json>(); });
  CHECK(Run("$states.input.n", "", bindings) == "4");
  CHECK(Run("$twice($states.input.n)", "", bindings) == "8");
  CHECK(Run("$map([1,2], $twice)", "", bindings) == "[2,4]");
  CHECK(Run("$twice('x')", "", bindings) == "error T0410");
  CHECK(Run("$none()", "", bindings) == "undefined");
  CHECK(Run("($states := 1; $states)", "", bindings) == "1");
}

TEST_CASE("jsonata: guards stop runaway evaluations") {
  Options options;
  options.max_depth = 100;
  CHECK(Run("($f := function($n) { $n + $f($n) }; $f(1))", "", {}, options) == "error U1001");
  options.time_limit = std::chrono::milliseconds(50);
  options.max_depth = 500;
  CHECK(Run("($f := function() { $f() }; $f())", "", {}, options) == "error U1001");
  // Tail calls run in constant stack.
  CHECK(Run("($f := function($n, $acc) { $n = 0 ? $acc : $f($n - 1, $acc + 1) }; $f(20000, 0))") == "20000");
}

TEST_CASE("jsonata: deep nesting fails cleanly") {
  std::string deep(100000, '(');
  deep += "1";
  deep += std::string(100000, ')');
  CHECK(Run(deep) == "error S0299");
  std::string chain = "1";
  for (int i = 0; i < 5000; ++i) chain += "+1";
  CHECK(Run(chain) == "error S0299");
  std::string deep_array(200, '[');
  deep_array += std::string(200, ']');
  CHECK(Run(deep_array) == Json::parse(deep_array).dump());
  // Deeply nested input data.
  std::string data(5000, '[');
  data += std::string(5000, ']');
  CHECK(Run("$string($)", data) == "error U1001");
}

TEST_CASE("jsonata: syntax errors carry code and position") {
  struct ErrorCase {
    const char* expr;
    const char* code;
    int64_t position;
  };
  const ErrorCase cases[] = {
      {"1 +", "S0207", 3},
      {"'abc", "S0101", 4},
      {"a.1", "S0213", 3},
      {"(1", "S0203", 2},
      {"[1, 2", "S0203", 5},
      {"foo bar", "S0201", 7},
      {"$x := ", "S0207", 6},
      {"1 ! 2", "S0204", 3},
      {"/* x", "S0106", 0},
      {"'\\q'", "S0103", 2},
      {"function(a){1}", "S0208", 10},
      {"1 := 2", "S0212", 1},
  };
  for (const ErrorCase& c : cases) {
    CAPTURE(c.expr);
    try {
      Expression::Compile(c.expr);
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.code == c.code);
      CHECK(e.position == c.position);
    }
  }
}

TEST_CASE("jsonata: compiled expressions evaluate concurrently") {
  auto expr = Expression::Compile("$sum(Account.Order.Product.(Price * Qty)) & ':' & $count(Account.Order)");
  Json doc = Json::parse(kOrders);
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&]() {
      for (int i = 0; i < 500; ++i) {
        if (expr->Evaluate(&doc) == Json("336.36:2")) ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(good == 2000);
  CHECK(expr->Source() == "$sum(Account.Order.Product.(Price * Qty)) & ':' & $count(Account.Order)");
}

}  // namespace
}  // namespace sfn::jsonata
