#include "jsonata/aws_functions.h"

#include <openssl/evp.h>

#include <cmath>
#include <cstdio>
#include <mutex>
#include <random>
#include <string>

namespace sfn::jsonata {

namespace {

constexpr double kMaxRangeItems = 1e7;

using Args = std::vector<std::optional<Json>>;

[[noreturn]] void Fail(const std::string& message) { throw Error(kAwsFunctionError, message); }

bool IsInteger(const Json& j) {
  if (!j.is_number()) return false;
  double d = j.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

const Json* ArgAt(const Args& args, size_t i) { return i < args.size() && args[i] ? &*args[i] : nullptr; }

// A random source shared by the registered closures; calls may come from several threads.
struct RandomSource {
  std::mutex mutex;
  std::mt19937_64 engine;
  double Next() {
    std::lock_guard<std::mutex> lock(mutex);
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  }
  uint64_t NextBits() {
    std::lock_guard<std::mutex> lock(mutex);
    return engine();
  }
};

std::optional<Json> Partition(const Args& args) {
  const Json* array = ArgAt(args, 0);
  const Json* size = ArgAt(args, 1);
  if (!array) return std::nullopt;
  if (!size || !IsInteger(*size) || size->get<double>() < 1) {
    Fail("the second argument of $partition must be a positive integer");
  }
  auto chunk = static_cast<size_t>(size->get<double>());
  Json out = Json::array();
  for (size_t i = 0; i < array->size(); i += chunk) {
    Json part = Json::array();
    for (size_t k = i; k < i + chunk && k < array->size(); ++k) part.push_back((*array)[k]);
    out.push_back(std::move(part));
  }
  return out;
}

std::optional<Json> Range(const Args& args) {
  const Json* start = ArgAt(args, 0);
  const Json* end = ArgAt(args, 1);
  const Json* step = ArgAt(args, 2);
  if (!start || !end) return std::nullopt;
  if (!IsInteger(*start) || !IsInteger(*end) || (step && !IsInteger(*step))) {
    Fail("the arguments of $range must be integers");
  }
  double from = start->get<double>();
  double to = end->get<double>();
  double by = step ? step->get<double>() : 1;
  if (by == 0) Fail("the step of $range must not be zero");
  double count = std::floor((to - from) / by) + 1;
  if (count > kMaxRangeItems) Fail("$range would produce more than 10000000 items");
  Json out = Json::array();
  for (double i = 0; i < count; ++i) out.push_back(static_cast<int64_t>(from + i * by));
  return out;
}

std::optional<Json> Hash(const Args& args) {
  const Json* data = ArgAt(args, 0);
  const Json* algorithm = ArgAt(args, 1);
  if (!data) return std::nullopt;
  if (!algorithm || !algorithm->is_string()) Fail("the second argument of $hash must be an algorithm name");
  const std::string& name = algorithm->get_ref<const std::string&>();
  const EVP_MD* md = nullptr;
  if (name == "MD5") md = EVP_md5();
  if (name == "SHA-1") md = EVP_sha1();
  if (name == "SHA-256") md = EVP_sha256();
  if (name == "SHA-384") md = EVP_sha384();
  if (name == "SHA-512") md = EVP_sha512();
  if (!md) Fail("unsupported hash algorithm '" + name + "'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512");
  std::string text = data->is_string() ? data->get<std::string>() : data->dump();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, md, nullptr) != 1) Fail("hashing failed");
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    char buf[3];
    std::snprintf(buf, sizeof(buf), "%02x", digest[i]);
    hex += buf;
  }
  return Json(hex);
}

std::optional<Json> Random(RandomSource& source, const Args& args) {
  const Json* seed = ArgAt(args, 0);
  if (!seed) return Json(source.Next());
  if (!IsInteger(*seed)) Fail("the seed of $random must be an integer");
  std::mt19937_64 engine(static_cast<uint64_t>(static_cast<int64_t>(seed->get<double>())));
  return Json(std::uniform_real_distribution<double>(0.0, 1.0)(engine));
}

std::optional<Json> Uuid(RandomSource& source) {
  uint64_t hi = source.NextBits();
  uint64_t lo = source.NextBits();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return Json(std::string(buf));
}

std::optional<Json> Parse(const Args& args) {
  const Json* text = ArgAt(args, 0);
  if (!text) return std::nullopt;
  if (!text->is_string()) Fail("the argument of $parse must be a string");
  try {
    return Json::parse(text->get_ref<const std::string&>());
  } catch (const Json::exception& e) {
    Fail(std::string("$parse could not parse the text as JSON: ") + e.what());
  }
}

}  // namespace

void AddAwsFunctions(Bindings& bindings, std::optional<uint64_t> random_seed) {
  auto source = std::make_shared<RandomSource>();
  source->engine.seed(random_seed ? *random_seed : std::random_device{}());
  bindings.SetFunction("partition", Partition, "<an:a>");
  bindings.SetFunction("range", Range, "<nnn?:a>", NativeResult::kSequence);
  bindings.SetFunction("hash", Hash, "<ss:s>");
  bindings.SetFunction("random", [source](const Args& args) { return Random(*source, args); }, "<n?:n>");
  bindings.SetFunction("uuid", [source](const Args&) { return Uuid(*source); }, "<:s>");
  bindings.SetFunction("parse", Parse, "<s:x>");
}

bool IsAwsFunction(std::string_view name) {
  static const Bindings kRegistered = [] {
    Bindings b;
    AddAwsFunctions(b, 0);
    return b;
  }();
  return kRegistered.Find(name) != nullptr;
}

}  // namespace sfn::jsonata
