// The items of a Distributed Map read from S3 (ItemReader) and grouped into batches (ItemBatcher)
// (internal to the engine area).
//
// Objects are read through ExecutionOptions::read_object, which maps (bucket, key) to local content.
// Supported readers: s3:getObject with InputType JSON (an array), JSONL (one value a line), CSV (headers
// on the first row or given) and MANIFEST (an S3 inventory manifest whose CSV files are read in turn).
// Failures raise StatesError("States.ItemReaderFailed").
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/json.h"

namespace sfn::engine::internal {

using ObjectReader =
    std::function<std::optional<std::string>(const std::string& bucket, const std::string& key)>;

// 'reader' is the ItemReader field with its Parameters/Arguments evaluated ("Parameters" holds Bucket and
// Key) and MaxItems resolved in ReaderConfig.
Json ReadItems(const Json& reader, const ObjectReader& read_object);

// Splits 'items' into batches {"BatchInput": ..., "Items": [...]} of at most 'max_items' items (0: no
// limit) and 'max_bytes' bytes of JSON text (0: no limit).
Json BatchItems(const Json& items, int64_t max_items, int64_t max_bytes, const Json* batch_input);

// Parses CSV text into rows of fields (RFC 4180 quoting).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text, char delimiter);

}  // namespace sfn::engine::internal
