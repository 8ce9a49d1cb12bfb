#include "engine/subprocess_task_runner_result.h"

#include "loader/json_reader.h"
#include "loader/source_text.h"

namespace sfn::engine {
namespace {

constexpr size_t kMaxStderrInCause = 1024;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string TrimRight(std::string text) {
  while (!text.empty() && IsSpace(text.back())) text.pop_back();
  return text;
}

// The last bytes of stderr for a cause, starting on a UTF-8 boundary, or "" when stderr was empty.
std::string StderrSuffix(const std::string& tail) {
  std::string text = TrimRight(tail);
  if (text.size() > kMaxStderrInCause) {
    size_t start = text.size() - kMaxStderrInCause;
    while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
    text = "..." + text.substr(start);
  }
  return text.empty() ? std::string() : "; stderr: " + text;
}

// The error a failing task reported on stdout, when it reported one in a recognised shape.
std::optional<TaskResult> ReportedError(const std::string& stdout_data) {
  std::string ignored;
  std::optional<Json> value = ParseTaskStdout(stdout_data, ignored);
  if (!value || !value->is_object()) return std::nullopt;
  auto error = value->find("Error");
  if (error != value->end() && error->is_string() && !error->get_ref<const std::string&>().empty()) {
    auto cause = value->find("Cause");
    std::string cause_text;
    if (cause != value->end() && !cause->is_null()) {
      cause_text = cause->is_string() ? cause->get<std::string>() : DumpCompact(*cause);
    }
    return TaskResult::Failure(error->get<std::string>(), std::move(cause_text));
  }
  auto type = value->find("errorType");
  if (type != value->end() && type->is_string() && !type->get_ref<const std::string&>().empty()) {
    return TaskResult::Failure(type->get<std::string>(), DumpCompact(*value));
  }
  return std::nullopt;
}

TaskResult Exited(const process::Result& result, const process::Spec& spec, std::string_view resource,
                  size_t max_payload_bytes) {
  if (result.exit_code != 0) {
    if (auto reported = ReportedError(result.stdout_data)) return *reported;
    return TaskResult::Failure("States.TaskFailed",
                               process::DescribeResult(result, spec) + StderrSuffix(result.stderr_tail));
  }
  std::string error;
  std::optional<Json> value = ParseTaskStdout(result.stdout_data, error);
  if (!value) return TaskResult::Failure("States.TaskFailed", error + StderrSuffix(result.stderr_tail));
  if (DumpCompact(*value).size() > max_payload_bytes) {
    return TaskResult::Failure("States.DataLimitExceeded", DataLimitCause(resource));
  }
  return TaskResult::Success(std::move(*value));
}

}  // namespace

std::optional<Json> ParseTaskStdout(std::string_view text, std::string& error) {
  size_t first = 0;
  while (first < text.size() && IsSpace(text[first])) ++first;
  if (first == text.size()) {
    error = "task printed no JSON value on stdout";
    return std::nullopt;
  }
  loader::ReadLimits limits;
  limits.max_depth = 512;
  loader::JsonReadResult read = loader::ReadJson(text, nullptr, limits);
  if (!read.error) return std::move(read.value);
  error = "task printed invalid JSON on stdout: " + read.error->message;
  if (read.error->has_offset) {
    loader::SourceText source("stdout", std::string(text));
    loader::LineColumn at = source.Locate(read.error->offset);
    error += " at line " + std::to_string(at.line) + " column " + std::to_string(at.column);
  }
  return std::nullopt;
}

TaskResult InterpretTaskProcess(const process::Result& result, const process::Spec& spec,
                                std::string_view resource, size_t max_payload_bytes) {
  switch (result.outcome) {
    case process::Outcome::Exited:
      return Exited(result, spec, resource, max_payload_bytes);
    case process::Outcome::Signaled:
      return TaskResult::Failure("States.TaskFailed",
                                 process::DescribeResult(result, spec) + StderrSuffix(result.stderr_tail));
    case process::Outcome::TimedOut:
      return TaskResult::Failure("States.Timeout", "");
    case process::Outcome::HeartbeatTimedOut:
      return TaskResult::Failure("States.HeartbeatTimeout", "");
    case process::Outcome::OutputTooLarge:
      return TaskResult::Failure("States.DataLimitExceeded", DataLimitCause(resource));
    case process::Outcome::Cancelled:
      return TaskResult::Failure(std::string(kTaskAbortedError), "task cancelled");
    case process::Outcome::SpawnFailed:
      return TaskResult::Failure("States.TaskFailed", process::DescribeResult(result, spec));
  }
  return TaskResult::Failure("States.TaskFailed", process::DescribeResult(result, spec));
}

std::string DataLimitCause(std::string_view resource) {
  return "The state/task '" + std::string(resource) +
         "' returned a result with a size exceeding the maximum number of bytes service limit.";
}

}  // namespace sfn::engine
