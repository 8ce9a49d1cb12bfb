// Writing a history file (run-local --history, history-replay --redrive -o): checked before anything runs,
// then written so that a reader never sees half a file and a failed write keeps the previous one.
#pragma once

#include <string>

namespace sfn::cli {

// False, after printing why, when `path` is a folder or no file can be created next to it.
bool CheckHistoryWritable(const std::string& path);

// Writes `text` to a temporary file beside `path`, flushed to disk, then renames it over `path`. On failure
// the temporary file is removed and `error` says why, with the system's reason.
bool WriteFileAtomically(const std::string& path, const std::string& text, std::string& error);

}  // namespace sfn::cli
