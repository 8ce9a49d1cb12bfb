#include "common/json.h"

namespace sfn {

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string AppendPointer(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  out += EscapePointerToken(token);
  return out;
}

std::string AppendPointer(std::string_view pointer, size_t index) {
  std::string out(pointer);
  out += '/';
  out += std::to_string(index);
  return out;
}

std::string DumpCompact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace sfn
