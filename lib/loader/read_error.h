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
  // Values after alias expansion (YAML). A document without aliases holds fewer values than half its
  // bytes, so a reader stops at 100,000 + 2 x bytes, or here, whichever comes first: an alias bomb (a
  // few hundred bytes that expand to 10^8 values) is refused in a fraction of a second.
  size_t max_nodes = 20'000'000;
};

}  // namespace sfn::loader
