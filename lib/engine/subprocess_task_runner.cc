#include "engine/subprocess_task_runner.h"

#include <algorithm>
#include <array>
#include <exception>
#include <optional>

#include "engine/resources_lambda.h"

namespace sfn::engine {
namespace {

constexpr std::string_view kCleanPath = "PATH=/usr/local/bin:/usr/bin:/bin";
constexpr std::string_view kHeartbeatEnvName = "SFN_HEARTBEAT_FD";
constexpr size_t kStderrTailBytes = 2048;
constexpr std::array<std::string_view, 9> kProtocolNames = {
    "SFN_STATE_NAME", "SFN_ATTEMPT",    "SFN_EXECUTION_NAME", "SFN_EXECUTION_ARN", "SFN_STATE_MACHINE_NAME",
    "SFN_RESOURCE",   "SFN_TASK_TOKEN", "SFN_FUNCTION_NAME",  kHeartbeatEnvName};

std::string_view EnvName(std::string_view entry) { return entry.substr(0, entry.find('=')); }

// Replaces every entry named `name` by one "name=value" at the end.
void SetEnv(std::vector<std::string>& env, std::string_view name, std::string_view value) {
  std::erase_if(env, [&](const std::string& entry) { return EnvName(entry) == name; });
  env.push_back(std::string(name) + "=" + std::string(value));
}

bool IsJsonataString(const Json& value) {
  if (!value.is_string()) return false;
  std::string_view text = value.get_ref<const std::string&>();
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n'))
    text.remove_suffix(1);
  return text.size() >= 4 && text.substr(0, 2) == "{%" && text.substr(text.size() - 2) == "%}";
}

enum class NameSource { kStatic, kDynamic, kAbsent };

// Where the FunctionName of raw Parameters or Arguments comes from; `name` is set when it is written out.
NameSource StaticFunctionName(const Json* raw_arguments, std::string& name) {
  if (raw_arguments == nullptr || raw_arguments->is_null()) return NameSource::kAbsent;
  if (IsJsonataString(*raw_arguments)) return NameSource::kDynamic;
  if (!raw_arguments->is_object()) return NameSource::kAbsent;
  if (raw_arguments->contains("FunctionName.$")) return NameSource::kDynamic;
  auto it = raw_arguments->find("FunctionName");
  if (it == raw_arguments->end() || !it->is_string()) return NameSource::kAbsent;
  if (IsJsonataString(*it)) return NameSource::kDynamic;
  name = it->get<std::string>();
  return NameSource::kStatic;
}

std::string JoinFrame(const std::vector<std::string>& frame) {
  std::string out;
  for (const std::string& part : frame) out += (out.empty() ? "" : "/") + part;
  return out;
}

std::string TrimmedBody(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::string();
  size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

struct SubprocessTaskRunner::Invocation {
  const ResourceCommand* command = nullptr;
  std::string stdin_data;
  std::string function_name;          // for SFN_FUNCTION_NAME; empty when not a Lambda task
  bool wrap_invoke_response = false;  // lambda:invoke: wrap stdout as the integration's response
  std::optional<TaskResult> failure;  // set when nothing can run
};

SubprocessTaskRunner::SubprocessTaskRunner(std::shared_ptr<const ResourceMap> resources,
                                           SubprocessTaskRunnerOptions options)
    : resources_(std::move(resources)), options_(std::move(options)) {
  if (!options_.process_runner) options_.process_runner = std::make_shared<process::SubprocessRunner>();
  if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
}

TaskResult SubprocessTaskRunner::Run(const TaskRequest& request) {
  Invocation invocation = Prepare(request);
  if (invocation.failure) return *invocation.failure;
  process::Spec spec = BuildSpec(request, invocation);
  try {
    process::Result result = options_.process_runner->Run(spec);
    return Finish(request, invocation, spec, result);
  } catch (const std::exception& e) {
    return TaskResult::Failure("States.TaskFailed", std::string("task supervision failed: ") + e.what());
  }
}

SubprocessTaskRunner::Invocation SubprocessTaskRunner::Prepare(const TaskRequest& request) const {
  Invocation invocation;
  ResourceKind kind = ClassifyResource(request.resource);
  if (kind == ResourceKind::kLambdaInvoke || kind == ResourceKind::kLambdaInvokeCallback) {
    const Json& input = request.input;
    auto name = input.is_object() ? input.find("FunctionName") : input.end();
    if (name == input.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
      invocation.failure =
          TaskResult::Failure("States.TaskFailed", "'FunctionName' is missing or not a string");
      return invocation;
    }
    invocation.function_name = name->get<std::string>();
    auto qualifier = input.find("Qualifier");
    std::optional<FunctionRef> ref = ParseFunctionRef(invocation.function_name);
    std::string reference = invocation.function_name;
    if (ref && ref->qualifier.empty() && qualifier != input.end() && qualifier->is_string()) {
      reference += ":" + qualifier->get<std::string>();
    }
    invocation.command = resources_->LookupFunction(reference);
    if (!invocation.command) invocation.command = resources_->Lookup(request.resource);
    auto payload = input.find("Payload");
    invocation.stdin_data = payload == input.end() ? "{}" : DumpCompact(*payload);
    invocation.wrap_invoke_response = kind == ResourceKind::kLambdaInvoke;
    if (!invocation.command) {
      invocation.failure =
          TaskResult::Failure("States.TaskFailed", "the resources file has no command for function '" +
                                                       invocation.function_name + "'");
    }
    return invocation;
  }
  if (kind == ResourceKind::kLambdaFunction) {
    invocation.function_name = request.resource;
    invocation.command = resources_->LookupFunction(request.resource);
  } else {
    invocation.command = resources_->Lookup(request.resource);
  }
  invocation.stdin_data = DumpCompact(request.input);
  if (!invocation.command) {
    invocation.failure = TaskResult::Failure(
        "States.TaskFailed", "the resources file has no command for resource '" + request.resource + "'");
  }
  return invocation;
}

process::Spec SubprocessTaskRunner::BuildSpec(const TaskRequest& request,
                                              const Invocation& invocation) const {
  const ResourceCommand& command = *invocation.command;
  process::Spec spec;
  spec.argv = command.argv;
  spec.env = BuildEnvironment(request, invocation);
  spec.cwd = command.cwd;
  spec.stdin_data = invocation.stdin_data;
  spec.timeout = request.timeout;
  if (command.timeout && (!spec.timeout || *command.timeout < *spec.timeout)) spec.timeout = command.timeout;
  spec.heartbeat_timeout = request.heartbeat;
  spec.heartbeat_env_name = std::string(kHeartbeatEnvName);
  spec.max_stdout = std::max(4 * options_.max_payload_bytes, options_.max_payload_bytes + 65536);
  spec.stderr_tail_bytes = kStderrTailBytes;
  spec.cancel = request.cancel;
  spec.kill_grace = options_.kill_grace;
  spec.registry = options_.registry;
  if (options_.stderr_sink) {
    // Run calls this on the calling thread; `this` and `request` outlive the call.
    spec.on_stderr_line = [this, &request](std::string_view line) {
      std::lock_guard<std::mutex> lock(sink_mutex_);
      options_.stderr_sink(request, line);
    };
  }
  return spec;
}

std::vector<std::string> SubprocessTaskRunner::BuildEnvironment(const TaskRequest& request,
                                                                const Invocation& invocation) const {
  std::vector<std::string> env;
  if (options_.clean_env) {
    env.emplace_back(kCleanPath);
  } else {
    env = options_.parent_env;
  }
  for (const auto& [name, value] : invocation.command->env) SetEnv(env, name, value);
  std::erase_if(env, [](const std::string& entry) {
    return std::find(kProtocolNames.begin(), kProtocolNames.end(), EnvName(entry)) != kProtocolNames.end();
  });
  env.push_back("SFN_STATE_NAME=" + request.state_name);
  env.push_back("SFN_ATTEMPT=" + std::to_string(request.attempt + 1));
  env.push_back("SFN_EXECUTION_NAME=" + request.execution_name);
  env.push_back("SFN_EXECUTION_ARN=" + request.execution_arn);
  env.push_back("SFN_STATE_MACHINE_NAME=" + request.state_machine_name);
  env.push_back("SFN_RESOURCE=" + request.resource);
  if (!request.task_token.empty()) env.push_back("SFN_TASK_TOKEN=" + request.task_token);
  if (!invocation.function_name.empty()) env.push_back("SFN_FUNCTION_NAME=" + invocation.function_name);
  return env;  // process::Run adds SFN_HEARTBEAT_FD
}

TaskResult SubprocessTaskRunner::Finish(const TaskRequest& request, const Invocation& invocation,
                                        const process::Spec& spec, const process::Result& result) {
  TaskResult outcome = InterpretTaskProcess(result, spec, request.resource, options_.max_payload_bytes);
  if (!outcome.ok || !invocation.wrap_invoke_response) return outcome;
  std::string seed = request.execution_arn + "\n" + JoinFrame(request.frame) + "\n" + request.state_name +
                     "\n" + std::to_string(request.attempt) + "\n" +
                     std::to_string(invocations_.fetch_add(1));
  size_t body_bytes = TrimmedBody(result.stdout_data).size();
  Json response = MakeInvokeResponse(std::move(outcome.output), body_bytes,
                                     MakeInvokeResponseMeta(seed, options_.clock()));
  if (DumpCompact(response).size() > options_.max_payload_bytes) {
    return TaskResult::Failure("States.DataLimitExceeded", DataLimitCause(request.resource));
  }
  return TaskResult::Success(std::move(response));
}

bool SubprocessTaskRunner::CanRun(const std::string& /*state_name*/, std::string_view resource,
                                  const Json* raw_arguments) const {
  if (IsJsonataString(Json(std::string(resource)))) return !resources_->commands().empty();
  switch (ClassifyResource(resource)) {
    case ResourceKind::kLambdaInvoke:
    case ResourceKind::kLambdaInvokeCallback: {
      std::string name;
      switch (StaticFunctionName(raw_arguments, name)) {
        case NameSource::kStatic:
          return resources_->LookupFunction(name) != nullptr || resources_->Lookup(resource) != nullptr;
        case NameSource::kDynamic:
          return resources_->HasFunctionCommands();
        case NameSource::kAbsent:
          return resources_->Lookup(resource) != nullptr;
      }
      return false;
    }
    case ResourceKind::kLambdaFunction:
      return resources_->LookupFunction(resource) != nullptr;
    case ResourceKind::kOther:
      return resources_->Lookup(resource) != nullptr;
  }
  return false;
}

}  // namespace sfn::engine
