// Splits a child's stderr stream into lines for a callback and keeps its last bytes as a tail.
//
// The stream arrives in arbitrary chunks; lines end with '\n' (not passed on). A line longer than the
// limit is passed on in pieces of that length, so a child writing megabytes without a newline cannot
// grow memory. The tail is trimmed so it never starts in the middle of a UTF-8 sequence.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace sfn::process {

class StderrCollector {
 public:
  using LineCallback = std::function<void(std::string_view line)>;

  // `on_line` may be empty (then no line splitting happens) and must outlive the collector.
  StderrCollector(const LineCallback& on_line, size_t max_line, size_t tail_bytes);

  void Append(std::string_view data);
  // Delivers an unterminated last line, if any.
  void Finish();
  // The last `tail_bytes` bytes seen (fewer when trimmed to a UTF-8 boundary).
  std::string Tail() const;

 private:
  void AppendLines(std::string_view data);
  void AppendTail(std::string_view data);

  const LineCallback& on_line_;
  size_t max_line_;
  size_t tail_bytes_;
  std::string partial_line_;
  std::string tail_;
  bool tail_cut_ = false;
};

}  // namespace sfn::process
