#include "jsonata/stringify.h"

#include <cmath>
#include <cstdio>

#include "jsonata/error.h"
#include "jsonata/js_number.h"

namespace sfn::jsonata {

namespace {

constexpr int kMaxDepth = 2000;

void Indent(std::string& out, bool pretty, int level) {
  if (!pretty) return;
  out += '\n';
  out.append(static_cast<size_t>(level) * 2, ' ');
}

void Write(std::string& out, const Value& v, bool pretty, int level) {
  if (level > kMaxDepth) throw Error("U1001", "value nests too deeply to convert to a string");
  switch (v.type()) {
    case Value::Type::kUndefined:
    case Value::Type::kNull:
      out += "null";
      return;
    case Value::Type::kBool:
      out += v.AsBool() ? "true" : "false";
      return;
    case Value::Type::kNumber: {
      double d = v.AsNumber();
      if (!std::isfinite(d)) throw Error("D1001", "number out of range");
      out += JsNumberToString(RoundTo15Digits(d));
      return;
    }
    case Value::Type::kString:
      AppendJsonString(out, v.AsString());
      return;
    case Value::Type::kFunction:
      out += "\"\"";
      return;
    case Value::Type::kArray: {
      size_t n = v.Size();
      if (n == 0) {
        out += "[]";
        return;
      }
      out += '[';
      for (size_t i = 0; i < n; ++i) {
        if (i > 0) out += ',';
        Indent(out, pretty, level + 1);
        Value item = v.At(i);
        Write(out, item, pretty, level + 1);
      }
      Indent(out, pretty, level);
      out += ']';
      return;
    }
    case Value::Type::kObject: {
      bool first = true;
      out += '{';
      v.ForEachMember([&](std::string_view key, const Value& member) {
        if (member.IsUndefined()) return;
        if (!first) out += ',';
        first = false;
        Indent(out, pretty, level + 1);
        AppendJsonString(out, key);
        out += pretty ? ": " : ":";
        Write(out, member, pretty, level + 1);
      });
      if (!first) Indent(out, pretty, level);
      out += '}';
      return;
    }
  }
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

std::string ValueToString(const Value& v, bool pretty) {
  if (v.IsString()) return std::string(v.AsString());
  if (v.IsFunction()) return "";
  if (v.IsNumber() && !std::isfinite(v.AsNumber())) {
    throw Error("D3001", "attempting to invoke string function on Infinity or NaN");
  }
  std::string out;
  if (v.IsOuterWrapper() && v.Size() > 0) {
    Write(out, v.At(0), pretty, 0);
  } else {
    Write(out, v, pretty, 0);
  }
  return out;
}

}  // namespace sfn::jsonata
