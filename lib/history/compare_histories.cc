#include "history/compare_histories.h"

#include <algorithm>
#include <map>
#include <utility>

namespace sfn::history {
namespace {

constexpr int kMaxMaskDepth = 600;
constexpr size_t kMaxCollected = 100000;

struct Attempt {
  const Event* scheduled = nullptr;
  const Event* outcome = nullptr;
};

std::vector<Attempt> AttemptsOf(const HistoryView& view, const StateInstance& inst) {
  std::vector<Attempt> out;
  for (int64_t id : inst.event_ids) {
    const Event* event = view.EventById(id);
    if (event == nullptr) continue;
    EventRole role = RoleOf(event->type);
    if (role == EventRole::kTaskScheduled) {
      out.push_back({event, nullptr});
    } else if (role == EventRole::kTaskSucceeded || IsTaskFailure(role)) {
      if (out.empty() || out.back().outcome != nullptr) out.push_back({nullptr, nullptr});
      out.back().outcome = event;
    }
  }
  return out;
}

// `expected` with every place where the two replays disagree replaced by the replayed value.
Json MaskWithProbe(const Json& expected, const Json& actual, const Json& probe, int depth) {
  if (depth > kMaxMaskDepth || actual == probe) return expected;
  if (expected.is_object() && actual.is_object() && probe.is_object()) {
    Json out = expected;
    for (auto it = out.begin(); it != out.end(); ++it) {
      auto a = actual.find(it.key());
      auto p = probe.find(it.key());
      if (a != actual.end() && p != probe.end()) it.value() = MaskWithProbe(it.value(), *a, *p, depth + 1);
    }
    return out;
  }
  if (expected.is_array() && actual.is_array() && probe.is_array() && expected.size() == actual.size() &&
      actual.size() == probe.size()) {
    Json out = Json::array();
    for (size_t i = 0; i < expected.size(); ++i) out.push_back(MaskWithProbe(expected[i], actual[i], probe[i], depth + 1));
    return out;
  }
  return actual;
}

bool IsCut(InstanceStatus status) { return status == InstanceStatus::kAborted || status == InstanceStatus::kRunning; }

bool FrameCut(const Frame& frame) {
  if (frame.status == InstanceStatus::kAborted || frame.status == InstanceStatus::kRunning) return true;
  return !frame.instances.empty() && IsCut(frame.instances.back().status);
}

std::string Quote(const std::string& name) { return "'" + name + "'"; }

class TreeComparer {
 public:
  TreeComparer(const HistoryView& rec, const HistoryView& rep, const HistoryView* probe,
               const HistoryCompareOptions& options)
      : rec_(rec), rep_(rep), probe_(probe), options_(options) {}

  std::vector<Divergence> Run() {
    if (!rec_.tree->frames.empty() && !rep_.tree->frames.empty()) {
      std::optional<size_t> probe_root;
      if (probe_ != nullptr && !probe_->tree->frames.empty()) probe_root = 0;
      CompareFrame(0, 0, probe_root);
    }
    CompareOutcome();
    return std::move(out_);
  }

 private:
  // Where a divergence shows: the recorded frame and state.
  struct Place {
    size_t frame = 0;
    std::string state;
  };

  // Enough divergences to be sure of the first `max_divergences` in event order.
  bool Full() const {
    size_t cap = options_.max_divergences >= kMaxCollected / 4 ? kMaxCollected : options_.max_divergences * 4 + 64;
    return out_.size() >= cap;
  }

  Divergence& Add(const Place& place, int64_t event_id, int64_t replay_event_id, std::string aspect,
                  std::string message) {
    Divergence d;
    d.event_id = event_id;
    d.replay_event_id = replay_event_id;
    if (place.frame < rec_.tree->frames.size()) {
      d.frame = FramePath(*rec_.tree, place.frame);
      d.frame_description = DescribeFrame(*rec_.tree, place.frame);
    }
    d.state = place.state;
    d.aspect = std::move(aspect);
    d.message = std::move(message);
    out_.push_back(std::move(d));
    return out_.back();
  }

  // Compares two values, masking what the probe replay shows to be unreproducible.
  void CompareValue(const Place& place, int64_t event_id, int64_t replay_event_id, const std::string& aspect,
                    const Json& expected, const Json& actual, const Json* probe) {
    std::optional<ValueMismatch> m;
    if (probe != nullptr) {
      m = CompareValues(MaskWithProbe(expected, actual, *probe, 0), actual, options_.values);
    } else {
      m = CompareValues(expected, actual, options_.values);
    }
    if (!m) return;
    Divergence& d = Add(place, event_id, replay_event_id, aspect,
                        "the " + aspect + " differs" + (m->pointer.empty() ? "" : " at " + m->pointer));
    d.pointer = m->pointer;
    d.expected = m->expected;
    d.actual = m->actual;
  }

