// libFuzzer target: loads arbitrary bytes as a JSON document, then locates every value it holds.
//
// Loading must never crash, hang or leak; when the text loads, every JSON Pointer of the value must
// locate to a line of the file, and locating inside its strings must stay in bounds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "loader/fuzz_locations.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sfn::loader::LoadOptions options;
  options.format = sfn::loader::SourceFormat::kJson;
  sfn::loader::LoadResult result =
      sfn::loader::LoadText("fuzz.json", std::string(reinterpret_cast<const char*>(data), size), options);
  if (result.document) sfn::loader::fuzz::CheckLocations(*result.document);
  return 0;
}
