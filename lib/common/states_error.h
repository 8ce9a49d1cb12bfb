// The error value that ASL carries: an error name and a cause.
//
// Evaluation code inside one state (paths, intrinsic functions, payload templates, JSONata) throws
// StatesError; the engine catches it at the state boundary and turns it into a value that Retry and
// Catch can match. It never crosses from one state to the next as an exception.
#pragma once

#include <stdexcept>
#include <string>

namespace sfn {

struct StatesError : std::runtime_error {
  std::string error;  // e.g. "States.Runtime", "States.IntrinsicFailure"
  std::string cause;  // human-readable text, as AWS puts in the cause field

  StatesError(std::string error_name, std::string cause_text)
      : std::runtime_error(error_name + ": " + cause_text),
        error(std::move(error_name)),
        cause(std::move(cause_text)) {}
};

}  // namespace sfn
