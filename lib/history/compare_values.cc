#include "history/compare_values.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace sfn::history {
namespace {

constexpr int kMaxDepth = 600;
constexpr size_t kMaxPlaceholder = 60;

// Stand-ins for the shapes found in text. They are control characters, which JSON strings hold only
// escaped, so they do not collide with real text in practice.
constexpr char kWildcard = '\x01';
constexpr char kUuid = '\x02';
constexpr char kTimestamp = '\x03';
constexpr char kArn = '\x04';

constexpr std::array<std::string_view, 15> kMaskWords = {
    "date",       "timestamp",        "start-time",     "entered-time",      "snf_role_arn",
    "start-date", "stop-date",        "execution-arn",  "state-machine-arn", "RequestId",
    "x-amzn-RequestId", "X-Amzn-Trace-Id", "RandomNumberGenerated", "sqs_queue_url", "table-name"};

constexpr std::string_view kMaskedAccount = "111111111111";
// $$.Execution.RedriveCount: recordings made before AWS added it lack the member.
constexpr std::string_view kRedriveCount = "RedriveCount";

bool IsMaskWord(std::string_view text) {
  return std::find(kMaskWords.begin(), kMaskWords.end(), text) != kMaskWords.end();
}

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of a UUID (8-4-4-4-12 hex digits) at `pos`, or 0.
size_t UuidAt(std::string_view s, size_t pos) {
  static constexpr std::array<size_t, 5> kGroups = {8, 4, 4, 4, 12};
  size_t i = pos;
  for (size_t g = 0; g < kGroups.size(); ++g) {
    if (g > 0) {
      if (i >= s.size() || s[i] != '-') return 0;
      ++i;
    }
    for (size_t k = 0; k < kGroups[g]; ++k, ++i) {
      if (i >= s.size() || !IsHex(s[i])) return 0;
    }
  }
  if (i < s.size() && (IsHex(s[i]) || s[i] == '-')) return 0;
  return i - pos;
}

bool DigitsAt(std::string_view s, size_t pos, size_t count) {
  if (pos + count > s.size()) return false;
  for (size_t k = 0; k < count; ++k) {
    if (!IsDigit(s[pos + k])) return false;
  }
  return true;
}

// Length of an ISO-8601 date and time (2024-05-03T13:41:47[.123][Z|+01:00]) at `pos`, or 0.
size_t TimestampAt(std::string_view s, size_t pos) {
  if (!DigitsAt(s, pos, 4) || pos + 19 > s.size() || s[pos + 4] != '-' || !DigitsAt(s, pos + 5, 2) ||
      s[pos + 7] != '-' || !DigitsAt(s, pos + 8, 2) || (s[pos + 10] != 'T' && s[pos + 10] != ' ') ||
      !DigitsAt(s, pos + 11, 2) || s[pos + 13] != ':' || !DigitsAt(s, pos + 14, 2) || s[pos + 16] != ':' ||
      !DigitsAt(s, pos + 17, 2)) {
    return 0;
  }
  size_t i = pos + 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i + 6 <= s.size() && (s[i] == '+' || s[i] == '-') && DigitsAt(s, i + 1, 2) && s[i + 3] == ':' &&
             DigitsAt(s, i + 4, 2)) {
    i += 6;
  }
  return i - pos;
}

bool IsArnChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == ':' || c == '/' ||
         c == '.' || c == '<' || c == '>' || c == '$';
}

// Length of a Step Functions ARN naming an execution, an Express execution, a map run or a state machine
// ("arn:aws:states:us-east-1:123456789012:execution:Machine:name") at `pos`, or 0.
size_t RunArnAt(std::string_view s, size_t pos) {
  if (s.compare(pos, 4, "arn:") != 0 || (pos > 0 && IsArnChar(s[pos - 1]))) return 0;
  size_t end = pos;
  while (end < s.size() && IsArnChar(s[end])) ++end;
  std::string_view arn = s.substr(pos, end - pos);
  std::array<std::string_view, 6> parts;
  size_t start = 0;
  for (size_t p = 0; p < parts.size(); ++p) {
    size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) {
      if (p < parts.size() - 1) return 0;
      colon = arn.size();
    }
    parts[p] = arn.substr(start, colon - start);
    start = colon + 1;
    if (start > arn.size()) break;
  }
  if (parts[2] != "states") return 0;
  std::string_view kind = parts[5];
  if (kind != "execution" && kind != "express" && kind != "mapRun" && kind != "stateMachine") return 0;
  return end - pos;
}

