// Label text: the small string helpers every emitter shares. Labels are measured in Unicode code points
// (not bytes), cut only between characters, and never split an emoji sequence (a joiner, variation
// selector or combining mark stays with the character before it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sfn::render {

// The default width of edge labels and subtitles, in characters.
inline constexpr size_t kDefaultLabelWidth = 60;

// The number of code points in UTF-8 text (an invalid byte counts as one).
size_t CodePointCount(std::string_view text);

// `text` when it has at most `width` code points; otherwise its first characters and "…", `width` code
// points in all. A width of 0 means no limit.
std::string Truncate(std::string_view text, size_t width);

// Collapses whitespace runs (including newlines and tabs) into single spaces and trims both ends.
std::string CollapseSpaces(std::string_view text);


// The length of the valid UTF-8 sequence at text[i], or 0 when the bytes there are not one (a bad lead or
// continuation byte, an overlong form, a surrogate, a code point above U+10FFFF).
size_t ValidSequenceLength(std::string_view text, size_t i);

// `text` with every invalid UTF-8 sequence (bad lead or continuation byte, overlong form, surrogate, a
// code point above U+10FFFF) replaced by U+FFFD, so emitted files are always valid UTF-8.
std::string ValidUtf8(std::string_view text);

}  // namespace sfn::render
