// String built-ins.
#include <cmath>
#include <cstdio>
#include <cstring>

#include "jsonata/builtins.h"
#include "jsonata/error.h"
#include "jsonata/evaluator.h"
#include "jsonata/stringify.h"
#include "jsonata/utf8.h"

namespace sfn::jsonata {

namespace {

Value Arg(const std::vector<Value>& args, size_t i) { return i < args.size() ? args[i] : Value(); }

// The byte offset of UTF-16 offset `units` in s.
size_t ByteOffset(std::string_view s, double units) {
  if (units <= 0) return 0;
  size_t pos = 0;
  double count = 0;
  while (pos < s.size() && count < units) {
    auto c = static_cast<unsigned char>(s[pos]);
    count += c >= 0xF0 ? 2 : 1;
    ++pos;
    while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) ++pos;
  }
  return pos;
}

// JavaScript's Array.prototype.slice index normalisation.
size_t SliceIndex(double index, size_t length) {
  if (std::isnan(index)) return 0;
  index = std::trunc(index);
  auto len = static_cast<double>(length);
  if (index < 0) return static_cast<size_t>(std::max(len + index, 0.0));
  return static_cast<size_t>(std::min(index, len));
}

std::string SliceCodePoints(std::string_view s, const std::vector<size_t>& offsets, double start,
                            std::optional<double> end) {
  size_t length = offsets.size() - 1;
  size_t from = SliceIndex(start, length);
  size_t to = end ? SliceIndex(*end, length) : length;
  if (to <= from) return "";
  return std::string(s.substr(offsets[from], offsets[to] - offsets[from]));
}

std::string Substring(std::string_view s, double start, std::optional<double> length) {
  std::vector<size_t> offsets = CodePointOffsets(s);
  auto count = static_cast<double>(offsets.size() - 1);
  if (count + start < 0) start = 0;
  if (length) {
    if (*length <= 0) return "";
    double end = start >= 0 ? start + *length : count + start + *length;
    return SliceCodePoints(s, offsets, start, end);
  }
  return SliceCodePoints(s, offsets, start, std::nullopt);
}

uint32_t ToUpper(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c < 0x80) return c;
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F) {
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 0) ? c - 1 : c;
    if (c == 0x131) return 'I';
    if (c == 0x17F) return 'S';
    return (c % 2 == 1 && c != 0x138 && c != 0x149) ? c - 1 : c;
  }
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c == 0x3C2) return 0x3A3;
  if (c >= 0x3AC && c <= 0x3AF) {
    static constexpr uint32_t kMap[] = {0x386, 0x388, 0x389, 0x38A};
    return kMap[c - 0x3AC];
  }
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  if (c >= 0x460 && c <= 0x4FF && c % 2 == 1) return c - 1;
  return c;
}

uint32_t ToLower(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F) {
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x130) return 'i';
    return (c % 2 == 0 && c != 0x138) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x460 && c <= 0x4FF && c % 2 == 0) return c + 1;
  return c;
}

std::string MapCase(std::string_view s, bool upper) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    uint32_t cp = DecodeUtf8(s, pos);
    if (upper && cp == 0xDF) {
      out += "SS";
      continue;
    }
    AppendUtf8(out, upper ? ToUpper(cp) : ToLower(cp));
  }
  return out;
}

// A match found by a regex or by a custom matcher function; offsets are byte offsets.
struct FoundMatch {
  std::string match;
  size_t start = 0;
  size_t end = 0;
  Value groups;
  Value next;
};

std::optional<FoundMatch> ReadMatch(const Value& result, std::string_view subject) {
  if (result.IsUndefined()) return std::nullopt;
  Value start = result.Get("start");
  Value end = result.Get("end");
  Value groups = result.Get("groups");
  Value next = result.Get("next");
  if (!start.IsNumber() && !end.IsNumber() && !groups.IsArray() && !next.IsFunction()) {
    throw Error("T1010", "the matcher function argument passed to function does not return the correct object structure");
  }
  FoundMatch m;
  Value text = result.Get("match");
  if (text.IsString()) m.match = std::string(text.AsString());
  m.start = ByteOffset(subject, start.IsNumber() ? start.AsNumber() : 0);
  m.end = end.IsNumber() ? ByteOffset(subject, end.AsNumber()) : m.start + m.match.size();
  m.groups = groups;
  m.next = next;
  return m;
}

std::optional<FoundMatch> FirstMatch(Evaluator& ev, const Value& matcher, const Value& subject, Frame* env) {
  Value result = ev.Apply(matcher, {subject}, Value::Null(), env);
  return ReadMatch(result, subject.AsString());
}

std::optional<FoundMatch> NextMatch(Evaluator& ev, const FoundMatch& m, const Value& subject, Frame* env) {
  if (!m.next.IsFunction()) return std::nullopt;
  Value result = ev.Apply(m.next, {}, Value::Null(), env);
  return ReadMatch(result, subject.AsString());
}

