// PositionIndex: where each value of a parsed document came from, keyed by JSON Pointer.
//
// nlohmann::json keeps no source positions, so the readers record, for every value, the byte offset of
// the value and (for object members) of its key. Keys are 64-bit hashes of the pointer text, computed
// incrementally while parsing, so that no pointer strings are built for large files. The spans live in one
// open-addressing table (no allocation per value): a 5,000-state definition holds a few hundred thousand.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sfn::loader {

using PointerHash = uint64_t;

constexpr PointerHash kRootPointerHash = 14695981039346656037ull;  // the hash of "" (the root)

// Extends the hash of a pointer by one reference token (unescaped): hash("/a" + "/" + escape(token)).
PointerHash ExtendPointerHash(PointerHash parent, std::string_view token);
PointerHash ExtendPointerHash(PointerHash parent, size_t index);
// Hash of a whole (escaped) JSON Pointer.
PointerHash HashPointer(std::string_view pointer);

struct SourceSpan {
  uint32_t value_offset = 0;
  uint32_t key_offset = kNoKey;  // offset of the member's key, or kNoKey
  static constexpr uint32_t kNoKey = UINT32_MAX;
};

class PositionIndex {
 public:
  // Records where `pointer` came from; the first span recorded for a pointer is kept.
  void Add(PointerHash pointer, SourceSpan span);
  std::optional<SourceSpan> Find(std::string_view pointer) const;
  std::optional<SourceSpan> FindHash(PointerHash pointer) const;
  size_t Size() const { return size_; }
  void Reserve(size_t n);

 private:
  struct Slot {
    PointerHash key = 0;
    SourceSpan span{kEmpty, SourceSpan::kNoKey};
    bool used() const { return span.value_offset != kEmpty; }
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;  // no value starts there: sources are under 4 GiB
  size_t SlotOf(PointerHash pointer) const;  // the slot holding `pointer`, or the empty one where it goes
  void Grow(size_t capacity);

  std::vector<Slot> slots_;  // a power of two in size, at most three quarters full
  size_t size_ = 0;
};

}  // namespace sfn::loader
