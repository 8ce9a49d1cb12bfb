// libFuzzer target: compiles arbitrary text as a JSONata expression and evaluates it on a fixed
// document with a short time limit.
//
// Compiling and evaluating may only throw jsonata::Error (an S0xxx, T/D xxxx or U1001 code); they must
// never crash, hang past the time limit, or exhaust memory.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "jsonata/jsonata.h"

namespace {

using sfn::Json;
namespace jsonata = sfn::jsonata;

const Json& Document() {
  static const Json kDocument = Json::parse(R"({
    "Account": {"Name": "Firefly", "Order": [
      {"OrderID": "order103", "Product": [
        {"Name": "Bowler Hat", "ProductID": 858383, "Price": 34.45, "Quantity": 2,
         "Description": {"Colour": "Purple", "Width": 300, "Weight": 0.75}},
        {"Name": "Trilby hat", "ProductID": 858236, "Price": 21.67, "Quantity": 1}]},
      {"OrderID": "order104", "Product": [
        {"Name": "Cloak", "ProductID": 345664, "Price": 107.99, "Quantity": 1, "tags": ["a", "b"]}]}]},
    "nums": [1, 2, 3.5, -4, 1e308, -0.0], "text": "héllo wörld ✓", "empty": [], "nothing": null,
    "nested": [[1, [2, [3, [4]]]], {"a": {"a": {"a": "deep"}}}], "date": "2024-02-29T12:34:56.789Z"
  })");
  return kDocument;
}

const jsonata::Bindings& Variables() {
  static const jsonata::Bindings kBindings = [] {
    jsonata::Bindings b;
    b.Set("states", Json::parse(R"({"input": {"x": 1}, "context": {"Execution": {"Id": "arn:e"}}})"));
    b.Set("n", 3);
    return b;
  }();
  return kBindings;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  std::shared_ptr<const jsonata::Expression> expression;
  try {
    expression = jsonata::Expression::Compile(source);
  } catch (const jsonata::Error&) {
    return 0;
  }
  jsonata::Options options;
  options.time_limit = std::chrono::milliseconds(200);
  try {
    std::optional<Json> result = expression->Evaluate(&Document(), Variables(), options);
    if (result) (void)sfn::DumpCompact(*result);
  } catch (const jsonata::Error&) {
  }
  return 0;
}
