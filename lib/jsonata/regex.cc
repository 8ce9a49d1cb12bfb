#define PCRE2_CODE_UNIT_WIDTH 8
#include "jsonata/regex.h"

#include <pcre2.h>

#include "jsonata/error.h"

namespace sfn::jsonata {

std::shared_ptr<const Regex> Regex::Compile(std::string_view pattern, std::string_view flags) {
  uint32_t options = PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_MATCH_UNSET_BACKREF;
  bool multiline = flags.find('m') != std::string_view::npos;
  if (flags.find('i') != std::string_view::npos) options |= PCRE2_CASELESS;
  if (multiline) {
    options |= PCRE2_MULTILINE;
  } else {
    options |= PCRE2_DOLLAR_ENDONLY;
  }
  pcre2_compile_context* ctx = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(ctx, PCRE2_NEWLINE_ANY);
  pcre2_set_compile_extra_options(ctx, PCRE2_EXTRA_ALT_BSUX);
  int err = 0;
  PCRE2_SIZE err_offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &err,
                                   &err_offset, ctx);
  pcre2_compile_context_free(ctx);
  if (!code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(err, buf, sizeof(buf));
    throw Error("S0303", "invalid regular expression: " + std::string(reinterpret_cast<char*>(buf)),
                static_cast<int64_t>(err_offset));
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  std::shared_ptr<Regex> re(new Regex());
  re->pattern_ = std::string(pattern);
  re->flags_ = std::string(flags);
  re->code_ = code;
  return re;
}

Regex::~Regex() {
  if (code_) pcre2_code_free(static_cast<pcre2_code*>(code_));
}

std::optional<RegexMatch> Regex::Exec(std::string_view subject, size_t start) const {
  auto* code = static_cast<pcre2_code*>(code_);
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
  int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), start, PCRE2_NO_UTF_CHECK,
                       md, nullptr);
  if (rc < 0) {
    pcre2_match_data_free(md);
    if (rc == PCRE2_ERROR_NOMATCH) return std::nullopt;
    throw Error("D1004", "regular expression matching failed");
  }
  uint32_t count = pcre2_get_ovector_count(md);
  PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
  RegexMatch m;
  m.start = ov[0];
  m.end = ov[1];
  uint32_t capture_count = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &capture_count);
  for (uint32_t i = 1; i <= capture_count; ++i) {
    if (i < count && static_cast<int>(i) < rc && ov[2 * i] != PCRE2_UNSET) {
      m.groups.emplace_back(std::make_pair(static_cast<size_t>(ov[2 * i]), static_cast<size_t>(ov[2 * i + 1])));
    } else {
      m.groups.emplace_back(std::nullopt);
    }
  }
  pcre2_match_data_free(md);
  return m;
}

}  // namespace sfn::jsonata
