#include "path/intrinsic_functions.h"

#include <openssl/evp.h>

#include <cmath>
#include <random>

#include "common/states_error.h"
#include "path/java_text.h"
#include "path/json_equal.h"

namespace sfn::path::internal {
namespace {

constexpr size_t kMaxTextLength = 10000;   // Base64Encode, Base64Decode, Hash (in UTF-16 units)
constexpr int64_t kMaxRangeItems = 1000;   // ArrayRange
constexpr size_t kMaxParsedNesting = 512;  // StringToJson

[[noreturn]] void Failure(const FnInfo& fn, const std::string& detail) {
  throw StatesError("States.IntrinsicFailure",
                    "Invalid arguments in " + std::string(fn.name) + ": " + detail);
}

std::string TypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

std::string Ordinal(size_t i) { return "argument " + std::to_string(i + 1); }

const Json& Expect(const FnInfo& fn, const std::vector<Selection>& args, size_t i, Json::value_t type,
                   const char* wanted) {
  const Json& v = args[i].value();
  bool ok = type == Json::value_t::number_float ? v.is_number() : v.type() == type;
  if (!ok) Failure(fn, Ordinal(i) + " must be " + wanted + " but is " + TypeName(v));
  return v;
}

const std::string& ExpectString(const FnInfo& fn, const std::vector<Selection>& args, size_t i) {
  return Expect(fn, args, i, Json::value_t::string, "a string").get_ref<const std::string&>();
}

const Json& ExpectArray(const FnInfo& fn, const std::vector<Selection>& args, size_t i) {
  return Expect(fn, args, i, Json::value_t::array, "an array");
}

// AWS rounds a fractional number to the nearest integer, halves upwards, as Java's Math.round.
// Nothing when the number is out of the range of int64_t.
std::optional<int64_t> RoundToInteger(const Json& v) {
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(v.get<uint64_t>());
  }
  if (v.is_number_integer()) return v.get<int64_t>();
  double d = std::floor(v.get<double>() + 0.5);
  if (!std::isfinite(d) || std::fabs(d) > 9.0e18) return std::nullopt;
  return static_cast<int64_t>(d);
}

int64_t ExpectInteger(const FnInfo& fn, const std::vector<Selection>& args, size_t i) {
  const Json& v = Expect(fn, args, i, Json::value_t::number_float, "a number");
  std::optional<int64_t> rounded = RoundToInteger(v);
  if (!rounded) Failure(fn, Ordinal(i) + " is out of range");
  return *rounded;
}

bool IsHashAlgorithm(const std::string& name) {
  return name == "MD5" || name == "SHA-1" || name == "SHA-256" || name == "SHA-384" || name == "SHA-512";
}

void CheckLength(const FnInfo& fn, const std::string& text, size_t i) {
  if (Utf16Length(text) > kMaxTextLength) {
    Failure(fn, Ordinal(i) + " is longer than " + std::to_string(kMaxTextLength) + " characters");
  }
}

std::string RenderPieces(const FnInfo& fn, const std::vector<std::string>& pieces,
                         const std::vector<Selection>& args) {
  size_t placeholders = pieces.size() - 1;
  if (placeholders != args.size() - 1) {
    Failure(fn, "the template has " + std::to_string(placeholders) + " placeholder(s) but " +
                    std::to_string(args.size() - 1) + " value(s) follow it");
  }
  std::string out = pieces[0];
  for (size_t k = 1; k < pieces.size(); ++k) {
    out += JavaText(args[k].value());
    out += pieces[k];
  }
  return out;
}

Json Format(const FnInfo& fn, const std::vector<Selection>& args, const std::vector<std::string>* pieces) {
  const std::string& text = ExpectString(fn, args, 0);
  if (pieces != nullptr) return RenderPieces(fn, *pieces, args);
  return RenderPieces(fn, SplitFormatTemplate(text), args);
}

size_t MaxNesting(std::string_view text) {
  size_t depth = 0;
  size_t max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

Json StringToJson(const FnInfo& fn, const std::vector<Selection>& args) {
  const std::string& text = ExpectString(fn, args, 0);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return nullptr;
  if (MaxNesting(text) > kMaxParsedNesting) Failure(fn, "the JSON text is nested too deeply");
  Json parsed = Json::parse(text, nullptr, false);
  if (parsed.is_discarded()) Failure(fn, "the string is not valid JSON: " + text);
  return parsed;
}

Json ArrayPartition(const FnInfo& fn, const std::vector<Selection>& args) {
  const Json& array = ExpectArray(fn, args, 0);
  int64_t chunk = ExpectInteger(fn, args, 1);
  if (chunk <= 0) Failure(fn, "the chunk size must be a positive integer");
  Json out = Json::array();
  for (size_t i = 0; i < array.size(); i += static_cast<size_t>(chunk)) {
    Json part = Json::array();
    for (size_t k = i; k < array.size() && k < i + static_cast<size_t>(chunk); ++k) part.push_back(array[k]);
    out.push_back(std::move(part));
  }
  return out;
}

Json ArrayContains(const FnInfo& fn, const std::vector<Selection>& args) {
  const Json& array = ExpectArray(fn, args, 0);
  const Json& wanted = args[1].value();
  for (const Json& item : array) {
    if (JsonEqual(item, wanted)) return true;
  }
  return false;
}

Json ArrayRange(const FnInfo& fn, const std::vector<Selection>& args) {
  int64_t first = ExpectInteger(fn, args, 0);
  int64_t last = ExpectInteger(fn, args, 1);
  int64_t step = ExpectInteger(fn, args, 2);
  if (step == 0) Failure(fn, "the step must not be 0");
  Json out = Json::array();
  if ((step > 0 && first > last) || (step < 0 && first < last)) return out;
  // Unsigned arithmetic: the distance between two int64_t values may not fit in an int64_t.
  uint64_t distance = step > 0 ? static_cast<uint64_t>(last) - static_cast<uint64_t>(first)
                               : static_cast<uint64_t>(first) - static_cast<uint64_t>(last);
  uint64_t stride = step > 0 ? static_cast<uint64_t>(step) : uint64_t{0} - static_cast<uint64_t>(step);
  uint64_t steps = distance / stride;
  if (steps >= static_cast<uint64_t>(kMaxRangeItems))
    Failure(fn, "the range would hold more than 1000 items");
  int64_t v = first;
  for (uint64_t k = 0; k <= steps; ++k) {
    out.push_back(v);
    if (k < steps) v += step;  // never past 'last', so it cannot overflow
  }
  return out;
}

Json ArrayGetItem(const FnInfo& fn, const std::vector<Selection>& args) {
  const Json& array = ExpectArray(fn, args, 0);
  int64_t index = ExpectInteger(fn, args, 1);
  if (index < 0 || index >= static_cast<int64_t>(array.size())) {
    Failure(fn, "the index " + std::to_string(index) + " is out of bounds for an array of length " +
                    std::to_string(array.size()));
  }
  return array[static_cast<size_t>(index)];
}

Json ArrayUnique(const FnInfo& fn, const std::vector<Selection>& args) {
  const Json& array = ExpectArray(fn, args, 0);
  Json out = Json::array();
  for (const Json& item : array) {
    bool seen = false;
    for (const Json& kept : out) {
      if (JsonEqual(kept, item)) {
        seen = true;
        break;
      }
    }
    if (!seen) out.push_back(item);
  }
  return out;
}

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Json Base64Encode(const FnInfo& fn, const std::vector<Selection>& args) {
  const std::string& text = ExpectString(fn, args, 0);
  CheckLength(fn, text, 0);
  std::string out;
  out.reserve((text.size() + 2) / 3 * 4);
  for (size_t i = 0; i < text.size(); i += 3) {
    uint32_t chunk = static_cast<unsigned char>(text[i]) << 16;
    if (i + 1 < text.size()) chunk |= static_cast<unsigned char>(text[i + 1]) << 8;
    if (i + 2 < text.size()) chunk |= static_cast<unsigned char>(text[i + 2]);
    out += kBase64Alphabet[(chunk >> 18) & 63];
    out += kBase64Alphabet[(chunk >> 12) & 63];
    out += i + 1 < text.size() ? kBase64Alphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < text.size() ? kBase64Alphabet[chunk & 63] : '=';
  }
  return out;
}

// Replaces invalid UTF-8 with U+FFFD, as Java's new String(bytes, UTF_8) does.
std::string SanitizeUtf8(const std::string& bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size();) {
    size_t start = i;
    char32_t cp = NextCodePoint(bytes, i);
    if (cp == 0xFFFD && !(bytes.compare(start, 3, "\xEF\xBF\xBD") == 0)) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(bytes, start, i - start);
    }
  }
  return out;
}

