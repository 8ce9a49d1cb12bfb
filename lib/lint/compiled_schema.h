// A JSON Schema compiled for fast yes/no validation of definitions.
//
// The schema is compiled once into a graph of nodes: types as a bit mask, properties in a hash map,
// $ref resolved to the target node, patterns compiled with PCRE2 on first use. Accepts() then walks a
// definition (sfn's own JSON type, without copying it) and stops at the first failure. It implements
// the same draft 7 subset as the explainer in schema_check.cc (SchemaLoader admits nothing else), and
// agrees with valijson, the reference validator, on every definition the tests know of
// (compiled_schema_test.cc). It is an order of magnitude faster: a definition of 5,000 states is
// checked in milliseconds.
#pragma once

#include <memory>

#include "common/json.h"

namespace sfn::lint {

class CompiledSchema {
 public:
  // Compiles a schema document that SchemaLoader has admitted. Throws std::runtime_error on a pattern
  // that does not compile or a $ref that does not resolve.
  explicit CompiledSchema(const Json& schema);
  ~CompiledSchema();
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;

  // True when `value` is valid against the schema. Safe to call from several threads at once.
  bool Accepts(const Json& value) const;

  struct Graph;

 private:
  std::unique_ptr<Graph> graph_;
};

}  // namespace sfn::lint
