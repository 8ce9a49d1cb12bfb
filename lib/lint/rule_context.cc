#include "lint/rule_context.h"

namespace sfn::lint {

void RuleContext::Report(std::string_view code, std::string_view pointer, std::string message, bool at_key) {
  findings_.push_back(document_.At(code, machine_.SourcePointer(pointer), std::move(message), at_key));
}

void RuleContext::ReportInString(std::string_view code, std::string_view pointer, size_t offset, std::string message) {
  std::string source_pointer = machine_.SourcePointer(pointer);
  diag::Diagnostic d = diag::MakeDiagnostic(code, document_.LocateInString(source_pointer, offset), std::move(message));
  document_.FillSourceLine(d);
  findings_.push_back(std::move(d));
}

const Json* RuleContext::Raw(std::string_view pointer) const {
  const Json* node = &machine_.definition;
  std::string unescaped;  // used only by tokens that hold '~'
  size_t pos = 0;
  while (pos < pointer.size()) {
    size_t next = pointer.find('/', pos + 1);
    if (next == std::string_view::npos) next = pointer.size();
    std::string_view token = pointer.substr(pos + 1, next - pos - 1);
    if (token.find('~') != std::string_view::npos) {
      unescaped.assign(token);
      for (size_t i = 0; (i = unescaped.find('~', i)) != std::string::npos; ++i) {
        if (i + 1 < unescaped.size()) unescaped.replace(i, 2, unescaped[i + 1] == '1' ? "/" : "~");
      }
      token = unescaped;
    }
    if (node->is_object() && node->size() > 16) {
      auto [entry, created] = member_index_.try_emplace(node);
      if (created) {
        for (auto it = node->begin(); it != node->end(); ++it) entry->second.emplace(it.key(), &it.value());
      }
      auto found = entry->second.find(token);
      if (found == entry->second.end()) return nullptr;
      node = found->second;
    } else if (node->is_object()) {
      const Json* member = FindMember(*node, token);
      if (member == nullptr) return nullptr;
      node = member;
    } else if (node->is_array()) {
      size_t index = 0;
      if (token.empty() || token.size() > 9 || token.find_first_not_of("0123456789") != std::string_view::npos) {
        return nullptr;
      }
      for (char c : token) index = index * 10 + static_cast<size_t>(c - '0');
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
    pos = next;
  }
  return node;
}

void RuleContext::AddNote(std::string note) {
  if (!findings_.empty()) findings_.back().notes.push_back(std::move(note));
}

}  // namespace sfn::lint
