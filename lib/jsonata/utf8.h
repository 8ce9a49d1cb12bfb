// UTF-8 helpers for the string functions.
//
// JSONata counts characters in Unicode code points ($length, $substring, $pad); regular-expression
// offsets are reported in UTF-16 code units as JavaScript does. Invalid bytes decode as U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"

namespace sfn::jsonata {

// Decodes the code point at `pos` and advances `pos`.
uint32_t DecodeUtf8(std::string_view s, size_t& pos);
using ::sfn::AppendUtf8;  // common/utf8.h
size_t CodePointCount(std::string_view s);
// Byte offsets of each code point start, plus s.size() at the end.
std::vector<size_t> CodePointOffsets(std::string_view s);
// Number of UTF-16 code units in the first `byte_offset` bytes.
size_t Utf16Length(std::string_view s, size_t byte_offset);

}  // namespace sfn::jsonata
