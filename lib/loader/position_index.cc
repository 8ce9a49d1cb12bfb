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
  if (slots_.empty()) return std::nullopt;
  const Slot& slot = slots_[SlotOf(pointer)];
  if (!slot.used()) return std::nullopt;
  return slot.span;
}

size_t PositionIndex::SlotOf(PointerHash pointer) const {
  size_t mask = slots_.size() - 1;
  // The FNV hash's low bits are weak: mix them (Fibonacci hashing) before probing linearly.
  size_t i = static_cast<size_t>((pointer * 0x9E3779B97F4A7C15ull) >> 32) & mask;
  while (slots_[i].used() && slots_[i].key != pointer) i = (i + 1) & mask;
  return i;
}

void PositionIndex::Grow(size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  for (const Slot& slot : old) {
    if (slot.used()) slots_[SlotOf(slot.key)] = slot;
  }
}

void PositionIndex::Reserve(size_t n) {
  size_t capacity = 16;
  while (3 * capacity < 4 * n) capacity *= 2;
  if (capacity > slots_.size()) Grow(capacity);
}

void PositionIndex::Add(PointerHash pointer, SourceSpan span) {
  if (4 * (size_ + 1) > 3 * slots_.size()) Grow(slots_.empty() ? 64 : 2 * slots_.size());
  Slot& slot = slots_[SlotOf(pointer)];
  if (slot.used()) return;
  if (span.value_offset == kEmpty) return;  // cannot be told from an empty slot
  slot = Slot{pointer, span};
  ++size_;
}

}  // namespace sfn::loader
