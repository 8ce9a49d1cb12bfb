// The process seam: an interface over Run() so the engine's tests can fake processes.
//
// SubprocessRunner runs real processes; FunctionRunner answers with a function, for tests that need a
// scripted Result without spawning anything. Implementations must be safe to call from many threads.
#pragma once

#include <functional>
#include <utility>

#include "process/subprocess.h"

namespace sfn::process {

class Runner {
 public:
  virtual ~Runner() = default;
  virtual Result Run(const Spec& spec) = 0;
};

class SubprocessRunner final : public Runner {
 public:
  Result Run(const Spec& spec) override { return process::Run(spec); }
};

class FunctionRunner final : public Runner {
 public:
  explicit FunctionRunner(std::function<Result(const Spec&)> function) : function_(std::move(function)) {}
  Result Run(const Spec& spec) override { return function_(spec); }

 private:
  std::function<Result(const Spec&)> function_;
};

}  // namespace sfn::process
