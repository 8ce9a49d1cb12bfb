#include "path/json_equal.h"

namespace sfn::path {
namespace {

// Iterative over an explicit stack, so deeply nested documents cannot overflow the call stack.
struct Pair {
  const Json* a;
  const Json* b;
};

bool ScalarEqual(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a == b;
  if (a.type() != b.type()) return false;
  return a == b;
}

}  // namespace

bool JsonEqual(const Json& a, const Json& b) {
  std::vector<Pair> stack{{&a, &b}};
  while (!stack.empty()) {
    Pair p = stack.back();
    stack.pop_back();
    const Json& x = *p.a;
    const Json& y = *p.b;
    if (x.is_object()) {
      if (!y.is_object() || x.size() != y.size()) return false;
      for (auto it = x.begin(); it != x.end(); ++it) {
        auto found = y.find(it.key());
        if (found == y.end()) return false;
        stack.push_back({&it.value(), &*found});
      }
    } else if (x.is_array()) {
      if (!y.is_array() || x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) stack.push_back({&x[i], &y[i]});
    } else if (!ScalarEqual(x, y)) {
      return false;
    }
  }
  return true;
}

}  // namespace sfn::path
