#include "common/json.h"

#include <cstring>

namespace sfn {

namespace {

// Appends `token` to `out` with '~' and '/' escaped, copying the runs between them in one step each.
void AppendEscaped(std::string& out, std::string_view token) {
  size_t start = 0;
  for (size_t i = 0; i < token.size(); ++i) {
    char c = token[i];
    if (c != '~' && c != '/') continue;
    out.append(token, start, i - start);
    out += c == '~' ? "~0" : "~1";
    start = i + 1;
  }
  out.append(token, start);
}

}  // namespace

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  AppendEscaped(out, token);
  return out;
}

std::string AppendPointer(std::string_view pointer, std::string_view token) {
  std::string out;
  out.reserve(pointer.size() + 1 + token.size());
  out.append(pointer);
  out += '/';
  AppendEscaped(out, token);
  return out;
}

std::string AppendPointer(std::string_view pointer, size_t index) {
  std::string out(pointer);
  out += '/';
  out += std::to_string(index);
  return out;
}

const Json* FindMember(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  for (const auto& [name, value] : object.get_ref<const Json::object_t&>()) {
    if (name.size() == key.size() &&
        (key.empty() || (name[0] == key[0] && std::memcmp(name.data(), key.data(), key.size()) == 0))) {
      return &value;
    }
  }
  return nullptr;
}

std::string DumpCompact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace sfn
