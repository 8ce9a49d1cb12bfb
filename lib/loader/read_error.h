// ReadError: why a reader could not turn text into a JSON value, with the byte offset of the problem and
// the diagnostic code that describes it (SFN002 invalid JSON, SFN004 duplicate key, ...).
#pragma once

#include <cstddef>
#include <string>

namespace sfn::loader {

struct ReadError {
  std::string code;
  std::string message;
  size_t offset = 0;
  bool has_offset = true;
};

struct ReadLimits {
  size_t max_depth = 512;             // nesting of arrays and objects
  size_t max_nodes = 20'000'000;      // values after alias expansion (YAML)
};

}  // namespace sfn::loader