bool HasLimit(const Value& limit) { return limit.IsDefined(); }

std::string ExpandReplacement(std::string_view replacement, const FoundMatch& m) {
  std::string out;
  size_t position = 0;
  size_t group_count = m.groups.IsArray() ? m.groups.Size() : 0;
  size_t index = replacement.find('$', position);
  while (index != std::string_view::npos && position < replacement.size()) {
    out += replacement.substr(position, index - position);
    position = index + 1;
    char dollar = position < replacement.size() ? replacement[position] : '\0';
    if (dollar == '$') {
      out += '$';
      ++position;
    } else if (dollar == '0') {
      out += m.match;
      ++position;
    } else {
      size_t max_digits = group_count == 0 ? 1 : static_cast<size_t>(std::floor(std::log10(group_count))) + 1;
      auto parse = [&](size_t digits) -> std::optional<size_t> {
        size_t value = 0;
        size_t i = 0;
        for (; i < digits && position + i < replacement.size(); ++i) {
          char c = replacement[position + i];
          if (c < '0' || c > '9') break;
          value = value * 10 + static_cast<size_t>(c - '0');
        }
        if (i == 0) return std::nullopt;
        return value;
      };
      std::optional<size_t> group = parse(max_digits);
      if (max_digits > 1 && group && *group > group_count) group = parse(max_digits - 1);
      if (group) {
        if (group_count > 0 && *group >= 1 && *group <= group_count) {
          Value sub = m.groups.At(*group - 1);
          if (sub.IsString()) out += sub.AsString();
        }
        position += std::to_string(*group).size();
      } else {
        out += '$';
      }
    }
    index = replacement.find('$', position);
  }
  if (position < replacement.size()) out += replacement.substr(position);
  return out;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool IsUnreserved(unsigned char c, bool component) {
  if (std::isalnum(c)) return true;
  std::string_view marks = "-_.!~*'()";
  if (marks.find(static_cast<char>(c)) != std::string_view::npos) return true;
  if (!component) {
    std::string_view reserved = ";,/?:@&=+$#";
    if (reserved.find(static_cast<char>(c)) != std::string_view::npos) return true;
  }
  return false;
}

std::string EncodeUri(std::string_view s, bool component, const char* name) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xED && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xA0) {
      throw Error("D3140", std::string("malformed URL passed to ") + name);
    }
    if (c < 0x80 && IsUnreserved(c, component)) {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string DecodeUri(std::string_view s, bool component, const char* name) {
  auto malformed = [&]() {
    return Error("D3140", std::string("malformed URL passed to ") + name + ": \"" + std::string(s) + "\"");
  };
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '%') {
      out += s[i++];
      continue;
    }
    auto byte_at = [&](size_t at) -> int {
      if (at + 2 >= s.size()) throw malformed();
      if (s[at] != '%') throw malformed();
      int hi = HexValue(s[at + 1]);
      int lo = HexValue(s[at + 2]);
      if (hi < 0 || lo < 0) throw malformed();
      return hi * 16 + lo;
    };
    int b = byte_at(i);
    if (b < 0x80) {
      auto c = static_cast<char>(b);
      if (!component && std::string_view(";/?:@&=+$,#").find(c) != std::string_view::npos) {
        out += s.substr(i, 3);
      } else {
        out += c;
      }
      i += 3;
      continue;
    }
    int extra = (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0) throw malformed();
    std::string bytes(1, static_cast<char>(b));
    size_t at = i + 3;
    for (int k = 0; k < extra; ++k) {
      int cb = byte_at(at);
      if ((cb & 0xC0) != 0x80) throw malformed();
      bytes += static_cast<char>(cb);
      at += 3;
    }
    size_t p = 0;
    uint32_t cp = DecodeUtf8(bytes, p);
    if (cp == 0xFFFD && bytes != "\xEF\xBF\xBD") throw malformed();
    if (cp >= 0xD800 && cp <= 0xDFFF) throw malformed();
    out += bytes;
    i = at;
  }
  return out;
}

}  // namespace

Value FnString(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  Value pretty = Arg(args, 1);
  return Value::String(ValueToString(arg, pretty.IsBool() && pretty.AsBool()));
}

Value FnSubstring(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  Value length = Arg(args, 2);
  return Value::String(Substring(str.AsString(), Arg(args, 1).AsNumber(),
                                 length.IsNumber() ? std::optional<double>(length.AsNumber()) : std::nullopt));
}

Value FnSubstringBefore(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  Value chars = Arg(args, 1);
  if (!chars.IsString()) return str;
  size_t pos = str.AsString().find(chars.AsString());
  if (pos == std::string_view::npos) return str;
  return Value::String(std::string(str.AsString().substr(0, pos)));
}

