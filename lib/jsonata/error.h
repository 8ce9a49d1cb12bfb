// The one error type of the JSONata library.
//
// Codes are those of the reference implementation (S0101, T2001, D3001, U1001, ...). `position` is the
// character offset in the expression (0-based, as the reference implementation reports it) or -1 when
// unknown; `token` and `value` add detail where the reference implementation has them.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sfn::jsonata {

struct Error : std::runtime_error {
  std::string code;
  int64_t position = -1;
  std::string token;

  Error(std::string error_code, const std::string& message, int64_t pos = -1, std::string tok = {})
      : std::runtime_error(message), code(std::move(error_code)), position(pos), token(std::move(tok)) {}
};

}  // namespace sfn::jsonata
