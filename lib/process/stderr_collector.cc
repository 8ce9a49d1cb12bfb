#include "process/stderr_collector.h"

#include <algorithm>

namespace sfn::process {

StderrCollector::StderrCollector(const LineCallback& on_line, size_t max_line, size_t tail_bytes)
    : on_line_(on_line), max_line_(std::max<size_t>(max_line, 1)), tail_bytes_(tail_bytes) {}

void StderrCollector::Append(std::string_view data) {
  AppendTail(data);
  if (on_line_) AppendLines(data);
}

void StderrCollector::AppendLines(std::string_view data) {
  while (!data.empty()) {
    size_t newline = data.find('\n');
    size_t room = max_line_ - partial_line_.size();
    if (newline != std::string_view::npos && newline <= room) {
      if (partial_line_.empty()) {
        on_line_(data.substr(0, newline));
      } else {
        partial_line_.append(data.substr(0, newline));
        on_line_(partial_line_);
        partial_line_.clear();
      }
      data.remove_prefix(newline + 1);
      continue;
    }
    size_t take = std::min(room, data.size());
    partial_line_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (partial_line_.size() == max_line_) {
      on_line_(partial_line_);
      partial_line_.clear();
    }
  }
}

void StderrCollector::AppendTail(std::string_view data) {
  if (tail_bytes_ == 0) return;
  if (data.size() >= tail_bytes_) {
    tail_cut_ = tail_cut_ || !tail_.empty() || data.size() > tail_bytes_;
    tail_.assign(data.substr(data.size() - tail_bytes_));
    return;
  }
  tail_.append(data);
  // Trim lazily so appending stays amortised O(size of data).
  if (tail_.size() > 2 * tail_bytes_) {
    tail_.erase(0, tail_.size() - tail_bytes_);
    tail_cut_ = true;
  }
}

void StderrCollector::Finish() {
  if (on_line_ && !partial_line_.empty()) {
    std::string line = std::move(partial_line_);
    partial_line_.clear();
    on_line_(line);
  }
}

std::string StderrCollector::Tail() const {
  size_t start = tail_.size() > tail_bytes_ ? tail_.size() - tail_bytes_ : 0;
  if (start > 0 || tail_cut_) {
    // Skip UTF-8 continuation bytes (10xxxxxx) left from a sequence cut in two.
    while (start < tail_.size() && (static_cast<unsigned char>(tail_[start]) & 0xC0) == 0x80) ++start;
  }
  return tail_.substr(start);
}

}  // namespace sfn::process
