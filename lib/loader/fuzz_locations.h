// Shared by the loader's fuzz targets: after a document loads, every JSON Pointer of its value must locate
// to a line of the file, and locating inside its strings must stay in bounds. Aborts otherwise.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"
#include "loader/document.h"

namespace sfn::loader::fuzz {

constexpr size_t kMaxPointers = 20000;  // enough for any seed; keeps one run short

inline void Require(bool condition, const char* what, const std::string& pointer) {
  if (condition) return;
  std::fprintf(stderr, "loader fuzz: %s at pointer '%s'\n", what, pointer.c_str());
  std::abort();
}

inline void CheckLocations(const sfn::loader::Document& document) {
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
        stack.emplace_back(&it.value(), sfn::AppendPointer(pointer, it.key()));
      }
    } else if (value->is_array()) {
      for (size_t i = 0; i < value->size(); ++i)
        stack.emplace_back(&(*value)[i], sfn::AppendPointer(pointer, i));
    }
  }
}

}  // namespace sfn::loader::fuzz
