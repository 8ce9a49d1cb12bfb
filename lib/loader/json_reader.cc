#include "loader/json_reader.h"

#include <charconv>
#include <cmath>
#include <unordered_set>
#include <vector>

#include "common/utf8.h"

namespace sfn::loader {
namespace {

using ObjectVector = std::vector<std::pair<const std::string, Json>>;

// One open container. Frames are kept when their container closes and reused by the next container at
// the same depth, so that their buffers are allocated once per depth rather than once per container.
struct Frame {
  bool is_object = false;
  // Members and items are collected here and moved into a container of the exact size when it closes.
  // A std::pair<std::string, Json> moves without copying, whereas the object type's pair<const
  // std::string, Json> would be copied, subtree and all, each time a vector of them grows.
  std::vector<std::pair<std::string, Json>> members;
  std::vector<Json> items;
  PointerHash hash;
  std::string pending_key;       // the key whose value comes next (objects)
  uint32_t pending_key_offset = 0;
  std::unordered_set<std::string> keys;  // for duplicate detection

  void Open(bool object, PointerHash h) {
    is_object = object;
    hash = h;
    members.clear();
    items.clear();
    keys.clear();
  }
};

class Parser {
 public:
  Parser(std::string_view text, PositionIndex* index, const ReadLimits& limits)
      : text_(text), index_(index), limits_(limits) {}

  JsonReadResult Run();

 private:
  void SkipSpace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }
  bool Fail(std::string message, size_t at, std::string code = "SFN002") {
    if (!error_) error_ = ReadError{std::move(code), std::move(message), at};
    return false;
  }
  bool FailHere(const std::string& what) {
    if (pos_ >= text_.size()) return Fail("unexpected end of input, expected " + what, pos_);
    return Fail("unexpected " + Describe(pos_) + ", expected " + what, pos_);
  }
  std::string Describe(size_t at) const;
  bool ParseString(std::string& out);
  bool ParseNumber(Json& out);
  bool ParseLiteral(Json& out);
  bool ParseScalarOrOpen(bool& opened);
  bool AddValue(Json value, size_t value_offset);
  bool CloseContainer();
  PointerHash ChildHash() const;

  std::string_view text_;
  size_t pos_ = 0;
  PositionIndex* index_;
  ReadLimits limits_;
  Frame& Top() { return stack_[depth_ - 1]; }
  const Frame& Top() const { return stack_[depth_ - 1]; }

  std::vector<Frame> stack_;  // stack_[0, depth_) are open; the rest wait to be reused
  size_t depth_ = 0;
  Json root_;
  bool have_root_ = false;
  std::optional<ReadError> error_;
};

std::string Parser::Describe(size_t at) const {
  unsigned char c = static_cast<unsigned char>(text_[at]);
  if (c < 0x20 || c >= 0x7F) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
    return buf;
  }
  return std::string("'") + static_cast<char>(c) + "'";
}

// Validates one UTF-8 sequence starting at text[i]; returns its length or 0 if invalid.
size_t Utf8Length(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  return n;
}

bool ReadHex4(std::string_view text, size_t at, uint32_t& out) {
  if (at + 4 > text.size()) return false;
  out = 0;
  for (size_t k = 0; k < 4; ++k) {
    char c = text[at + k];
    out <<= 4;
    if (c >= '0' && c <= '9') {
      out |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      out |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      out |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  return true;
}

bool Parser::ParseString(std::string& out) {
  size_t start = pos_;
  ++pos_;  // opening quote
  out.clear();
  while (true) {
    size_t run = pos_;
    while (pos_ < text_.size()) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++pos_;
    }
    out.append(text_.data() + run, pos_ - run);
    if (pos_ >= text_.size()) return Fail("unterminated string", start);
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c < 0x20) return Fail("control character " + Describe(pos_) + " in string (escape it)", pos_);
    if (c >= 0x80) {
      size_t n = Utf8Length(text_, pos_);
      if (n == 0) return Fail("invalid UTF-8 in string", pos_, "SFN007");
      out.append(text_.data() + pos_, n);
      pos_ += n;
      continue;
    }
    // Escape.
    if (pos_ + 1 >= text_.size()) return Fail("unterminated string", start);
    char e = text_[pos_ + 1];
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp;
        if (!ReadHex4(text_, pos_ + 2, cp)) return Fail("invalid '\\u' escape", pos_);
        size_t consumed = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low;
          if (pos_ + 7 < text_.size() && text_[pos_ + 6] == '\\' && text_[pos_ + 7] == 'u' &&
              ReadHex4(text_, pos_ + 8, low) && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            consumed = 12;
          } else {
            return Fail("unpaired surrogate in '\\u' escape", pos_, "SFN007");
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return Fail("unpaired surrogate in '\\u' escape", pos_, "SFN007");
        }
        AppendUtf8(out, cp);
        pos_ += consumed;
        continue;
      }
      default:
        return Fail("invalid escape '\\" + std::string(1, e) + "' in string", pos_);
    }
    pos_ += 2;
  }
}

