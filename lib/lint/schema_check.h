// The structural check of a state machine definition: the first stage of `sfn validate`.
//
// A SchemaChecker holds the ASL JSON Schema (schemas/asl.schema.json, draft 7), parsed once, and checks
// definitions against it. The schema says which fields each state type allows, their JSON types, basic
// ranges, required fields and enums; meaning (transition targets, reachability, expressions, ...) is left
// to the semantic rules. A compiled form of the schema (compiled_schema.h) decides whether a definition is
// valid; valijson, the reference validator, can decide instead (UseValijson), and the tests hold the two
// to the same verdicts. When a definition is not valid, the checker walks the schema itself to produce one clear finding per problem, pointing at the offending key, in
// place of valijson's nested cascade of messages.
//
// Conventions the schema follows and the checker relies on:
// - an object schema's "title" names the object in messages ("unknown field 'Nxt' in Task state");
// - a "title" on a non-object schema is the phrase for what is expected ("a JSONata expression");
// - a "oneOf" whose branches are each {"required": [name]} means "exactly one of these fields", and its
//   "title" names the group ("missing 'Next' or 'End' in Pass state");
// - a schema titled "" (the ${Name} placeholder, a CloudFormation function) is an accepted alternative
//   that messages never name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/json.h"

namespace sfn::lint {

// One structural problem. `pointer` is the JSON Pointer of the offending value, or of the object that
// lacks a required field. `message` starts lowercase, has no final period and quotes names in '...'.
struct SchemaFinding {
  std::string pointer;
  std::string message;

  bool operator==(const SchemaFinding& other) const = default;
};

class SchemaChecker {
 public:
  // Reads and parses a schema file. Throws std::runtime_error naming the file if it cannot be read, is
  // not JSON, or is not a schema this checker supports.
  static SchemaChecker FromFile(const std::string& path);
  // Parses a schema document. Throws std::runtime_error if valijson rejects it or it uses a keyword
  // outside the supported draft 7 subset (so the checker's messages always agree with valijson).
  static SchemaChecker FromJson(const Json& schema);
  // The ASL schema built into sfn (schemas/asl.schema.json), compiled once per process. The explainer's
  // walk of it is prepared only when a definition first fails.
  static const SchemaChecker& Embedded();

  // Returns no findings for a valid definition. Safe to call from several threads at once.
  std::vector<SchemaFinding> Check(const Json& definition) const;

  // Decide validity with valijson instead of the compiled schema (same verdicts, slower).
  void UseValijson(bool on) { use_valijson_ = on; }
  // The two deciders, for tests that hold them to the same verdicts.
  bool AcceptsCompiled(const Json& definition) const;
  bool AcceptsWithValijson(const Json& definition) const;

  struct Impl;

 private:
  explicit SchemaChecker(std::shared_ptr<const Impl> impl);

  std::shared_ptr<const Impl> impl_;
  bool use_valijson_ = false;
};

}  // namespace sfn::lint
