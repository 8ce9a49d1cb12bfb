// Timing of typical expressions over a ~1 KB document. Skipped by default; run with
//   sfn_jsonata_test -tc="benchmark*" --no-skip
// It reports CPU microseconds per evaluation (result conversion to JSON included).
#include <doctest/doctest.h>

#include <ctime>
#include <iostream>

#include "jsonata/jsonata.h"

namespace sfn::jsonata {
namespace {

constexpr const char* kDocument = R"({"Account": {"Account Name": "Firefly", "Order": [
  {"OrderID": "order103", "Product": [
    {"Product Name": "Bowler Hat", "ProductID": 858383, "SKU": "0406654608",
     "Description": {"Colour": "Purple", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.75},
     "Price": 34.45, "Quantity": 2},
    {"Product Name": "Trilby hat", "ProductID": 858236, "SKU": "0406634348",
     "Description": {"Colour": "Orange", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.6},
     "Price": 21.67, "Quantity": 1}]},
  {"OrderID": "order104", "Product": [
    {"Product Name": "Bowler Hat", "ProductID": 858383, "SKU": "040657863",
     "Description": {"Colour": "Purple", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.75},
     "Price": 34.45, "Quantity": 4},
    {"ProductID": 345664, "SKU": "0406654603", "Product Name": "Cloak",
     "Description": {"Colour": "Black", "Width": 30, "Height": 20, "Depth": 210, "Weight": 2},
     "Price": 107.99, "Quantity": 1}]}]}})";

double CpuMicros() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

TEST_CASE("benchmark: typical expressions" * doctest::skip()) {
  const char* expressions[] = {
      "Account.Order.Product[Price > 30].SKU",
      "$sum(Account.Order.Product.(Price * Quantity))",
      "{'names': Account.Order.Product.`Product Name`, 'total': $count(Account.Order)}",
      "Account.Order[0].Product[0].Description.Colour & '-' & $uppercase(Account.`Account Name`)",
      "Account.Order.Product^(>Price).{'sku': SKU, 'p': Price}",
      "Account.Order.Product{`Product Name`: $sum(Price)}",
      "$map(Account.Order.Product, function($p) { $p.Price * 2 })",
  };
  Json doc = Json::parse(kDocument);
  Bindings bindings;
  for (const char* source : expressions) {
    auto expr = Expression::Compile(source);
    constexpr int kRuns = 20000;
    double start = CpuMicros();
    size_t sink = 0;
    for (int i = 0; i < kRuns; ++i) sink += expr->Evaluate(&doc, bindings)->dump().size();
    double per_run = (CpuMicros() - start) / kRuns;
    std::cout << per_run << " us  " << source << "\n";
    CHECK(sink > 0);
  }
}

}  // namespace
}  // namespace sfn::jsonata
