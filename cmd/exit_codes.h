// sfn's exit codes, used by every subcommand.
#pragma once

namespace sfn::cli {

inline constexpr int kExitOk = 0;             // clean: no findings, execution succeeded, replay consistent
inline constexpr int kExitFindings = 1;       // lint errors, a failed or timed-out execution, a divergent replay
inline constexpr int kExitUsage = 2;          // a usage or I/O error
inline constexpr int kExitInterrupted = 130;  // SIGINT or SIGTERM: the same code for both (128 + SIGINT)

}  // namespace sfn::cli
