// libFuzzer target: loads arbitrary bytes as a JSON document, then locates every value it holds.
//
// Loading must never crash, hang or leak; when the text loads, every JSON Pointer of the value must
// locate to a line of the file, and locating inside its strings must stay in bounds.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "loader/document.h"

namespace {

constexpr size_t kMaxPointers = 20000;  // enough for any seed; keeps one run short

std::string EscapeToken(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

void Require(bool condition, const char* what, const std::string& pointer) {
  if (condition) return;
  std::fprintf(stderr, "loader fuzz: %s at pointer '%s'\n", what, pointer.c_str());
  std::abort();
}

void CheckLocations(const sfn::loader::Document& document) {
  int lines = document.Source().LineCount();
  std::vector<std::pair<const sfn::Json*, std::string>> stack{{&document.Root(), ""}};
  size_t visited = 0;
  while (!stack.empty() && visited++ < kMaxPointers) {
    auto [value, pointer] = std::move(stack.back());
    stack.pop_back();
    for (bool at_key : {false, true}) {
      sfn::diag::Location loc = document.Locate(pointer, at_key);
      Require(loc.line >= 1 && loc.line <= lines, "Locate gave a line outside the file", pointer);
      Require(loc.column >= 1, "Locate gave a column before the line", pointer);
    }
    for (size_t offset : {size_t{0}, size_t{1}, size_t{7}, size_t{100000}}) {
      sfn::diag::Location loc = document.LocateInString(pointer, offset);
      Require(loc.line >= 1 && loc.line <= lines, "LocateInString gave a line outside the file", pointer);
    }
    if (value->is_object()) {
      for (auto it = value->begin(); it != value->end(); ++it) {
        stack.emplace_back(&it.value(), pointer + "/" + EscapeToken(it.key()));
      }
    } else if (value->is_array()) {
      for (size_t i = 0; i < value->size(); ++i)
        stack.emplace_back(&(*value)[i], pointer + "/" + std::to_string(i));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sfn::loader::LoadOptions options;
  options.format = sfn::loader::SourceFormat::kJson;
  sfn::loader::LoadResult result =
      sfn::loader::LoadText("fuzz.json", std::string(reinterpret_cast<const char*>(data), size), options);
  if (result.document) CheckLocations(*result.document);
  return 0;
}
