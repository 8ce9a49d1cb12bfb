// PositionIndex: where each value of a parsed document came from, keyed by JSON Pointer.
//
// nlohmann::json keeps no source positions, so the readers record, for every value, the byte offset of
// the value and (for object members) of its key. Keys are 64-bit hashes of the pointer text, computed
// incrementally while parsing, so that no pointer strings are built for large files.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

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
  void Add(PointerHash pointer, SourceSpan span) { spans_.emplace(pointer, span); }
  std::optional<SourceSpan> Find(std::string_view pointer) const;
  std::optional<SourceSpan> FindHash(PointerHash pointer) const;
  size_t Size() const { return spans_.size(); }
  void Reserve(size_t n) { spans_.reserve(n); }

 private:
  std::unordered_map<PointerHash, SourceSpan> spans_;
};

}  // namespace sfn::loader
