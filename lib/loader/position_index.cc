#include "loader/position_index.h"

#include <string>

namespace sfn::loader {
namespace {

constexpr uint64_t kFnvPrime = 1099511628211ull;

inline PointerHash Mix(PointerHash h, char c) {
  h ^= static_cast<unsigned char>(c);
  return h * kFnvPrime;
}

}  // namespace

PointerHash ExtendPointerHash(PointerHash parent, std::string_view token) {
  PointerHash h = Mix(parent, '/');
  for (char c : token) {
    if (c == '~') {
      h = Mix(Mix(h, '~'), '0');
    } else if (c == '/') {
      h = Mix(Mix(h, '~'), '1');
    } else {
      h = Mix(h, c);
    }
  }
  return h;
}

PointerHash ExtendPointerHash(PointerHash parent, size_t index) {
  char buf[24];
  int n = 0;
  char digits[24];
  do {
    digits[n++] = static_cast<char>('0' + index % 10);
    index /= 10;
  } while (index > 0);
  for (int i = 0; i < n; ++i) buf[i] = digits[n - 1 - i];
  PointerHash h = Mix(parent, '/');
  for (int i = 0; i < n; ++i) h = Mix(h, buf[i]);
  return h;
}

PointerHash HashPointer(std::string_view pointer) {
  PointerHash h = kRootPointerHash;
  for (char c : pointer) h = Mix(h, c);
  return h;
}

std::optional<SourceSpan> PositionIndex::Find(std::string_view pointer) const {
  return FindHash(HashPointer(pointer));
}

std::optional<SourceSpan> PositionIndex::FindHash(PointerHash pointer) const {
  auto it = spans_.find(pointer);
  if (it == spans_.end()) return std::nullopt;
  return it->second;
}

}  // namespace sfn::loader
