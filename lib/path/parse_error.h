// The error raised when a path, a reference path or an intrinsic function call does not parse.
//
// It carries the character offset (from 0, in bytes) inside the text that was parsed, so that a
// linter can point at the column where the problem is.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace sfn::path {

struct ParseError : std::runtime_error {
  size_t offset = 0;
  std::string message;

  ParseError(size_t at, std::string text) : std::runtime_error(text), offset(at), message(std::move(text)) {}
};

}  // namespace sfn::path