Value FnSubstringAfter(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  Value chars = Arg(args, 1);
  if (!chars.IsString()) return str;
  size_t pos = str.AsString().find(chars.AsString());
  if (pos == std::string_view::npos) return str;
  return Value::String(std::string(str.AsString().substr(pos + chars.AsString().size())));
}

Value FnLowercase(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  return Value::String(MapCase(str.AsString(), false));
}

Value FnUppercase(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  return Value::String(MapCase(str.AsString(), true));
}

Value FnLength(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  return Value::Number(static_cast<double>(CodePointCount(str.AsString())));
}

Value FnTrim(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  std::string out;
  bool in_space = false;
  for (char c : str.AsString()) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!in_space) out += ' ';
      in_space = true;
    } else {
      out += c;
      in_space = false;
    }
  }
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return Value::String(std::move(out));
}

Value FnPad(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  double width = Arg(args, 1).AsNumber();
  std::string pad_char = Arg(args, 2).IsString() ? std::string(Arg(args, 2).AsString()) : " ";
  if (pad_char.empty()) pad_char = " ";
  double pad_length = std::fabs(width) - static_cast<double>(CodePointCount(str.AsString()));
  if (!(pad_length > 0)) return str;
  auto count = static_cast<size_t>(std::ceil(pad_length));
  std::string padding;
  for (size_t i = 0; i < count; ++i) padding += pad_char;
  if (CodePointCount(pad_char) > 1) padding = Substring(padding, 0, static_cast<double>(count));
  if (width > 0) return Value::String(std::string(str.AsString()) + padding);
  return Value::String(padding + std::string(str.AsString()));
}

Value FnContains(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  Value token = Arg(args, 1);
  if (token.IsString()) return Value::Bool(str.AsString().find(token.AsString()) != std::string_view::npos);
  return Value::Bool(FirstMatch(ev, token, str, env).has_value());
}

Value FnMatch(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  Value limit = Arg(args, 2);
  if (limit.IsNumber() && limit.AsNumber() < 0) {
    throw Error("D3040", "third argument of match function must evaluate to a positive number");
  }
  Value result = NewSequence();
  if (HasLimit(limit) && !(limit.AsNumber() > 0)) return result;
  std::string_view s = str.AsString();
  std::optional<FoundMatch> m = FirstMatch(ev, Arg(args, 1), str, env);
  double count = 0;
  while (m && (!HasLimit(limit) || count < limit.AsNumber())) {
    Value item = NewObject();
    item.Object()->Set("match", Value::String(m->match));
    item.Object()->Set("index", Value::Number(static_cast<double>(Utf16Length(s, m->start))));
    item.Object()->Set("groups", m->groups.IsDefined() ? m->groups : NewArray());
    result.Array()->items.push_back(item);
    m = NextMatch(ev, *m, str, env);
    ++count;
  }
  return result;
}

Value FnReplace(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  Value pattern = Arg(args, 1);
  Value replacement = Arg(args, 2);
  Value limit = Arg(args, 3);
  if (pattern.IsString() && pattern.AsString().empty()) {
    throw Error("D3010", "second argument of replace function cannot be an empty string");
  }
  if (limit.IsNumber() && limit.AsNumber() < 0) {
    throw Error("D3011", "fourth argument of replace function must evaluate to a positive number");
  }
  std::string_view s = str.AsString();
  if (HasLimit(limit) && !(limit.AsNumber() > 0)) return str;
  std::string result;
  size_t position = 0;
  double count = 0;
  if (pattern.IsString()) {
    std::string_view p = pattern.AsString();
    std::string repl = replacement.IsString() ? std::string(replacement.AsString()) : ValueToString(replacement);
    size_t index = s.find(p, position);
    while (index != std::string_view::npos && (!HasLimit(limit) || count < limit.AsNumber())) {
      result += s.substr(position, index - position);
      result += repl;
      position = index + p.size();
      ++count;
      index = s.find(p, position);
    }
    result += s.substr(position);
    return Value::String(std::move(result));
  }
  std::optional<FoundMatch> m = FirstMatch(ev, pattern, str, env);
  if (!m) return str;
  while (m && (!HasLimit(limit) || count < limit.AsNumber())) {
    if (m->start >= position) result += s.substr(position, m->start - position);
    if (replacement.IsString()) {
      result += ExpandReplacement(replacement.AsString(), *m);
    } else {
      Value match_object = NewObject();
      match_object.Object()->Set("match", Value::String(m->match));
      match_object.Object()->Set("start", Value::Number(static_cast<double>(Utf16Length(s, m->start))));
      match_object.Object()->Set("end", Value::Number(static_cast<double>(Utf16Length(s, m->end))));
      match_object.Object()->Set("groups", m->groups.IsDefined() ? m->groups : NewArray());
      Value replaced = ev.Apply(replacement, {match_object}, Value::Null(), env);
      if (!replaced.IsString()) {
        throw Error("D3012", "attempted to replace a matched string with a non-string value");
      }
      result += replaced.AsString();
    }
    position = m->start + m->match.size();
    ++count;
    m = NextMatch(ev, *m, str, env);
  }
  if (position < s.size()) result += s.substr(position);
  return Value::String(std::move(result));
}

