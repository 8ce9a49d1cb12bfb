#include "s3_dirs.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "cli.h"

namespace sfn::cli {

std::optional<ObjectReader> S3DirReader(const std::vector<std::string>& mappings) {
  std::map<std::string, std::string> dirs;
  for (const std::string& m : mappings) {
    size_t eq = m.find('=');
    if (eq == std::string::npos) {
      PrintError("--s3 needs BUCKET=DIR, not '" + m + "'");
      return std::nullopt;
    }
    dirs[m.substr(0, eq)] = m.substr(eq + 1);
  }
  return [dirs](const std::string& bucket, const std::string& key) -> std::optional<std::string> {
    auto it = dirs.find(bucket);
    if (it == dirs.end()) return std::nullopt;
    std::ifstream in(std::filesystem::path(it->second) / key, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
}

}  // namespace sfn::cli
