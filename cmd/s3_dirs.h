// --s3 BUCKET=DIR (run-local, history-replay): a distributed Map's ItemReader reads objects of BUCKET from
// files under DIR.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sfn::cli {

using ObjectReader = std::function<std::optional<std::string>(const std::string& bucket, const std::string& key)>;

// The reader for the --s3 mappings, or nullopt after printing why one is malformed. The reader gives
// nullopt for a bucket not mapped or a file that cannot be read.
std::optional<ObjectReader> S3DirReader(const std::vector<std::string>& mappings);

}  // namespace sfn::cli
