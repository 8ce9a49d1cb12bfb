// The JSON value type used throughout sfn.
//
// sfn keeps object members in insertion order, as AWS and JSONata do, so every value is an
// nlohmann::ordered_json. Helpers here are small and free of ASL knowledge.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sfn {

using Json = nlohmann::ordered_json;

// Escapes one reference token for a JSON Pointer (RFC 6901): '~' -> "~0", '/' -> "~1".
std::string EscapePointerToken(std::string_view token);

// Appends "/token" (escaped) to a JSON Pointer.
std::string AppendPointer(std::string_view pointer, std::string_view token);
std::string AppendPointer(std::string_view pointer, size_t index);

// The member `key` of `object`, or nullptr (also when `object` is not an object). A scan that compares
// lengths and first bytes before whole keys: ASL objects are small and most keys asked for are absent.
const Json* FindMember(const Json& object, std::string_view key);

// Serialises compactly, as AWS does in history payloads. Invalid UTF-8 is replaced, never thrown on.
std::string DumpCompact(const Json& value);

}  // namespace sfn
