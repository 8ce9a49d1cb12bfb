// Subtitles: the short second line under a state's name ("Task · lambda:invoke", "Wait 3600 s",
// "Fail · OutOfStock", "Map · INLINE · ItemsPath $.items", "Parallel · 2 branches"), and the labels
// of Retry and Catch edges.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "model/state_machine.h"
#include "render/text.h"

namespace sfn::render {

// The service and action of a Task resource: "arn:aws:states:::lambda:invoke" -> "lambda:invoke",
// "arn:aws:states:::aws-sdk:s3:getObject" -> "s3:getObject", a legacy Lambda ARN -> "lambda:<function>",
// an activity -> "activity:<name>". ".sync" and ".waitForTaskToken" suffixes stay. Anything else (a
// JSONata expression, a placeholder, another ARN) is shown as is, truncated to `width`.
std::string ResourceSubtitle(std::string_view resource, size_t width = kDefaultLabelWidth);

// The subtitle of a state, by type. Unknown types say what the definition holds.
std::string StateSubtitle(const model::State& state, size_t width = kDefaultLabelWidth);

// "Retry Lambda.TooManyRequests\n×3, 2 s, backoff 2[, max 30 s][, jitter]" (the line break is '\n').
std::string RetryLabel(const model::Retrier& retrier, size_t width = kDefaultLabelWidth);

// "Catch States.ALL\n→ $.error" (ResultPath, when the catcher has one).
std::string CatchLabel(const model::Catcher& catcher, size_t width = kDefaultLabelWidth);

// A number as a label shows it: integers without a fraction, others with up to 3 decimals.
std::string NumberText(double value);

}  // namespace sfn::render