Value FnSplit(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  Value separator = Arg(args, 1);
  Value limit = Arg(args, 2);
  if (limit.IsNumber() && limit.AsNumber() < 0) {
    throw Error("D3020", "third argument of split function must evaluate to a positive number");
  }
  Value result = NewArray();
  std::vector<Value>& items = result.Array()->items;
  if (HasLimit(limit) && !(limit.AsNumber() > 0)) return result;
  double max_items = HasLimit(limit) ? std::floor(limit.AsNumber()) : INFINITY;
  std::string_view s = str.AsString();
  if (separator.IsString()) {
    std::string_view sep = separator.AsString();
    if (sep.empty()) {
      std::vector<size_t> offsets = CodePointOffsets(s);
      for (size_t i = 0; i + 1 < offsets.size() && static_cast<double>(items.size()) < max_items; ++i) {
        items.push_back(Value::String(std::string(s.substr(offsets[i], offsets[i + 1] - offsets[i]))));
      }
      return result;
    }
    size_t start = 0;
    for (;;) {
      if (static_cast<double>(items.size()) >= max_items) break;
      size_t index = s.find(sep, start);
      if (index == std::string_view::npos) {
        items.push_back(Value::String(std::string(s.substr(start))));
        break;
      }
      items.push_back(Value::String(std::string(s.substr(start, index - start))));
      start = index + sep.size();
    }
    return result;
  }
  std::optional<FoundMatch> m = FirstMatch(ev, separator, str, env);
  if (!m) {
    items.push_back(str);
    return result;
  }
  size_t start = 0;
  double count = 0;
  while (m && (!HasLimit(limit) || count < limit.AsNumber())) {
    items.push_back(Value::String(m->start >= start ? std::string(s.substr(start, m->start - start)) : ""));
    start = m->end;
    m = NextMatch(ev, *m, str, env);
    ++count;
  }
  if (!HasLimit(limit) || count < limit.AsNumber()) {
    items.push_back(Value::String(start <= s.size() ? std::string(s.substr(start)) : ""));
  }
  return result;
}

Value FnJoin(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value strs = Arg(args, 0);
  if (strs.IsUndefined()) return Value();
  std::string sep = Arg(args, 1).IsString() ? std::string(Arg(args, 1).AsString()) : "";
  std::string out;
  size_t n = strs.Size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += sep;
    out += strs.At(i).AsString();
  }
  return Value::String(std::move(out));
}

Value FnBase64Encode(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  std::string_view s = str.AsString();
  std::string bytes;
  size_t pos = 0;
  while (pos < s.size()) bytes += static_cast<char>(DecodeUtf8(s, pos) & 0xFF);
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += '=';
  }
  return Value::String(std::move(out));
}

Value FnBase64Decode(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : str.AsString()) {
    const char* p = c ? std::strchr(kBase64, c) : nullptr;
    int v;
    if (c == '-') {
      v = 62;
    } else if (c == '_') {
      v = 63;
    } else if (p) {
      v = static_cast<int>(p - kBase64);
    } else if (c == '=') {
      break;
    } else {
      continue;
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      AppendUtf8(out, (buffer >> bits) & 0xFF);
    }
  }
  return Value::String(std::move(out));
}

Value FnEncodeUrlComponent(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  return Value::String(EncodeUri(str.AsString(), true, "$encodeUrlComponent()"));
}

Value FnEncodeUrl(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  return Value::String(EncodeUri(str.AsString(), false, "$encodeUrl()"));
}

Value FnDecodeUrlComponent(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  return Value::String(DecodeUri(str.AsString(), true, "$decodeUrlComponent()"));
}

Value FnDecodeUrl(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value str = Arg(args, 0);
  if (str.IsUndefined()) return Value();
  return Value::String(DecodeUri(str.AsString(), false, "$decodeUrl()"));
}

Value FnEval(Evaluator& ev, std::vector<Value>& args, const Value& input, Frame* env) {
  Value expr = Arg(args, 0);
  if (expr.IsUndefined()) return Value();
  Value focus = input;
  if (Arg(args, 1).IsDefined()) {
    focus = Arg(args, 1);
    if (focus.IsArray() && !focus.IsSequence()) {
      Value wrapped = NewSequence(focus);
      wrapped.Array()->outer_wrapper = true;
      focus = wrapped;
    }
  }
  return ev.EvalString(expr.AsString(), focus, env);
}

}  // namespace sfn::jsonata
