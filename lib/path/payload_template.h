// Payload templates: Parameters, ResultSelector, ItemSelector and Assign in JSONPath mode.
//
// A template is JSON in which a member whose key ends in ".$" takes its value from a path ('$...',
// '$$...', '$name...') or an intrinsic call ('States.X(...)'), recursively through nested objects
// and arrays; the ".$" is dropped from the key in the output. Everything else is copied. A
// template is compiled once (paths and calls parsed, constant parts kept as they are) and
// evaluated many times:
//
//   PayloadTemplate t = PayloadTemplate::Compile(Json::parse(R"({"id.$": "$.order.id", "n": 1})"));
//   Json out = t.Evaluate(env);   // {"id": ..., "n": 1}
//
// A definite path that finds nothing fails with States.Runtime and AWS's cause ("The JSONPath
// '$.x' specified for the field 'x.$' could not be found in the input '...'"); an indefinite path
// gives an array; a failing intrinsic gives States.IntrinsicFailure.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "common/json.h"
#include "path/env.h"

namespace sfn::path {

namespace internal {
struct TemplateNode;
}

// A template that does not compile: where (a JSON Pointer into the template, naming the ".$"
// member), where in that member's string (a character offset), and why.
struct CompileError : std::runtime_error {
  std::string pointer;
  size_t offset = 0;
  std::string message;
  CompileError(std::string at, size_t offset_in_string, std::string text)
      : std::runtime_error(at + ": " + text),
        pointer(std::move(at)),
        offset(offset_in_string),
        message(std::move(text)) {}
};

class PayloadTemplate {
 public:
  // Throws CompileError.
  static PayloadTemplate Compile(const Json& tmpl);
  // Throws StatesError.
  Json Evaluate(const Env& env) const;
  // True when the template has no ".$" member: Evaluate returns it unchanged.
  bool IsConstant() const;

 private:
  explicit PayloadTemplate(std::shared_ptr<const internal::TemplateNode> root) : root_(std::move(root)) {}
  std::shared_ptr<const internal::TemplateNode> root_;
};

}  // namespace sfn::path