  const StateInstance* ProbeInstance(std::optional<size_t> frame, size_t k) const {
    if (!frame || probe_ == nullptr) return nullptr;
    const Frame& f = probe_->tree->frames[*frame];
    return k < f.instances.size() ? &f.instances[k] : nullptr;
  }

  void CompareFrame(size_t rf, size_t pf, std::optional<size_t> qf) {
    const Frame& rframe = rec_.tree->frames[rf];
    const Frame& pframe = rep_.tree->frames[pf];
    const auto& rs = rframe.instances;
    const auto& ps = pframe.instances;
    size_t common = std::min(rs.size(), ps.size());
    for (size_t k = 0; k < common && !Full(); ++k) {
      if (rs[k].name != ps[k].name) {
        std::string from = k == 0 ? "the start" : Quote(rs[k - 1].name);
        Divergence& d = Add({rf, k == 0 ? rs[k].name : rs[k - 1].name}, rs[k].entered_event_id,
                            ps[k].entered_event_id, "next state",
                            "after " + from + " the recording went to " + Quote(rs[k].name) + ", the replay to " +
                                Quote(ps[k].name));
        d.expected = Json(rs[k].name);
        d.actual = Json(ps[k].name);
        return;
      }
      CompareInstance(rs[k], ps[k], ProbeInstance(qf, k));
    }
    bool cut = FrameCut(rframe) || FrameCut(pframe) || options_.replay_stopped;
    if (rs.size() > ps.size() && !cut) {
      const StateInstance& missing = rs[ps.size()];
      std::string after = ps.empty() ? "before its first state" : "after " + Quote(ps.back().name);
      Divergence& d = Add({rf, ps.empty() ? missing.name : ps.back().name}, missing.entered_event_id,
                          ps.empty() ? 0 : ps.back().event_ids.back(), "next state",
                          "the replay stopped " + after + " where the recording went on to " + Quote(missing.name));
      d.expected = Json(missing.name);
    } else if (ps.size() > rs.size() && !cut && options_.recording_complete) {
      const StateInstance& extra = ps[rs.size()];
      int64_t last = rs.empty() ? (rframe.event_ids.empty() ? 0 : rframe.event_ids.back()) : rs.back().event_ids.back();
      std::string after = rs.empty() ? "" : " after " + Quote(rs.back().name);
      Divergence& d = Add({rf, rs.empty() ? extra.name : rs.back().name}, last, extra.entered_event_id, "next state",
                          "the replay went on to " + Quote(extra.name) + after + " where the recording stopped");
      d.actual = Json(extra.name);
    }
  }

  void CompareInstance(const StateInstance& r, const StateInstance& p, const StateInstance* q) {
    Place place{r.frame, r.name};
    if (options_.payloads && r.input && p.input) {
      CompareValue(place, r.entered_event_id, p.entered_event_id, "input", *r.input, *p.input,
                   q && q->input ? &*q->input : nullptr);
    }
    if (r.type == "Task") CompareAttempts(place, r, p, q);
    bool either_cut = IsCut(r.status) || IsCut(p.status) || MergedBranches(r);
    if (!either_cut) CompareStatus(place, r, p);
    if (options_.payloads && r.exited_event_id != 0 && p.exited_event_id != 0) CompareExit(place, r, p, q);
    if (r.type == "Map" || r.type == "Parallel") CompareChildren(r, p, q);
  }

  void CompareAttempts(const Place& place, const StateInstance& r, const StateInstance& p, const StateInstance* q) {
    std::vector<Attempt> ra = AttemptsOf(rec_, r);
    std::vector<Attempt> pa = AttemptsOf(rep_, p);
    std::vector<Attempt> qa = q != nullptr ? AttemptsOf(*probe_, *q) : std::vector<Attempt>{};
    size_t common = std::min(ra.size(), pa.size());
    for (size_t a = 0; a < common; ++a) {
      if (ra[a].scheduled == nullptr || pa[a].scheduled == nullptr) continue;
      const Event& rs = *ra[a].scheduled;
      const Event& ps = *pa[a].scheduled;
      if (!options_.payloads) continue;
      for (const char* field : {"parameters", "input"}) {
        const Json* rv = DetailValue(rs, field);
        const Json* pv = DetailValue(ps, field);
        if (rv == nullptr || pv == nullptr) continue;
        const Json* qv = a < qa.size() && qa[a].scheduled ? DetailValue(*qa[a].scheduled, field) : nullptr;
        CompareValue(place, rs.id, ps.id, "parameters", *rv, *pv, qv);
      }
    }
    if (ra.size() == pa.size() || IsCut(r.status) || IsCut(p.status)) return;
    int64_t event_id = 0, replay_event_id = 0;
    if (ra.size() > pa.size()) {
      const Attempt& first_missing = ra[pa.size()];
      event_id = first_missing.scheduled ? first_missing.scheduled->id : first_missing.outcome->id;
      replay_event_id = p.event_ids.back();
    } else {
      event_id = r.exited_event_id != 0 ? r.exited_event_id : r.event_ids.back();
      const Attempt& extra = pa[ra.size()];
      replay_event_id = extra.scheduled ? extra.scheduled->id : extra.outcome->id;
    }
    Divergence& d = Add(place, event_id, replay_event_id, "attempts",
                        "the recording made " + std::to_string(ra.size()) + " attempt" + (ra.size() == 1 ? "" : "s") +
                            ", the replay " + std::to_string(pa.size()) +
                            " (a Retry that fired in one and not in the other)");
    d.expected = Json(ra.size());
    d.actual = Json(pa.size());
  }

