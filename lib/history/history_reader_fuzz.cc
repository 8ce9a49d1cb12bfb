// libFuzzer target: reads arbitrary text as an execution history, then builds its frames, checks it
// and summarises it.
//
// ReadHistory never throws for malformed input; the frame builder, the well-formedness checks and the
// summary must accept whatever the reader returns.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "history/frames.h"
#include "history/reader.h"
#include "history/summary.h"
#include "history/wellformed.h"

namespace history = sfn::history;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  history::ReadResult read = history::ReadHistory(text, "fuzz.json");
  for (const history::ReadIssue& issue : read.errors) (void)history::FormatIssue(read.source_name, issue);
  for (const history::ReadIssue& issue : read.warnings) (void)history::FormatIssue(read.source_name, issue);
  (void)history::FormatName(read.format);
  (void)history::CheckWellFormed(read);
  history::FrameTree tree = history::BuildFrames(read.events);
  for (size_t i = 0; i < tree.frames.size(); ++i) {
    (void)history::FramePath(tree, i);
    (void)history::DescribeFrame(tree, i);
    (void)history::FrameLabel(tree.frames[i]);
  }
  history::SummaryOptions options;
  options.expand_map = size % 2 == 1;
  history::Summary summary = history::Summarise(read, options);
  (void)history::RenderSummaryText(summary, options);
  (void)history::RenderTimelineText(summary);
  (void)sfn::DumpCompact(history::SummaryToJson(summary));
  return 0;
}
