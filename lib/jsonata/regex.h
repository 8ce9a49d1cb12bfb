// Regular expressions with JavaScript semantics, on PCRE2.
//
// A JSONata regex literal /pattern/flags (flags i and m) compiles once with the expression; matching is
// thread-safe. Offsets are byte offsets into the UTF-8 subject.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::jsonata {

struct RegexMatch {
  size_t start = 0;  // byte offsets
  size_t end = 0;
  std::vector<std::optional<std::pair<size_t, size_t>>> groups;  // capture groups 1..n
};

class Regex {
 public:
  // Throws Error D1004-like codes never; an invalid pattern throws Error "S0303".
  static std::shared_ptr<const Regex> Compile(std::string_view pattern, std::string_view flags);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  std::optional<RegexMatch> Exec(std::string_view subject, size_t start) const;
  const std::string& pattern() const { return pattern_; }
  const std::string& flags() const { return flags_; }

 private:
  Regex() = default;
  std::string pattern_;
  std::string flags_;
  void* code_ = nullptr;
};

}  // namespace sfn::jsonata
