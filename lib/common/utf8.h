// Encoding a Unicode code point as UTF-8: shared by the JSON reader, the JSONPath parser and JSONata.
#pragma once

#include <cstdint>
#include <string>

namespace sfn {

// Appends `cp` (at most U+10FFFF) to `out` as one to four UTF-8 bytes.
void AppendUtf8(std::string& out, uint32_t cp);

}  // namespace sfn