  static int64_t OutcomeEvent(const StateInstance& inst) {
    if (inst.exited_event_id != 0) return inst.exited_event_id;
    if (inst.failure_event_id != 0) return inst.failure_event_id;
    return inst.event_ids.empty() ? inst.entered_event_id : inst.event_ids.back();
  }

  void CompareStatus(const Place& place, const StateInstance& r, const StateInstance& p) {
    if (r.status != p.status) {
      std::string message = r.status == InstanceStatus::kCaughtError || p.status == InstanceStatus::kCaughtError
                                ? "the state caught an error in one run and not in the other"
                                : "the state ended differently";
      if (!p.error.empty() && p.status != InstanceStatus::kSucceeded) {
        message += "; the replay's error: " + p.error + (p.cause.empty() ? "" : " (" + p.cause + ")");
      }
      Divergence& d = Add(place, OutcomeEvent(r), OutcomeEvent(p), "status", message);
      d.expected = Json(std::string(StatusName(r.status)));
      d.actual = Json(std::string(StatusName(p.status)));
      return;
    }
    bool failed = r.status == InstanceStatus::kFailed || r.status == InstanceStatus::kCaughtError ||
                  r.status == InstanceStatus::kTimedOut;
    if (failed && !r.error.empty() && !StringsMatch(r.error, p.error, options_.values)) {
      Divergence& d = Add(place, OutcomeEvent(r), OutcomeEvent(p), "error", "the state failed with another error");
      d.expected = Json(r.error);
      d.actual = Json(p.error);
    }
  }

  void CompareExit(const Place& place, const StateInstance& r, const StateInstance& p, const StateInstance* q) {
    if (r.output && p.output) {
      CompareValue(place, r.exited_event_id, p.exited_event_id, "output", *r.output, *p.output,
                   q && q->output ? &*q->output : nullptr);
    }
    const Event* re = rec_.EventById(r.exited_event_id);
    const Event* pe = rep_.EventById(p.exited_event_id);
    if (re == nullptr || pe == nullptr) return;
    const Json* rv = DetailValue(*re, "assignedVariables");
    const Json* pv = DetailValue(*pe, "assignedVariables");
    if (rv == nullptr && pv == nullptr) return;
    static const Json kNone = Json::object();
    const Json* qv = nullptr;
    if (q != nullptr && q->exited_event_id != 0) {
      if (const Event* qe = probe_->EventById(q->exited_event_id)) qv = DetailValue(*qe, "assignedVariables");
    }
    CompareValue(place, re->id, pe->id, "assigned variables", rv ? *rv : kNone, pv ? *pv : kNone, qv);
  }

  using ChildKey = std::pair<int, int64_t>;  // run, branch or iteration

  std::map<ChildKey, size_t> ChildrenOf(const HistoryView& view, const StateInstance& inst) const {
    std::map<ChildKey, size_t> out;
    for (size_t f : inst.child_frames) {
      if (f >= view.places.size()) continue;
      out.emplace(ChildKey{view.tree->frames[f].run, view.places[f].key}, f);
    }
    return out;
  }

  // A Parallel whose branches a normalised recording merged by position: its status is not reliable.
  bool MergedBranches(const StateInstance& r) const {
    if (!options_.skip_masked_branches || r.type != "Parallel") return false;
    for (size_t f : r.child_frames) {
      if (rec_.tree->frames[f].ambiguous) return true;
    }
    return false;
  }

