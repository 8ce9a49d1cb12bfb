#include "engine/runtime.h"

#include <algorithm>
#include <cstdio>

#include "engine/clock.h"

namespace sfn::engine::internal {

Failure MakeFailure(std::string error, std::string cause, bool terminal) {
  Failure f;
  f.error = std::move(error);
  f.cause = std::move(cause);
  f.terminal = terminal;
  return f;
}

std::shared_ptr<CancelNode> CancelNode::ChildOf(const std::shared_ptr<CancelNode>& parent) {
  auto child = std::make_shared<CancelNode>();
  if (parent) parent->AddChild(child);
  return child;
}

void CancelNode::AddChild(const std::shared_ptr<CancelNode>& child) {
  std::lock_guard lock(mutex_);
  if (IsCancelled()) {
    child->Cancel();
    return;
  }
  // Expired children are dropped when the list has doubled since the last sweep: amortised O(1) per
  // child, however many a Map's iterations keep alive.
  if (children_.size() >= sweep_at_) {
    std::erase_if(children_, [](const std::weak_ptr<CancelNode>& w) { return w.expired(); });
    sweep_at_ = std::max<size_t>(64, 2 * children_.size());
  }
  children_.push_back(child);
}

void CancelNode::Cancel() {
  std::vector<std::shared_ptr<CancelNode>> children;
  std::shared_ptr<process::CancelToken> token;
  {
    std::lock_guard lock(mutex_);
    if (cancelled_.exchange(true, std::memory_order_acq_rel)) return;
    for (auto& w : children_) {
      if (auto c = w.lock()) children.push_back(std::move(c));
    }
    children_.clear();
    token = token_;
  }
  if (token) token->Cancel();
  for (auto& c : children) c->Cancel();
}

std::shared_ptr<process::CancelToken> CancelNode::Token() {
  std::lock_guard lock(mutex_);
  if (!token_) {
    token_ = std::make_shared<process::CancelToken>();
    if (IsCancelled()) token_->Cancel();
  }
  return token_;
}

const Json* Variables::Find(std::string_view name) const {
  for (const Variables* v = this; v != nullptr; v = v->parent_) {
    auto it = v->values_.find(name);
    if (it != v->values_.end()) return &it->second;
  }
  return nullptr;
}

uint64_t Runtime::NextRandom() {
  if (!seeded) {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ device();
  }
  std::lock_guard lock(random_mutex);
  return random();
}

std::string Runtime::NewUuid() {
  uint64_t hi = NextRandom(), lo = NextRandom();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

void Runtime::RequestStop(StopReason reason) {
  int expected = 0;
  if (stop.compare_exchange_strong(expected, static_cast<int>(reason))) root_cancel->Cancel();
}

bool Runtime::CallerCancelled() {
  if (options == nullptr || !options->cancel || !options->cancel->IsCancelled()) return false;
  RequestStop(StopReason::kAborted);
  return true;
}

const std::string& Value::Text() const {
  if (!has_text) {
    text = DumpCompact(json);
    has_text = true;
  }
  return text;
}

Frame::Frame(Runtime* runtime, const model::Scope* s, Frame* parent_frame, const Variables* outer_variables)
    : rt(runtime), scope(s), parent(parent_frame), variables(outer_variables) {
  cancel = CancelNode::ChildOf(parent_frame != nullptr ? parent_frame->cancel : runtime->root_cancel);
  log = parent_frame != nullptr ? parent_frame->log : runtime->log;
  if (parent_frame != nullptr) {
    now_ms = parent_frame->now_ms;
    location = parent_frame->location;
    depth = parent_frame->depth + 1;
  }
}

int64_t Frame::Now() const { return rt->virtual_time ? now_ms : rt->clock->Now(); }

void Frame::Advance(int64_t elapsed_ms) {
  if (!rt->virtual_time || elapsed_ms <= 0) return;
  now_ms += elapsed_ms;
  rt->clock->SleepUntil(now_ms, nullptr);
}

bool Frame::SleepUntil(int64_t deadline_ms) {
  if (Cancelled()) return false;
  if (rt->deadline_ms && deadline_ms > *rt->deadline_ms) {
    // The execution times out first.
    if (rt->virtual_time) {
      now_ms = std::max(now_ms, *rt->deadline_ms);
      rt->clock->SleepUntil(now_ms, nullptr);
    } else {
      rt->BeforeWaiting();
      rt->clock->SleepUntil(*rt->deadline_ms, cancel->Token().get());
    }
    rt->stop_event.store(cursor);
    rt->RequestStop(StopReason::kTimedOut);
    return false;
  }
  if (rt->virtual_time) {
    now_ms = std::max(now_ms, deadline_ms);
    rt->clock->SleepUntil(now_ms, nullptr);
    return !Cancelled();
  }
  rt->BeforeWaiting();
  return rt->clock->SleepUntil(deadline_ms, cancel->Token().get()) && !Cancelled();
}

int64_t Frame::Emit(std::string_view type, std::string_view details_key, Json details) {
  int64_t id = log->Append(type, cursor, Now(), details_key, std::move(details), cancel->flag());
  if (id != 0) {
    cursor = id;
  } else if (log->LimitReached()) {
    rt->stop_event.store(log->NextId() - 1);
    rt->RequestStop(StopReason::kHistoryLimit);
  }
  return id;
}

int64_t Frame::EmitSide(std::string_view type, int64_t previous, std::string_view details_key, Json details) {
  int64_t id = log->Append(type, previous, Now(), details_key, std::move(details), cancel->flag());
  if (id == 0 && log->LimitReached()) {
    rt->stop_event.store(log->NextId() - 1);
    rt->RequestStop(StopReason::kHistoryLimit);
  }
  return id;
}

std::string StateErrorCause(std::string_view state, int64_t entered_id, std::string_view detail) {
  std::string out = "An error occurred while executing the state '";
  out += state;
  out += "' (entered at the event id #";
  out += std::to_string(entered_id);
  out += "). ";
  out += detail;
  return out;
}

Json ErrorOutput(const Failure& failure) {
  Json out = Json::object();
  out["Error"] = failure.error ? Json(*failure.error) : Json(nullptr);
  if (failure.cause) {
    out["Cause"] = *failure.cause;
  } else if (failure.error && *failure.error == "States.Timeout") {
    out["Cause"] = "";  // AWS's timeouts carry an empty cause in the error output
  } else {
    out["Cause"] = nullptr;
  }
  return out;
}

}  // namespace sfn::engine::internal