bool Parser::ParseNumber(Json& out) {
  size_t start = pos_;
  if (text_[pos_] == '-') ++pos_;
  auto digits = [&] {
    size_t s = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ - s;
  };
  if (pos_ >= text_.size() || !(text_[pos_] >= '0' && text_[pos_] <= '9')) return FailHere("a digit");
  if (text_[pos_] == '0') {
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      return Fail("leading zeros are not allowed in numbers", start);
    }
  } else {
    digits();
  }
  bool integral = true;
  if (pos_ < text_.size() && text_[pos_] == '.') {
    ++pos_;
    integral = false;
    if (digits() == 0) return FailHere("a digit after '.'");
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    ++pos_;
    integral = false;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (digits() == 0) return FailHere("a digit in the exponent");
  }
  const char* first = text_.data() + start;
  const char* last = text_.data() + pos_;
  if (integral) {
    int64_t i;
    if (auto [p, ec] = std::from_chars(first, last, i); ec == std::errc() && p == last) {
      out = i;
      return true;
    }
    uint64_t u;
    if (auto [p, ec] = std::from_chars(first, last, u); ec == std::errc() && p == last) {
      out = u;
      return true;
    }
  }
  double d;
  auto [p, ec] = std::from_chars(first, last, d);
  if (ec == std::errc::result_out_of_range || !std::isfinite(d)) {
    return Fail("number is out of range", start);
  }
  if (ec != std::errc() || p != last) return Fail("invalid number", start);
  out = d;
  return true;
}

bool Parser::ParseLiteral(Json& out) {
  auto match = [&](std::string_view word) { return text_.substr(pos_, word.size()) == word; };
  if (match("true")) {
    out = true;
    pos_ += 4;
  } else if (match("false")) {
    out = false;
    pos_ += 5;
  } else if (match("null")) {
    out = nullptr;
    pos_ += 4;
  } else {
    return FailHere("a value");
  }
  return true;
}

// Small objects are scanned; larger ones switch to a hash set of their keys.
bool IsDuplicateKey(Frame& frame) {
  constexpr size_t kScanLimit = 8;
  const auto& members = frame.members;
  if (members.size() < kScanLimit) {
    for (const auto& [key, value] : members) {
      if (key == frame.pending_key) return true;
    }
    return false;
  }
  if (frame.keys.empty()) {
    for (const auto& [key, value] : members) frame.keys.insert(key);
  }
  return !frame.keys.insert(frame.pending_key).second;
}

PointerHash Parser::ChildHash() const {
  const Frame& top = Top();
  if (top.is_object) return ExtendPointerHash(top.hash, top.pending_key);
  return ExtendPointerHash(top.hash, top.items.size());
}

bool Parser::AddValue(Json value, size_t value_offset) {
  if (depth_ == 0) {
    root_ = std::move(value);
    have_root_ = true;
    return true;
  }
  Frame& top = Top();
  if (top.is_object) {
    top.members.emplace_back(std::move(top.pending_key), std::move(value));
  } else {
    top.items.push_back(std::move(value));
  }
  (void)value_offset;
  return true;
}

bool Parser::CloseContainer() {
  Frame& frame = Top();
  --depth_;
  Json container;
  if (frame.is_object) {
    container = Json::object();
    auto& members = static_cast<ObjectVector&>(container.get_ref<Json::object_t&>());
    members.reserve(frame.members.size());
    for (auto& [key, value] : frame.members) members.emplace_back(std::move(key), std::move(value));
    frame.members.clear();
  } else {
    container = Json::array();
    auto& items = container.get_ref<Json::array_t&>();
    items.reserve(frame.items.size());
    for (auto& item : frame.items) items.push_back(std::move(item));
    frame.items.clear();
  }
  return AddValue(std::move(container), 0);
}

