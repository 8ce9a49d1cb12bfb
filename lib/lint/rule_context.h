// RuleContext: what every semantic rule sees: the loaded document, the model, and a way to report a
// finding at a pointer inside the definition. Rules are plain functions over it (see rules.h).
#pragma once

#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "loader/document.h"
#include "model/state_machine.h"

namespace sfn::lint {

class RuleContext {
 public:
  RuleContext(const loader::Document& document, const model::StateMachine& machine)
      : document_(document), machine_(machine) {}

  const loader::Document& Document() const { return document_; }
  const model::StateMachine& Machine() const { return machine_; }

  // Reports at the value (or, with at_key, the key) at `pointer`, relative to the definition.
  void Report(std::string_view code, std::string_view pointer, std::string message, bool at_key = false);
  // Reports at a character offset inside the string value at `pointer`.
  void ReportInString(std::string_view code, std::string_view pointer, size_t offset, std::string message);
  void AddNote(std::string note);  // to the last finding
  // The definition's value at `pointer`, or nullptr.
  const Json* Raw(std::string_view pointer) const;

  std::vector<diag::Diagnostic>& Findings() { return findings_; }

 private:
  const loader::Document& document_;
  const model::StateMachine& machine_;
  std::vector<diag::Diagnostic> findings_;
  // Member indexes of large objects (such as "States"), built on first use, so that Raw stays O(depth).
  mutable std::unordered_map<const Json*, std::unordered_map<std::string_view, const Json*>> member_index_;
};

}  // namespace sfn::lint
