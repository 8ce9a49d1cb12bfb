#include "model/substitution.h"

#include "model/state_machine.h"

namespace sfn::model {
namespace {

std::string AsText(const Json& value) { return value.is_string() ? value.get<std::string>() : DumpCompact(value); }

std::string SubstituteInString(const std::string& s, const Substitutions& subs) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t open = s.find("${", pos);
    if (open == std::string::npos) break;
    size_t close = s.find('}', open + 2);
    if (close == std::string::npos) break;
    out.append(s, pos, open - pos);
    auto it = subs.find(s.substr(open + 2, close - open - 2));
    if (it != subs.end()) {
      out += AsText(it->second);
    } else {
      out.append(s, open, close + 1 - open);
    }
    pos = close + 1;
  }
  out.append(s, pos, std::string::npos);
  return out;
}

Json SubstituteAt(const Json& value, const Substitutions& subs, size_t depth) {
  if (depth > 1000) return value;
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s.find("${") == std::string::npos) return value;
    if (IsPlaceholder(value)) {
      auto it = subs.find(s.substr(2, s.size() - 3));
      if (it != subs.end()) return it->second;
      return value;
    }
    return SubstituteInString(s, subs);
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it) out[it.key()] = SubstituteAt(it.value(), subs, depth + 1);
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& v : value) out.push_back(SubstituteAt(v, subs, depth + 1));
    return out;
  }
  return value;
}

}  // namespace

Json Substitute(const Json& value, const Substitutions& substitutions) {
  if (substitutions.empty()) return value;
  return SubstituteAt(value, substitutions, 0);
}

bool ParseSubstitution(const std::string& text, std::string& key, Json& value) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  key = text.substr(0, eq);
  std::string raw = text.substr(eq + 1);
  Json parsed = Json::parse(raw, nullptr, false);
  value = parsed.is_discarded() ? Json(raw) : parsed;
  return true;
}

}  // namespace sfn::model
