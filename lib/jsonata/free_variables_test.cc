// Expression::FreeVariables: the variables an expression takes from its environment.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "jsonata/jsonata.h"

namespace sfn::jsonata {
namespace {

std::vector<std::string> Free(const std::string& source) { return Expression::Compile(source)->FreeVariables(); }

using Names = std::vector<std::string>;

TEST_CASE("free variables: references in source order, each once") {
  CHECK(Free("$a + $b.c + $a") == Names{"a", "b"});
  CHECK(Free("{'x': $first, 'y': [$second, $first]}") == Names{"first", "second"});
  CHECK(Free("$states.input.x") == Names{"states"});
  CHECK(Free("1 + 2") == Names{});
}

TEST_CASE("free variables: what the expression binds itself is left out") {
  CHECK(Free("($x := 1; $x + $y)") == Names{"y"});
  CHECK(Free("$map($list, function($v, $i) { $v + $i + $k })") == Names{"list", "k"});
  CHECK(Free("$orders@$o.items#$pos.{'o': $o.id, 'p': $pos}") == Names{"orders"});
  CHECK(Free("($f := function($n) { $n * $scale }; $f(2))") == Names{"scale"});
}

TEST_CASE("free variables: built-in functions, the context and guarded reads are left out") {
  CHECK(Free("$sum($numbers) + $count($numbers)") == Names{"numbers"});
  CHECK(Free("$ + $$.x") == Names{});
  CHECK(Free("$exists($status) ? $status : 'new'") == Names{});
  CHECK(Free("$exists($a) and $b") == Names{"b"});
}

}  // namespace
}  // namespace sfn::jsonata
