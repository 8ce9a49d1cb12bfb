#include "history_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli.h"

namespace sfn::cli {
namespace {

std::string HistoryError(const std::string& path, int error) {
  return "cannot write the history to '" + path + "': " + std::strerror(error);
}

}  // namespace

// Writes through a temporary file in the same folder, flushed to disk, then renamed over `path`: a reader
// never sees half a file, and a write that fails (a full disk) leaves an existing file as it was.
bool WriteFileAtomically(const std::string& path, const std::string& text, std::string& error) {
  std::string tmp = path + ".tmp-" + std::to_string(getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    error = HistoryError(path, errno);
    return false;
  }
  int failure = 0;
  for (size_t done = 0; done < text.size() && failure == 0;) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      failure = errno;
    } else if (n == 0) {
      failure = EIO;
    }
  }
  if (failure == 0 && ::fsync(fd) != 0 && errno != EINVAL) failure = errno;
  if (::close(fd) != 0 && failure == 0 && errno != EINTR) failure = errno;
  if (failure == 0 && std::rename(tmp.c_str(), path.c_str()) != 0) failure = errno;
  if (failure != 0) {
    ::unlink(tmp.c_str());
    error = HistoryError(path, failure);
    return false;
  }
  return true;
}

// Checked before anything runs, so a history that could never be written costs no task: the path must not
// be a folder, and a file must be creatable next to it (the temporary file of WriteFileAtomically).
bool CheckHistoryWritable(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    PrintError(HistoryError(path, EISDIR));
    return false;
  }
  std::string probe = path + ".tmp-" + std::to_string(getpid());
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    PrintError(HistoryError(path, errno));
    return false;
  }
  ::close(fd);
  ::unlink(probe.c_str());
  return true;
}

}  // namespace sfn::cli
