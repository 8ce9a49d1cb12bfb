#include "render/style.h"

namespace sfn::render::style {

using Status = StateOverlay::Status;

std::string_view StatusFill(Status status) {
  switch (status) {
    case Status::kSucceeded:
      return "#c8f2c9";
    case Status::kFailed:
      return "#f4a09e";
    case Status::kCaught:
      return "#ffe3b3";
    case Status::kRunning:
      return "#bcd7f7";
    case Status::kCancelled:
      return "#fff0a0";
    case Status::kNotReached:
      break;
  }
  return kFill;
}

std::string_view StatusClusterFill(Status status) {
  switch (status) {
    case Status::kSucceeded:
      return "#e3f8e4";
    case Status::kFailed:
      return "#fbd0cf";
    case Status::kCaught:
      return "#ffe3b3";
    case Status::kRunning:
      return "#dde9fb";
    case Status::kCancelled:
      return "#fff7cc";
    case Status::kNotReached:
      break;
  }
  return kFill;
}

std::string_view StatusLegend(Status status) {
  switch (status) {
    case Status::kSucceeded:
      return "succeeded";
    case Status::kFailed:
      return "failed";
    case Status::kCaught:
      return "caught error";
    case Status::kRunning:
      return "running";
    case Status::kCancelled:
      return "cancelled";
    case Status::kNotReached:
      break;
  }
  return "not reached";
}

}  // namespace sfn::render::style
