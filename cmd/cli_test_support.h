// Running the sfn binary from a test as a user would: in a temporary folder that holds the definition, the
// resources and the files tasks write, with a known environment. Every process sfn starts inherits a marker
// variable unique to the folder, so a test can find any descendant that outlived sfn.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"
#include "process/subprocess.h"
#include "process/test_support.h"

namespace sfn::cli::testing {

namespace fs = std::filesystem;
namespace pt = sfn::process::testing;

inline constexpr const char* kPath = "PATH=/usr/local/bin:/usr/bin:/bin";

// Every process sfn starts inherits sfn's environment (no --clean-env here), so this variable, set to a
// value unique to the test, finds any descendant that survives, whatever it did with its process group.
inline constexpr const char* kMarkerName = "SFN_FAULT_MARKER";

struct SfnRun {
  sfn::process::Result result;
  int exit_code() const { return result.exit_code; }
  const std::string& out() const { return result.stdout_data; }
  const std::string& err() const { return result.stderr_tail; }
};

// A temporary folder to run sfn in: the definition, resources, inputs and the files tasks write.
class Sandbox {
 public:
  Sandbox() : marker_(std::string(kMarkerName) + "=" + dir_.path()) {}

  std::string File(const std::string& name) const { return dir_.File(name); }
  std::string Read(const std::string& name) const { return pt::ReadFile(File(name)); }
  bool Exists(const std::string& name) const { return fs::exists(File(name)); }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(File(name), std::ios::binary) << text;
  }
  void WriteJson(const std::string& name, const sfn::Json& value) const { Write(name, value.dump(1)); }
  // Maps each Resource to a /bin/sh script (run in this folder, where tasks write their pids).
  void WriteResources(const std::vector<std::pair<std::string, std::string>>& scripts) const {
    sfn::Json resources = sfn::Json::object();
    for (const auto& [resource, script] : scripts) resources[resource] = {"/bin/sh", "-c", script};
    WriteJson("resources.json", resources);
  }

  sfn::process::Spec Spec(const std::vector<std::string>& args) const {
    sfn::process::Spec spec;
    spec.argv = {SFN_BINARY};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.env = {"NO_COLOR=1", kPath, "LANG=C.UTF-8", "HOME=/tmp", marker_};
    spec.cwd = dir_.path();
    spec.timeout = std::chrono::seconds(60);
    spec.max_stdout = 64 << 20;
    spec.stderr_tail_bytes = 1 << 20;
    return spec;
  }
  SfnRun Run(const std::vector<std::string>& args) const { return {sfn::process::Run(Spec(args))}; }

  // The pids the tasks appended to the file `pids`, in order.
  std::vector<pid_t> RecordedPids(const std::string& name = "pids") const {
    std::vector<pid_t> pids;
    std::istringstream in(Read(name));
    for (long pid; in >> pid;) pids.push_back(static_cast<pid_t>(pid));
    return pids;
  }

  // Live processes (zombies excepted) that inherited this sandbox's marker.
  std::vector<pid_t> Descendants() const {
    std::vector<pid_t> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
      std::string name = entry.path().filename().string();
      if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream in(entry.path() / "environ", std::ios::binary);
      std::string env((std::istreambuf_iterator<char>(in)), {});
      size_t at = env.find(marker_);
      bool whole = at != std::string::npos && (at == 0 || env[at - 1] == '\0') &&
                   (at + marker_.size() == env.size() || env[at + marker_.size()] == '\0');
      pid_t pid = static_cast<pid_t>(std::stol(name));
      if (whole && !pt::IsGone(pid)) found.push_back(pid);
    }
    return found;
  }

 private:
  pt::TempDir dir_;
  std::string marker_;
};

}  // namespace sfn::cli::testing
