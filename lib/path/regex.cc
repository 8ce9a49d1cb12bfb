#define PCRE2_CODE_UNIT_WIDTH 8
#include "path/regex.h"

#include <pcre2.h>

namespace sfn::path {
namespace {

constexpr uint32_t kMatchLimit = 1'000'000;

uint32_t FlagOptions(std::string_view flags) {
  uint32_t options = 0;
  for (char f : flags) {
    switch (f) {
      case 'i':
        options |= PCRE2_CASELESS;
        break;
      case 'm':
        options |= PCRE2_MULTILINE;
        break;
      case 's':
        options |= PCRE2_DOTALL;
        break;
      case 'x':
        options |= PCRE2_EXTENDED;
        break;
      case 'U':
        options |= PCRE2_UCP;
        break;
      default:
        break;  // 'u' and 'd' have no PCRE2 counterpart that changes matching here
    }
  }
  return options;
}

}  // namespace

std::shared_ptr<const Regex> Regex::Compile(std::string_view pattern, std::string_view flags,
                                            std::string& error, size_t& error_offset) {
  int code = 0;
  PCRE2_SIZE offset = 0;
  uint32_t options =
      PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED | FlagOptions(flags);
  pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options,
                                       &code, &offset, nullptr);
  if (compiled == nullptr) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(code, buffer, sizeof buffer);
    error = reinterpret_cast<const char*>(buffer);
    error_offset = offset;
    return nullptr;
  }
  return std::shared_ptr<const Regex>(new Regex(compiled));
}

Regex::~Regex() { pcre2_code_free(static_cast<pcre2_code*>(code_)); }

bool Regex::FullMatch(std::string_view input) const {
  auto* code = static_cast<pcre2_code*>(code_);
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(code, nullptr);
  pcre2_match_context* context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(context, kMatchLimit);
  int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(input.data()), input.size(), 0, 0, data, context);
  pcre2_match_context_free(context);
  pcre2_match_data_free(data);
  return rc >= 0;
}

}  // namespace sfn::path