// The MIME decoder ignores characters outside the alphabet and stops at padding.
Json Base64Decode(const FnInfo& fn, const std::vector<Selection>& args) {
  const std::string& text = ExpectString(fn, args, 0);
  CheckLength(fn, text, 0);
  std::string bytes;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const char* at = std::strchr(kBase64Alphabet, c);
    if (at == nullptr || c == '\0') continue;
    buffer = (buffer << 6) | static_cast<uint32_t>(at - kBase64Alphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (bits >= 6) Failure(fn, "the string is not valid Base64");
  return SanitizeUtf8(bytes);
}

Json Hash(const FnInfo& fn, const std::vector<Selection>& args) {
  const Json& data = args[0].value();
  std::string text = data.is_string() ? data.get<std::string>() : DumpCompact(data);
  CheckLength(fn, text, 0);
  const std::string& algorithm = ExpectString(fn, args, 1);
  const EVP_MD* md = nullptr;
  if (algorithm == "MD5")
    md = EVP_md5();
  else if (algorithm == "SHA-1")
    md = EVP_sha1();
  else if (algorithm == "SHA-256")
    md = EVP_sha256();
  else if (algorithm == "SHA-384")
    md = EVP_sha384();
  else if (algorithm == "SHA-512")
    md = EVP_sha512();
  if (md == nullptr) {
    Failure(fn, "the algorithm '" + algorithm + "' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, md, nullptr) != 1) Failure(fn, "hashing failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

Json JsonMerge(const FnInfo& fn, const std::vector<Selection>& args) {
  const Json& first = Expect(fn, args, 0, Json::value_t::object, "an object");
  const Json& second = Expect(fn, args, 1, Json::value_t::object, "an object");
  const Json& deep = Expect(fn, args, 2, Json::value_t::boolean, "a boolean");
  if (deep.get<bool>()) Failure(fn, "deep merging is not supported; the third argument must be false");
  Json out = first;
  for (auto it = second.begin(); it != second.end(); ++it) out[it.key()] = it.value();
  return out;
}

uint64_t RandomBits(const Env& env) {
  if (env.random) return env.random();
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

// java.util.Random(seed).nextInt(bound), so that a seeded call gives the numbers a JVM would.
int32_t JavaNextInt(int64_t seed, int32_t bound) {
  constexpr uint64_t kMultiplier = 0x5DEECE66DULL;
  constexpr uint64_t kMask = (1ULL << 48) - 1;
  uint64_t state = (static_cast<uint64_t>(seed) ^ kMultiplier) & kMask;
  auto next31 = [&]() {
    state = (state * kMultiplier + 0xBULL) & kMask;
    return static_cast<int32_t>(state >> 17);
  };
  int32_t r = next31();
  int32_t m = bound - 1;
  if ((bound & m) == 0) return static_cast<int32_t>((static_cast<int64_t>(bound) * r) >> 31);
  for (int32_t u = r; static_cast<int32_t>(static_cast<uint32_t>(u) - static_cast<uint32_t>(r = u % bound) +
                                           static_cast<uint32_t>(m)) < 0;
       u = next31()) {
  }
  return r;
}

Json MathRandom(const FnInfo& fn, const std::vector<Selection>& args, const Env& env) {
  int64_t start = ExpectInteger(fn, args, 0);
  int64_t end = ExpectInteger(fn, args, 1);
  if (start >= end) Failure(fn, "the start must be less than the end");
  if (start < INT32_MIN || end > INT32_MAX || end - start > INT32_MAX) Failure(fn, "the range is too large");
  auto span = static_cast<int32_t>(end - start);
  if (args.size() == 3) return start + JavaNextInt(ExpectInteger(fn, args, 2), span);
  return start + static_cast<int64_t>(RandomBits(env) % static_cast<uint64_t>(span));
}

Json MathAdd(const FnInfo& fn, const std::vector<Selection>& args) {
  int64_t a = ExpectInteger(fn, args, 0);
  int64_t b = ExpectInteger(fn, args, 1);
  for (int64_t v : {a, b}) {
    if (v < INT32_MIN || v > INT32_MAX) Failure(fn, "the values must be between -2147483648 and 2147483647");
  }
  return a + b;
}

Json StringSplit(const FnInfo& fn, const std::vector<Selection>& args) {
  const std::string& text = ExpectString(fn, args, 0);
  const std::string& delimiters = ExpectString(fn, args, 1);
  std::vector<char32_t> set;
  for (size_t i = 0; i < delimiters.size();) set.push_back(NextCodePoint(delimiters, i));
  Json out = Json::array();
  std::string piece;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    char32_t cp = NextCodePoint(text, i);
    if (std::find(set.begin(), set.end(), cp) != set.end()) {
      if (!piece.empty()) out.push_back(std::move(piece));
      piece.clear();
    } else {
      piece.append(text, start, i - start);
    }
  }
  if (!piece.empty()) out.push_back(std::move(piece));
  return out;
}

Json Uuid(const Env& env) {
  uint64_t hi = RandomBits(env);
  uint64_t lo = RandomBits(env);
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // IETF variant
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return std::string(buf);
}

// The type each argument of a function must have; kAny where any value is accepted.
enum class Want { kAny, kString, kNumber, kArray, kObject, kBoolean };

Want WantedType(Fn fn, size_t index) {
  switch (fn) {
    case Fn::kStringToJson:
    case Fn::kBase64Encode:
    case Fn::kBase64Decode:
    case Fn::kStringSplit:
      return Want::kString;
    case Fn::kArrayPartition:
    case Fn::kArrayGetItem:
      return index == 0 ? Want::kArray : Want::kNumber;
    case Fn::kArrayContains:
      return index == 0 ? Want::kArray : Want::kAny;
    case Fn::kArrayLength:
    case Fn::kArrayUnique:
      return Want::kArray;
    case Fn::kArrayRange:
    case Fn::kMathRandom:
    case Fn::kMathAdd:
      return Want::kNumber;
    case Fn::kHash:
      return index == 1 ? Want::kString : Want::kAny;
    case Fn::kJsonMerge:
      return index == 2 ? Want::kBoolean : Want::kObject;
    default:  // Format (its template is checked on its own), JsonToString, Array, UUID
      return Want::kAny;
  }
}

bool HasType(const Json& value, Want want) {
  switch (want) {
    case Want::kAny:
      return true;
    case Want::kString:
      return value.is_string();
    case Want::kNumber:
      return value.is_number();
    case Want::kArray:
      return value.is_array();
    case Want::kObject:
      return value.is_object();
    case Want::kBoolean:
      return value.is_boolean();
  }
  return true;
}

const char* WantName(Want want) {
  switch (want) {
    case Want::kString:
      return "a string";
    case Want::kNumber:
      return "a number";
    case Want::kArray:
      return "an array";
    case Want::kObject:
      return "an object";
    case Want::kBoolean:
      return "a boolean";
    default:
      return "a value";
  }
}

// The checks on a literal of the right type that do not depend on the other arguments.
std::optional<std::string> LiteralValueProblem(Fn fn, size_t index, const Json& value) {
  if (value.is_number()) {
    std::optional<int64_t> n = RoundToInteger(value);
    if (!n) return "the number is out of range";
    if (fn == Fn::kArrayPartition && *n <= 0) return "the chunk size must be a positive integer";
    if (fn == Fn::kArrayRange && index == 2 && *n == 0) return "the step must not be 0";
    if (fn == Fn::kArrayGetItem && *n < 0) return "the index must not be negative";
    if (fn == Fn::kMathAdd && (*n < INT32_MIN || *n > INT32_MAX))
      return "the value must be between -2147483648 and 2147483647";
  }
  if (fn == Fn::kHash && index == 1 && !IsHashAlgorithm(value.get<std::string>())) {
    return "the algorithm '" + value.get<std::string>() +
           "' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512";
  }
  if (fn == Fn::kJsonMerge && index == 2 && value.get<bool>()) {
    return "deep merging is not supported; the third argument must be false";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> LiteralArgumentProblem(const FnInfo& fn, size_t index, const Json& value) {
  std::string which = Ordinal(index) + " of '" + fn.name + "'";
  Want want = WantedType(fn.fn, index);
  if (!HasType(value, want)) return which + " must be " + WantName(want) + " but is " + TypeName(value);
  if (want == Want::kAny) return std::nullopt;
  std::optional<std::string> problem = LiteralValueProblem(fn.fn, index, value);
  if (problem) return "invalid " + which + ": " + *problem;
  return std::nullopt;
}

const std::vector<FnInfo>& FunctionTable() {
  static const std::vector<FnInfo> kTable = {
      {Fn::kFormat, "States.Format", 1, kVariadic},
      {Fn::kStringToJson, "States.StringToJson", 1, 1},
      {Fn::kJsonToString, "States.JsonToString", 1, 1},
      {Fn::kArray, "States.Array", 0, kVariadic},
      {Fn::kArrayPartition, "States.ArrayPartition", 2, 2},
      {Fn::kArrayContains, "States.ArrayContains", 2, 2},
      {Fn::kArrayRange, "States.ArrayRange", 3, 3},
      {Fn::kArrayGetItem, "States.ArrayGetItem", 2, 2},
      {Fn::kArrayLength, "States.ArrayLength", 1, 1},
      {Fn::kArrayUnique, "States.ArrayUnique", 1, 1},
      {Fn::kBase64Encode, "States.Base64Encode", 1, 1},
      {Fn::kBase64Decode, "States.Base64Decode", 1, 1},
      {Fn::kHash, "States.Hash", 2, 2},
      {Fn::kJsonMerge, "States.JsonMerge", 3, 3},
      {Fn::kMathRandom, "States.MathRandom", 2, 3},
      {Fn::kMathAdd, "States.MathAdd", 2, 2},
      {Fn::kStringSplit, "States.StringSplit", 2, 2},
      {Fn::kUuid, "States.UUID", 0, 0},
  };
  return kTable;
}

const FnInfo* FindFunction(std::string_view name) {
  for (const FnInfo& info : FunctionTable()) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

std::vector<std::string> SplitFormatTemplate(std::string_view text) {
  std::vector<std::string> pieces(1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '}') {
      pieces.emplace_back();
      ++i;
    } else {
      pieces.back() += text[i];
    }
  }
  return pieces;
}

Json ApplyFunction(const FnInfo& fn, const std::vector<Selection>& args,
                   const std::vector<std::string>* format_pieces, const Env& env) {
  switch (fn.fn) {
    case Fn::kFormat:
      return Format(fn, args, format_pieces);
    case Fn::kStringToJson:
      return StringToJson(fn, args);
    case Fn::kJsonToString:
      return DumpCompact(args[0].value());
    case Fn::kArray: {
      Json out = Json::array();
      for (const Selection& arg : args) out.push_back(arg.value());
      return out;
    }
    case Fn::kArrayPartition:
      return ArrayPartition(fn, args);
    case Fn::kArrayContains:
      return ArrayContains(fn, args);
    case Fn::kArrayRange:
      return ArrayRange(fn, args);
    case Fn::kArrayGetItem:
      return ArrayGetItem(fn, args);
    case Fn::kArrayLength:
      return ExpectArray(fn, args, 0).size();
    case Fn::kArrayUnique:
      return ArrayUnique(fn, args);
    case Fn::kBase64Encode:
      return Base64Encode(fn, args);
    case Fn::kBase64Decode:
      return Base64Decode(fn, args);
    case Fn::kHash:
      return Hash(fn, args);
    case Fn::kJsonMerge:
      return JsonMerge(fn, args);
    case Fn::kMathRandom:
      return MathRandom(fn, args, env);
    case Fn::kMathAdd:
      return MathAdd(fn, args);
    case Fn::kStringSplit:
      return StringSplit(fn, args);
    case Fn::kUuid:
      return Uuid(env);
  }
  return nullptr;
}

}  // namespace sfn::path::internal
