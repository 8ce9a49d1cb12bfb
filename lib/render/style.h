// The palette shared by every emitter, so that dot and Mermaid diagrams look alike: the console's
// yellow Start and End circles, grey borders, orange Catch edges, and the overlay's status colours.
#pragma once

#include <string_view>

#include "render/overlay.h"

namespace sfn::render::style {

inline constexpr std::string_view kBorder = "#555555";
inline constexpr std::string_view kMuted = "#888888";  // Default edges, not-reached text, branches
inline constexpr std::string_view kFaint = "#bbbbbb";  // the legend's frame
inline constexpr std::string_view kFill = "#ffffff";
inline constexpr std::string_view kAnchorFill = "#ffda75";  // Start and End
inline constexpr std::string_view kClusterFill = "#f5f5f5";
inline constexpr std::string_view kCatch = "#e08a00";
inline constexpr std::string_view kTaken = "#1f6fd1";
inline constexpr std::string_view kError = "#c0392b";  // missing targets, unknown types
inline constexpr std::string_view kErrorFill = "#fbd0cf";
inline constexpr std::string_view kTakenWidth = "2.2";

// The fill of a state node with this status.
std::string_view StatusFill(StateOverlay::Status status);
// The lighter fill of a Parallel or Map cluster with this status.
std::string_view StatusClusterFill(StateOverlay::Status status);
// The legend's words: "succeeded", "failed", "caught error", "not reached", "running", "cancelled".
std::string_view StatusLegend(StateOverlay::Status status);

}  // namespace sfn::render::style