// Length of a masking placeholder ("<ExecArnPart_0idx>", "111111111111") at `pos`, or 0.
size_t PlaceholderAt(std::string_view s, size_t pos) {
  if (s[pos] == '<') {
    int depth = 0;
    for (size_t k = pos; k < s.size() && k - pos <= kMaxPlaceholder; ++k) {
      char c = s[k];
      if (c == '<') {
        ++depth;
      } else if (c == '>') {
        if (--depth == 0) return k > pos + 1 ? k - pos + 1 : 0;
      } else if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':')) {
        return 0;
      }
    }
  }
  if (s.compare(pos, kMaskedAccount.size(), kMaskedAccount) == 0) return kMaskedAccount.size();
  return 0;
}

bool HasPlaceholder(std::string_view s) {
  return s.find('<') != std::string_view::npos || s.find(kMaskedAccount) != std::string_view::npos;
}

// Replaces the shapes of `s` by one stand-in character each; with `placeholders`, masking placeholders
// become wildcards first.
std::string Canonical(std::string_view s, bool placeholders, bool shapes) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = 0;
    if (shapes && (n = RunArnAt(s, i)) > 0) {
      out += kArn;
    } else if (shapes && (n = UuidAt(s, i)) > 0 && (i == 0 || !IsHex(s[i - 1]))) {
      out += kUuid;
    } else if (shapes && (n = TimestampAt(s, i)) > 0 && (i == 0 || !IsDigit(s[i - 1]))) {
      out += kTimestamp;
    } else if (placeholders && (n = PlaceholderAt(s, i)) > 0) {
      if (out.empty() || out.back() != kWildcard) out += kWildcard;
    } else {
      out += s[i];
      n = 1;
    }
    i += n;
  }
  return out;
}

// Glob match: kWildcard in `pattern` matches any run of characters.
bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == kWildcard) {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == kWildcard) ++p;
  return p == pattern.size();
}

bool NumbersEqual(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    if (a.is_number_unsigned() || b.is_number_unsigned()) return a.get<double>() == b.get<double>();
    return a.get<int64_t>() == b.get<int64_t>();
  }
  double x = a.get<double>(), y = b.get<double>();
  return x == y || std::fabs(x - y) <= 1e-12 * std::max(std::fabs(x), std::fabs(y));
}

class Comparer {
 public:
  explicit Comparer(const ValueCompareOptions& options) : options_(options) {}

  std::optional<ValueMismatch> Compare(const Json& expected, const Json& actual, std::string& pointer, int depth) {
    if (depth > kMaxDepth) return std::nullopt;
    if (expected.is_string()) return CompareString(expected, actual, pointer);
    if (expected.is_number() && actual.is_number()) {
      if (NumbersEqual(expected, actual)) return std::nullopt;
      return Mismatch(pointer, expected, actual);
    }
    if (expected.is_object() && actual.is_object()) return CompareObjects(expected, actual, pointer, depth);
    if (expected.is_array() && actual.is_array()) return CompareArrays(expected, actual, pointer, depth);
    if (expected.type() == actual.type() && expected == actual) return std::nullopt;
    if (options_.masked_words && actual.is_string() && actual.get_ref<const std::string&>() == DumpCompact(expected)) {
      return std::nullopt;  // a normalised recording parsed a payload that was a string
    }
    return Mismatch(pointer, expected, actual);
  }

 private:
  static ValueMismatch Mismatch(const std::string& pointer, std::optional<Json> expected, std::optional<Json> actual) {
    return ValueMismatch{pointer, std::move(expected), std::move(actual)};
  }

  std::optional<ValueMismatch> CompareString(const Json& expected, const Json& actual, const std::string& pointer) {
    const std::string& text = expected.get_ref<const std::string&>();
    if (actual.is_string()) {
      if (StringsMatch(text, actual.get_ref<const std::string&>(), options_)) return std::nullopt;
    } else if (options_.masked_words && IsMaskWord(text)) {
      return std::nullopt;
    } else if (HasPlaceholder(text) && StringsMatch(text, DumpCompact(actual), options_)) {
      return std::nullopt;  // a payload the recording kept as text because its placeholders made it invalid JSON
    }
    return Mismatch(pointer, expected, actual);
  }

