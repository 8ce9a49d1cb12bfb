#include "render/text.h"

#include <cstdint>

namespace sfn::render {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

// The length of the UTF-8 sequence that starts at text[i]; 1 for an invalid or truncated sequence.
size_t SequenceLength(std::string_view text, size_t i) {
  auto lead = static_cast<unsigned char>(text[i]);
  size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  if (i + n > text.size()) return 1;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

uint32_t DecodeAt(std::string_view text, size_t i, size_t n) {
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(text[i + k])); };
  switch (n) {
    case 2:
      return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
    case 3:
      return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    case 4:
      return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
    default:
      return byte(0);
  }
}

// A code point that belongs to the character before it: combining marks, variation selectors, the
// zero-width joiner, emoji skin-tone modifiers and tag characters.
bool Extends(uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) ||
         (cp >= 0x20D0 && cp <= 0x20FF);
}

}  // namespace

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); i += SequenceLength(text, i)) ++count;
  return count;
}

std::string Truncate(std::string_view text, size_t width) {
  if (width == 0 || CodePointCount(text) <= width) return std::string(text);
  // Keep width - 1 code points, then step back so that no extending code point (or one after a joiner)
  // is separated from its base.
  size_t keep = width - 1;
  size_t cut = 0;
  size_t last_base = 0;  // byte offset of the latest code point that starts a new character
  bool after_joiner = false;
  for (size_t count = 0; cut < text.size() && count < keep; ++count) {
    size_t n = SequenceLength(text, cut);
    uint32_t cp = DecodeAt(text, cut, n);
    if (!Extends(cp) && !after_joiner) last_base = cut;
    after_joiner = cp == 0x200D;
    cut += n;
  }
  if (cut < text.size()) {
    uint32_t next = DecodeAt(text, cut, SequenceLength(text, cut));
    if (Extends(next) || after_joiner) cut = last_base;
  }
  std::string out(text.substr(0, cut));
  out += kEllipsis;
  return out;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}


size_t ValidSequenceLength(std::string_view text, size_t i) {
  size_t n = SequenceLength(text, i);
  uint32_t cp = DecodeAt(text, i, n);
  bool invalid = (n == 1 && static_cast<unsigned char>(text[i]) >= 0x80) || (n == 2 && cp < 0x80) ||
                 (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                 (n == 4 && (cp < 0x10000 || cp > 0x10FFFF));
  return invalid ? 0 : n;
}

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t n = ValidSequenceLength(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace sfn::render