JsonReadResult Parser::Run() {
  // Each loop iteration handles one token in the context of the innermost open container.
  SkipSpace();
  if (pos_ >= text_.size()) {
    Fail("empty input, expected a JSON value", 0);
    return {Json(), error_};
  }
  enum class Want { kValue, kKeyOrEnd, kKey, kColon, kCommaOrEnd, kValueOrEnd };
  Want want = Want::kValue;
  while (!error_) {
    SkipSpace();
    if (want == Want::kCommaOrEnd && depth_ == 0) break;
    if (pos_ >= text_.size()) {
      FailHere(want == Want::kCommaOrEnd ? (Top().is_object ? "',' or '}'" : "',' or ']'")
                                         : "more input");
      break;
    }
    char c = text_[pos_];
    switch (want) {
      case Want::kKeyOrEnd:
      case Want::kKey: {
        if (c == '}' && want == Want::kKeyOrEnd) {
          ++pos_;
          CloseContainer();
          want = Want::kCommaOrEnd;
          break;
        }
        if (c != '"') {
          FailHere(want == Want::kKeyOrEnd ? "a string key or '}'" : "a string key");
          break;
        }
        Frame& top = Top();
        top.pending_key_offset = static_cast<uint32_t>(pos_);
        size_t key_at = pos_;
        if (!ParseString(top.pending_key)) break;
        if (IsDuplicateKey(top)) {
          Fail("duplicate key '" + top.pending_key + "'", key_at, "SFN004");
          break;
        }
        want = Want::kColon;
        break;
      }
      case Want::kColon:
        if (c != ':') {
          FailHere("':' after the key");
          break;
        }
        ++pos_;
        want = Want::kValue;
        break;
      case Want::kCommaOrEnd: {
        Frame& top = Top();
        bool is_object = top.is_object;
        if (c == ',') {
          ++pos_;
          want = is_object ? Want::kKey : Want::kValue;
        } else if ((is_object && c == '}') || (!is_object && c == ']')) {
          ++pos_;
          CloseContainer();
        } else {
          FailHere(is_object ? "',' or '}'" : "',' or ']'");
        }
        break;
      }
      case Want::kValueOrEnd:
        if (c == ']') {
          ++pos_;
          CloseContainer();
          want = Want::kCommaOrEnd;
          break;
        }
        [[fallthrough]];
      case Want::kValue: {
        size_t value_at = pos_;
        PointerHash hash = depth_ == 0 ? kRootPointerHash : ChildHash();
        if (index_) {
          uint32_t key_offset = (depth_ > 0 && Top().is_object)
                                    ? Top().pending_key_offset
                                    : SourceSpan::kNoKey;
          index_->Add(hash, SourceSpan{static_cast<uint32_t>(value_at), key_offset});
        }
        if (c == '{' || c == '[') {
          if (depth_ >= limits_.max_depth) {
            Fail("nesting is deeper than " + std::to_string(limits_.max_depth) + " levels", pos_, "SFN005");
            break;
          }
          ++pos_;
          if (depth_ == stack_.size()) stack_.emplace_back();
          stack_[depth_++].Open(c == '{', hash);
          want = (c == '{') ? Want::kKeyOrEnd : Want::kValueOrEnd;
          break;
        }
        Json value;
        bool ok;
        if (c == '"') {
          std::string s;
          ok = ParseString(s);
          value = std::move(s);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          ok = ParseNumber(value);
        } else {
          ok = ParseLiteral(value);
        }
        if (!ok) break;
        AddValue(std::move(value), value_at);
        want = Want::kCommaOrEnd;
        break;
      }
    }
  }
  if (!error_) {
    SkipSpace();
    if (pos_ < text_.size()) Fail("unexpected " + Describe(pos_) + " after the end of the JSON value", pos_);
  }
  if (error_) {
    // Unwind iteratively so a deep partial value never recurses on destruction.
    while (!stack_.empty()) stack_.pop_back();
    depth_ = 0;
    return {Json(), error_};
  }
  return {std::move(root_), std::nullopt};
}

}  // namespace

JsonReadResult ReadJson(std::string_view text, PositionIndex* index, const ReadLimits& limits) {
  Parser parser(text, index, limits);
  return parser.Run();
}

}  // namespace sfn::loader