  std::optional<ValueMismatch> CompareObjects(const Json& expected, const Json& actual, std::string& pointer,
                                              int depth) {
    size_t base = pointer.size();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      pointer += "/" + PointerToken(it.key());
      auto found = actual.find(it.key());
      std::optional<ValueMismatch> m;
      if (found == actual.end()) {
        m = Mismatch(pointer, it.value(), std::nullopt);
      } else {
        m = Compare(it.value(), *found, pointer, depth + 1);
      }
      if (m) return m;
      pointer.resize(base);
    }
    for (auto it = actual.begin(); it != actual.end(); ++it) {
      if (expected.contains(it.key()) || (it.key() == kRedriveCount && it.value() == 0)) continue;
      pointer += "/" + PointerToken(it.key());
      return Mismatch(pointer, std::nullopt, it.value());
    }
    return std::nullopt;
  }

  std::optional<ValueMismatch> CompareArrays(const Json& expected, const Json& actual, std::string& pointer,
                                             int depth) {
    size_t base = pointer.size();
    size_t common = std::min(expected.size(), actual.size());
    for (size_t i = 0; i < common; ++i) {
      pointer += "/" + std::to_string(i);
      if (auto m = Compare(expected[i], actual[i], pointer, depth + 1)) return m;
      pointer.resize(base);
    }
    if (expected.size() == actual.size()) return std::nullopt;
    pointer += "/" + std::to_string(common);
    if (expected.size() > common) return Mismatch(pointer, expected[common], std::nullopt);
    return Mismatch(pointer, std::nullopt, actual[common]);
  }

  const ValueCompareOptions& options_;
};

// Two JSON texts written with other separators (Python's ", " and ": ", or none) hold the same value.
bool JsonTextsMatch(std::string_view expected, std::string_view actual, const ValueCompareOptions& options) {
  auto structured = [](std::string_view s) {
    size_t first = s.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && (s[first] == '{' || s[first] == '[');
  };
  if (!structured(expected) || !structured(actual)) return false;
  Json e = Json::parse(expected, nullptr, false);
  Json a = Json::parse(actual, nullptr, false);
  if (e.is_discarded() || a.is_discarded()) return false;
  return !CompareValues(e, a, options).has_value();
}

std::string Replaced(std::string_view text, const std::vector<TextReplacement>& replacements) {
  std::string out(text);
  for (const TextReplacement& r : replacements) {
    if (r.text.empty()) continue;
    for (size_t pos = out.find(r.text); pos != std::string::npos; pos = out.find(r.text, pos + r.placeholder.size())) {
      out.replace(pos, r.text.size(), r.placeholder);
    }
  }
  return out;
}

// StringsMatch once the replacements are applied to `actual` (`options` holds none any more).
bool MatchReplaced(std::string_view expected, std::string_view actual, const ValueCompareOptions& options) {
  if (expected == actual) return true;
  if (options.masked_words && IsMaskWord(expected)) return true;
  bool has_placeholder = HasPlaceholder(expected);
  if (has_placeholder && GlobMatch(Canonical(expected, true, false), actual)) return true;
  std::string canonical_expected = Canonical(expected, has_placeholder, true);
  std::string canonical_actual = Canonical(actual, false, true);
  if (canonical_expected == canonical_actual) return true;
  if (has_placeholder && GlobMatch(canonical_expected, canonical_actual)) return true;
  return JsonTextsMatch(expected, actual, options);
}

}  // namespace

bool StringsMatch(std::string_view expected, std::string_view actual, const ValueCompareOptions& options) {
  if (expected == actual) return true;
  if (options.replacements.empty()) return MatchReplaced(expected, actual, options);
  ValueCompareOptions rest = options;
  rest.replacements.clear();
  return MatchReplaced(expected, Replaced(actual, options.replacements), rest);
}

std::optional<ValueMismatch> CompareValues(const Json& expected, const Json& actual,
                                           const ValueCompareOptions& options) {
  Comparer comparer(options);
  std::string pointer;
  return comparer.Compare(expected, actual, pointer, 0);
}

std::string PointerToken(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

const Json* ValueAt(const Json& root, std::string_view pointer) {
  const Json* current = &root;
  size_t pos = 0;
  while (pos < pointer.size()) {
    if (pointer[pos] != '/') return nullptr;
    size_t next = pointer.find('/', pos + 1);
    if (next == std::string_view::npos) next = pointer.size();
    std::string token;
    for (size_t i = pos + 1; i < next; ++i) {
      if (pointer[i] == '~' && i + 1 < next) {
        token += pointer[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        token += pointer[i];
      }
    }
    pos = next;
    if (current->is_object()) {
      auto it = current->find(token);
      if (it == current->end()) return nullptr;
      current = &*it;
    } else if (current->is_array()) {
      if (token.empty() || token.size() > 9 || !std::all_of(token.begin(), token.end(), IsDigit)) return nullptr;
      size_t index = std::stoul(token);
      if (index >= current->size()) return nullptr;
      current = &(*current)[index];
    } else {
      return nullptr;
    }
  }
  return current;
}

}  // namespace sfn::history