  void CompareChildren(const StateInstance& r, const StateInstance& p, const StateInstance* q) {
    if (MergedBranches(r)) return;
    auto rc = ChildrenOf(rec_, r);
    auto pc = ChildrenOf(rep_, p);
    std::map<ChildKey, size_t> qc;
    if (q != nullptr) qc = ChildrenOf(*probe_, *q);
    bool both_whole = r.status == InstanceStatus::kSucceeded && p.status == InstanceStatus::kSucceeded;
    if (both_whole && rc.size() != pc.size()) {
      bool map = r.type == "Map";
      Divergence& d = Add({r.frame, r.name}, r.entered_event_id, p.entered_event_id, map ? "iterations" : "branches",
                          std::string("the replay ran another number of ") + (map ? "iterations" : "branches"));
      d.expected = Json(rc.size());
      d.actual = Json(pc.size());
    }
    for (const auto& [key, rf] : rc) {
      if (Full()) return;
      auto found = pc.find(key);
      if (found == pc.end()) continue;
      std::optional<size_t> qf;
      if (auto qi = qc.find(key); qi != qc.end()) qf = qi->second;
      CompareFrame(rf, found->second, qf);
    }
  }

  const Event* Terminal(const HistoryView& view) const {
    return view.tree->terminal_event_id != 0 ? view.EventById(view.tree->terminal_event_id) : nullptr;
  }

  void CompareOutcome() {
    if (!options_.recording_complete) return;
    ExecutionStatus rs = rec_.tree->execution_status;
    ExecutionStatus ps = rep_.tree->execution_status;
    const Event* rt = Terminal(rec_);
    const Event* pt = Terminal(rep_);
    int64_t rid = rt ? rt->id : (rec_.events->empty() ? 0 : rec_.events->back().id);
    int64_t pid = pt ? pt->id : 0;
    Place place{0, ""};
    if (rs != ps) {
      if (options_.replay_stopped && ps == ExecutionStatus::kAborted) return;
      Divergence& d = Add(place, rid, pid, "execution status", "the execution ended with another status");
      d.expected = Json(std::string(ExecutionStatusName(rs)));
      d.actual = Json(std::string(ExecutionStatusName(ps)));
      return;
    }
    if (rt == nullptr || pt == nullptr) return;
    if (rs == ExecutionStatus::kSucceeded) {
      const Json* ro = DetailValue(*rt, "output");
      const Json* po = DetailValue(*pt, "output");
      if (options_.payloads && ro && po) CompareValue(place, rid, pid, "execution output", *ro, *po, ProbeOutput());
      return;
    }
    for (const char* field : {"error", "cause"}) {
      std::string rv = DetailString(*rt, field), pv = DetailString(*pt, field);
      if (DetailValue(*rt, field) == nullptr || StringsMatch(rv, pv, options_.values)) continue;
      std::string aspect = std::string("execution ") + field;
      Json rj = Json::parse(rv, nullptr, false), pj = Json::parse(pv, nullptr, false);
      if (rj.is_structured() && pj.is_structured()) {
        CompareValue(place, rid, pid, aspect, rj, pj, nullptr);
        continue;
      }
      Divergence& d = Add(place, rid, pid, aspect, "the execution failed with another " + std::string(field));
      d.expected = Json(rv);
      d.actual = Json(pv);
    }
  }

  const Json* ProbeOutput() const {
    if (probe_ == nullptr) return nullptr;
    const Event* t = Terminal(*probe_);
    return t != nullptr ? DetailValue(*t, "output") : nullptr;
  }

  const HistoryView& rec_;
  const HistoryView& rep_;
  const HistoryView* probe_;
  const HistoryCompareOptions& options_;
  std::vector<Divergence> out_;
};

}  // namespace

const Event* HistoryView::EventById(int64_t id) const {
  if (tree == nullptr || events == nullptr) return nullptr;
  std::optional<size_t> pos = tree->PositionOf(id);
  return pos && *pos < events->size() ? &(*events)[*pos] : nullptr;
}

std::vector<Divergence> CompareHistories(const HistoryView& recorded, const HistoryView& replayed,
                                         const HistoryView* probe, const HistoryCompareOptions& options) {
  std::vector<Divergence> out = TreeComparer(recorded, replayed, probe, options).Run();
  SortDivergences(out, options.max_divergences);
  return out;
}

void SortDivergences(std::vector<Divergence>& divergences, size_t limit) {
  std::stable_sort(divergences.begin(), divergences.end(), [](const Divergence& a, const Divergence& b) {
    int64_t x = a.event_id == 0 ? std::numeric_limits<int64_t>::max() : a.event_id;
    int64_t y = b.event_id == 0 ? std::numeric_limits<int64_t>::max() : b.event_id;
    return x < y;
  });
  if (divergences.size() > limit) divergences.resize(limit);
}

}  // namespace sfn::history
