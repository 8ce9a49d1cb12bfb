// A compiled regular expression for the '=~' operator of JSONPath filters.
//
// Jayway uses java.util.regex and Matcher.matches(), so a pattern must match the whole input.
// This wraps PCRE2 (whose syntax is close to Java's) in UTF mode with a match limit, so a
// pathological pattern fails instead of running for ever.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace sfn::path {

class Regex {
 public:
  // Compiles 'pattern' with Java-style flag letters (i, m, s, x, u, d, U). Returns nullptr and sets
  // 'error' (with the failing offset in 'error_offset') when it does not compile.
  static std::shared_ptr<const Regex> Compile(std::string_view pattern, std::string_view flags,
                                              std::string& error, size_t& error_offset);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // True when the whole of 'input' matches.
  bool FullMatch(std::string_view input) const;

 private:
  explicit Regex(void* code) : code_(code) {}
  void* code_;  // pcre2_code_8*
};

}  // namespace sfn::path
