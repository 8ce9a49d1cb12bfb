#include "history/summary.h"

#include <algorithm>

namespace sfn::history {
namespace {

constexpr int kMaxTimelineDepth = 64;

std::optional<int64_t> Minus(std::optional<int64_t> a, std::optional<int64_t> b) {
  if (!a || !b) return std::nullopt;
  return *a - *b;
}

std::string ResourceText(const StateInstance& inst) {
  if (inst.resource_type.empty()) return inst.resource;
  return inst.resource_type + ":" + inst.resource;
}

class TimelineBuilder {
 public:
  TimelineBuilder(const std::vector<Event>& events, const FrameTree& tree, const SummaryOptions& options,
                  std::optional<int64_t> start_ms)
      : events_(events), tree_(tree), options_(options), start_ms_(start_ms) {}

  std::vector<TimelineRow> Build() {
    AddFrame(0, 0);
    return std::move(rows_);
  }

 private:
  void AddFrame(size_t frame, int depth);
  void AddState(const StateInstance& inst, size_t frame, int depth);
  void AddChildFrameRow(size_t frame, int depth);
  void AddIterationsRow(const StateInstance& map, size_t frame, int depth);
  std::pair<std::optional<int64_t>, std::optional<int64_t>> Span(size_t frame) const;

  const std::vector<Event>& events_;
  const FrameTree& tree_;
  const SummaryOptions& options_;
  std::optional<int64_t> start_ms_;
  std::vector<TimelineRow> rows_;
};

void TimelineBuilder::AddFrame(size_t frame, int depth) {
  if (depth > kMaxTimelineDepth) return;
  for (const StateInstance& inst : tree_.frames[frame].instances) AddState(inst, frame, depth);
}

void TimelineBuilder::AddState(const StateInstance& inst, size_t frame, int depth) {
  TimelineRow row;
  row.depth = depth;
  row.name = inst.name;
  row.type = inst.type;
  row.frame_path = FramePath(tree_, frame);
  row.offset_ms = Minus(inst.start_ms, start_ms_);
  row.duration_ms = Minus(inst.end_ms, inst.start_ms);
  row.status = std::string(StatusName(inst.status));
  row.attempts = inst.attempts;
  row.resource = ResourceText(inst);
  row.entered_event_id = inst.entered_event_id;
  rows_.push_back(std::move(row));
  if (inst.child_frames.empty()) return;
  if (inst.type == "Map" && !options_.expand_map) {
    AddIterationsRow(inst, frame, depth + 1);
    return;
  }
  for (size_t child : inst.child_frames) {
    AddChildFrameRow(child, depth + 1);
    AddFrame(child, depth + 2);
  }
}

// The time from the first to the last event of a frame that has a timestamp.
std::pair<std::optional<int64_t>, std::optional<int64_t>> TimelineBuilder::Span(size_t frame) const {
  std::optional<int64_t> first;
  std::optional<int64_t> last;
  for (int64_t id : tree_.frames[frame].event_ids) {
    std::optional<size_t> pos = tree_.PositionOf(id);
    if (!pos || !events_[*pos].timestamp_ms) continue;
    int64_t t = *events_[*pos].timestamp_ms;
    first = first ? std::min(*first, t) : t;
    last = last ? std::max(*last, t) : t;
  }
  return {first, last};
}

void TimelineBuilder::AddChildFrameRow(size_t frame, int depth) {
  const Frame& fr = tree_.frames[frame];
  auto [first, last] = Span(frame);
  TimelineRow row;
  row.kind = RowKind::kFrame;
  row.depth = depth;
  row.name = FrameLabel(fr);
  row.frame_path = FramePath(tree_, frame);
  row.offset_ms = Minus(first, start_ms_);
  row.duration_ms = Minus(last, first);
  row.status = std::string(StatusName(fr.status));
  rows_.push_back(std::move(row));
}

int Severity(InstanceStatus status) {
  switch (status) {
    case InstanceStatus::kSucceeded:
      return 0;
    case InstanceStatus::kAborted:
      return 1;
    case InstanceStatus::kRunning:
      return 2;
    case InstanceStatus::kCaughtError:
      return 3;
    case InstanceStatus::kTimedOut:
    case InstanceStatus::kFailed:
      return 4;
  }
  return 0;
}

void TimelineBuilder::AddIterationsRow(const StateInstance& map, size_t frame, int depth) {
  TimelineRow row;
  row.kind = RowKind::kMapIterations;
  row.depth = depth;
  row.frame_path = FramePath(tree_, frame);
  row.iterations = static_cast<int>(map.child_frames.size());
  row.name = std::to_string(row.iterations) + (row.iterations == 1 ? " iteration" : " iterations");
  std::optional<int64_t> first;
  std::optional<int64_t> last;
  InstanceStatus worst = InstanceStatus::kSucceeded;
  for (size_t child : map.child_frames) {
    const Frame& fr = tree_.frames[child];
    ++row.status_counts[std::string(StatusName(fr.status))];
    if (Severity(fr.status) > Severity(worst)) worst = fr.status;
    auto [f, l] = Span(child);
    if (f) first = first ? std::min(*first, *f) : *f;
    if (l) last = last ? std::max(*last, *l) : *l;
  }
  row.status = std::string(StatusName(worst));
  row.offset_ms = Minus(first, start_ms_);
  row.duration_ms = Minus(last, first);
  rows_.push_back(std::move(row));
}

RootCauseSummary DescribeRootCause(const FrameTree& tree) {
  RootCauseSummary out;
  const RootCause& root = tree.root_cause;
  out.found = root.found;
  out.error = root.error;
  out.cause = root.cause;
  out.event_type = root.event_type;
  out.event_id = root.event_id;
  if (root.instance) {
    const StateInstance& inst = tree.Instance(*root.instance);
    out.state = inst.name;
    out.state_type = inst.type;
    out.frame_path = FramePath(tree, root.instance->frame);
    out.frame_description = DescribeFrame(tree, root.instance->frame);
  }
  return out;
}

void FillExecutionEvents(const std::vector<Event>& events, const FrameTree& tree, Summary& summary) {
  for (const Event& event : events) {
    EventRole role = RoleOf(event.type);
    if (role == EventRole::kStateEntered) ++summary.state_transitions;
    if (role == EventRole::kExecutionStarted && !summary.start_ms && summary.start_text.empty()) {
      summary.start_ms = event.timestamp_ms;
      summary.start_text = event.timestamp_text;
      if (const Json* input = DetailValue(event, "input")) summary.input = *input;
    }
    if (event.id == tree.terminal_event_id && tree.terminal_event_id != 0) {
      summary.stop_ms = event.timestamp_ms;
      summary.stop_text = event.timestamp_text;
      summary.error = DetailString(event, "error");
      summary.cause = DetailString(event, "cause");
      if (const Json* output = DetailValue(event, "output")) summary.output = *output;
    }
  }
}

}  // namespace

Summary Summarise(const std::vector<Event>& events, const FrameTree& tree, const SummaryOptions& options) {
  Summary summary;
  summary.status = tree.execution_status;
  summary.event_count = static_cast<int64_t>(events.size());
  FillExecutionEvents(events, tree, summary);
  summary.duration_ms = Minus(summary.stop_ms, summary.start_ms);
  summary.root_cause = DescribeRootCause(tree);
  summary.timeline = TimelineBuilder(events, tree, options, summary.start_ms).Build();
  return summary;
}

Summary Summarise(const ReadResult& read, const SummaryOptions& options) {
  FrameTree tree = BuildFrames(read.events);
  Summary summary = Summarise(read.events, tree, options);
  summary.structure_only = read.structure_only;
  summary.incomplete = read.incomplete;
  return summary;
}

}  // namespace sfn::history
