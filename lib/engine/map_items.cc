#include "engine/map_items.h"

#include <sstream>

#include "common/states_error.h"

namespace sfn::engine::internal {
namespace {

[[noreturn]] void ReaderFailed(const std::string& cause) {
  throw StatesError("States.ItemReaderFailed", cause);
}

std::string GetString(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

char DelimiterOf(const Json& config) {
  std::string d = GetString(config, "CSVDelimiter");
  if (d == "PIPE") return '|';
  if (d == "SEMICOLON") return ';';
  if (d == "SPACE") return ' ';
  if (d == "TAB") return '\t';
  return ',';
}

Json CsvItems(const std::string& text, const Json& config) {
  auto rows = ParseCsv(text, DelimiterOf(config));
  std::vector<std::string> headers;
  size_t first = 0;
  if (GetString(config, "CSVHeaderLocation") == "GIVEN") {
    auto it = config.find("CSVHeaders");
    if (it == config.end() || !it->is_array())
      ReaderFailed("CSVHeaders must be given when CSVHeaderLocation is GIVEN");
    for (const auto& h : *it) headers.push_back(h.is_string() ? h.get<std::string>() : DumpCompact(h));
  } else {
    if (rows.empty()) return Json::array();
    headers = rows[0];
    first = 1;
  }
  for (size_t i = 0; i < headers.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (headers[i] == headers[j]) ReaderFailed("CSV headers cannot contain duplicates.");
    }
  }
  Json items = Json::array();
  for (size_t r = first; r < rows.size(); ++r) {
    Json item = Json::object();
    for (size_t c = 0; c < headers.size(); ++c)
      item[headers[c]] = c < rows[r].size() ? rows[r][c] : std::string();
    items.push_back(std::move(item));
  }
  return items;
}

Json JsonlItems(const std::string& text) {
  Json items = Json::array();
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Json v = Json::parse(line, nullptr, false);
    if (v.is_discarded()) ReaderFailed("The line is not valid JSON: " + line);
    items.push_back(std::move(v));
  }
  return items;
}

Json ManifestItems(const std::string& text, const std::string& bucket, const ObjectReader& read_object) {
  Json manifest = Json::parse(text, nullptr, false);
  if (!manifest.is_object()) ReaderFailed("The manifest is not a JSON object");
  std::string dest = GetString(manifest, "destinationBucket");
  std::string source_bucket = GetString(manifest, "sourceBucket");
  Json items = Json::array();
  auto files = manifest.find("files");
  if (files == manifest.end() || !files->is_array()) return items;
  std::string file_bucket = bucket;
  if (dest.rfind("arn:aws:s3:::", 0) == 0) file_bucket = dest.substr(13);
  for (const auto& file : *files) {
    std::string key = GetString(file, "key");
    auto content = read_object(file_bucket, key);
    if (!content) ReaderFailed("The inventory file '" + key + "' was not found");
    for (const auto& row : ParseCsv(*content, ',')) {
      if (row.size() < 2) continue;
      Json item = Json::object();
      item["Bucket"] = row[0];
      item["Key"] = row[1];
      items.push_back(std::move(item));
    }
  }
  (void)source_bucket;
  return items;
}

}  // namespace

std::vector<std::vector<std::string>> ParseCsv(const std::string& text, char delimiter) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      any = true;
    } else if (c == delimiter) {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

Json ReadItems(const Json& reader, const ObjectReader& read_object) {
  std::string resource = GetString(reader, "Resource");
  Json config = reader.contains("ReaderConfig") ? reader["ReaderConfig"] : Json::object();
  Json params = reader.contains("Parameters")
                    ? reader["Parameters"]
                    : (reader.contains("Arguments") ? reader["Arguments"] : Json::object());
  if (resource.find("s3:getObject") == std::string::npos) {
    ReaderFailed("The ItemReader resource '" + resource + "' is not supported locally");
  }
  if (!read_object) ReaderFailed("no S3 objects are available to read");
  std::string bucket = GetString(params, "Bucket"), key = GetString(params, "Key");
  auto content = read_object(bucket, key);
  if (!content) ReaderFailed("The object '" + key + "' in the bucket '" + bucket + "' does not exist");
  std::string type = GetString(config, "InputType");
  Json items;
  if (type == "CSV") {
    items = CsvItems(*content, config);
  } else if (type == "JSONL") {
    items = JsonlItems(*content);
  } else if (type == "MANIFEST") {
    items = ManifestItems(*content, bucket, read_object);
  } else {
    items = Json::parse(*content, nullptr, false);
    if (items.is_discarded()) ReaderFailed("The object '" + key + "' is not valid JSON");
    if (!items.is_array()) ReaderFailed("Attempting to map over non-iterable node.");
  }
  if (auto it = config.find("MaxItems"); it != config.end() && it->is_number_integer()) {
    int64_t max = it->get<int64_t>();
    if (max > 0 && static_cast<size_t>(max) < items.size()) items.erase(items.begin() + max, items.end());
  }
  return items;
}

Json BatchItems(const Json& items, int64_t max_items, int64_t max_bytes, const Json* batch_input) {
  Json batches = Json::array();
  Json current = Json::array();
  size_t bytes = 2;
  auto flush = [&] {
    if (current.empty()) return;
    Json batch = Json::object();
    if (batch_input != nullptr) batch["BatchInput"] = *batch_input;
    batch["Items"] = std::move(current);
    batches.push_back(std::move(batch));
    current = Json::array();
    bytes = 2;
  };
  for (const auto& item : items) {
    size_t size = DumpCompact(item).size() + 1;
    bool full = (max_items > 0 && static_cast<int64_t>(current.size()) >= max_items) ||
                (max_bytes > 0 && !current.empty() && static_cast<int64_t>(bytes + size) > max_bytes);
    if (full) flush();
    current.push_back(item);
    bytes += size;
  }
  flush();
  return batches;
}

}  // namespace sfn::engine::internal
