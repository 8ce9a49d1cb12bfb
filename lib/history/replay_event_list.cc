#include "history/replay_event_list.h"

#include <algorithm>

#include "history/timestamps.h"

namespace sfn::history {
namespace {

std::string PadLeft(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string PadRight(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

struct Row {
  std::string id, previous, offset, type, state, frame;
};

}  // namespace

std::string RenderEventList(const std::vector<Event>& events, const FrameTree& tree) {
  std::optional<int64_t> start;
  if (!events.empty()) start = events.front().timestamp_ms;
  std::vector<Row> rows;
  rows.reserve(events.size() + 1);
  rows.push_back({"id", "prev", "offset", "type", "state", "frame"});
  std::vector<std::string> paths(tree.frames.size());
  for (size_t f = 0; f < tree.frames.size(); ++f) paths[f] = FramePath(tree, f);
  for (size_t pos = 0; pos < events.size(); ++pos) {
    const Event& e = events[pos];
    size_t frame = pos < tree.event_frame.size() ? tree.event_frame[pos] : 0;
    int depth = frame < tree.frames.size() ? tree.frames[frame].depth : 0;
    Row row;
    row.id = std::to_string(e.id);
    row.previous = std::to_string(e.previous_id);
    row.offset = start && e.timestamp_ms ? "+" + FormatDuration(*e.timestamp_ms - *start) : "-";
    row.type = std::string(static_cast<size_t>(depth) * 2, ' ') + e.type;
    std::string name = StateNameOf(e);
    if (name.empty() && pos < tree.event_instance.size() && tree.event_instance[pos]) {
      name = tree.Instance(*tree.event_instance[pos]).name;
    }
    if (name.empty() && IsIterationEvent(RoleOf(e.type))) name = DetailString(e, "name");
    row.state = name;
    row.frame = frame < paths.size() ? paths[frame] : "";
    rows.push_back(std::move(row));
  }
  size_t wid = 2, wprev = 4, woff = 6, wtype = 4, wstate = 5;
  for (const Row& r : rows) {
    wid = std::max(wid, r.id.size());
    wprev = std::max(wprev, r.previous.size());
    woff = std::max(woff, r.offset.size());
    wtype = std::max(wtype, r.type.size());
    wstate = std::max(wstate, r.state.size());
  }
  std::string out;
  for (const Row& r : rows) {
    std::string line = PadLeft(r.id, wid) + "  " + PadLeft(r.previous, wprev) + "  " + PadRight(r.offset, woff) + "  " +
                       PadRight(r.type, wtype) + "  " + PadRight(r.state, wstate) + "  " + r.frame;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace sfn::history
