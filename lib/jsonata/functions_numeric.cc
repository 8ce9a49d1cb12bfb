// Numeric, formatting and date/time built-ins.
#include <cmath>
#include <cctype>
#include <cstdlib>

#include "jsonata/builtins.h"
#include "jsonata/error.h"
#include "jsonata/evaluator.h"
#include "jsonata/js_number.h"

#include "jsonata/datetime.h"
#include "jsonata/format_number.h"

namespace sfn::jsonata {

namespace {

Value Arg(const std::vector<Value>& args, size_t i) { return i < args.size() ? args[i] : Value(); }

// Math.round: halves round towards +infinity.
double JsRound(double x) {
  double r = std::floor(x);
  if (x - r >= 0.5) r += 1;
  return r;
}

// Parses JavaScript's decimal text form of a number ("1.5e+21").
double ParseJsNumber(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

bool IsDecimalNumberText(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t digits = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == digits) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t frac = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == frac) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == exp) return false;
  }
  return i == s.size();
}

std::optional<double> ParsePrefixedInteger(std::string_view s) {
  if (s.size() < 3 || s[0] != '0') return std::nullopt;
  int base = 0;
  char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[1])));
  if (p == 'x') base = 16;
  if (p == 'o') base = 8;
  if (p == 'b') base = 2;
  if (base == 0) return std::nullopt;
  double value = 0;
  for (size_t i = 2; i < s.size(); ++i) {
    int d;
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'z') {
      d = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    if (d >= base) return std::nullopt;
    value = value * base + d;
  }
  return value;
}

}  // namespace

Value FnSum(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  double total = 0;
  ForEachItem(arr, [&](const Value& v) { total += v.AsNumber(); });
  return Value::Number(total);
}

Value FnCount(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value::Number(0);
  return Value::Number(static_cast<double>(arr.Size()));
}

Value FnMax(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined() || arr.Size() == 0) return Value();
  double m = -INFINITY;
  ForEachItem(arr, [&](const Value& v) { m = std::max(m, v.AsNumber()); });
  return Value::Number(m);
}

Value FnMin(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined() || arr.Size() == 0) return Value();
  double m = INFINITY;
  ForEachItem(arr, [&](const Value& v) { m = std::min(m, v.AsNumber()); });
  return Value::Number(m);
}

Value FnAverage(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined() || arr.Size() == 0) return Value();
  double total = 0;
  ForEachItem(arr, [&](const Value& v) { total += v.AsNumber(); });
  return Value::Number(total / static_cast<double>(arr.Size()));
}

Value FnNumber(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  if (arg.IsNumber()) return arg;
  if (arg.IsBool()) return Value::Number(arg.AsBool() ? 1 : 0);
  if (arg.IsString()) {
    std::string s(arg.AsString());
    if (IsDecimalNumberText(s)) {
      double d = ParseJsNumber(s);
      if (std::isfinite(d)) return Value::Number(d);
    }
    if (auto d = ParsePrefixedInteger(s)) return Value::Number(*d);
  }
  throw Error("D3030", "unable to cast value to a number");
}

Value FnAbs(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  return Value::Number(std::fabs(arg.AsNumber()));
}

Value FnFloor(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  return Value::Number(std::floor(arg.AsNumber()) + 0.0);
}

Value FnCeil(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  return Value::Number(std::ceil(arg.AsNumber()) + 0.0);
}

Value FnRound(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  double x = arg.AsNumber();
  Value prec = Arg(args, 1);
  double precision = prec.IsNumber() ? prec.AsNumber() : 0;
  auto shift = [](double value, double places) {
    std::string text = JsNumberToString(value);
    size_t e = text.find('e');
    double exponent = places;
    std::string mantissa = text;
    if (e != std::string::npos) {
      mantissa = text.substr(0, e);
      exponent += std::strtod(text.c_str() + e + 1, nullptr);
    }
    return ParseJsNumber(mantissa + "e" + JsNumberToString(exponent));
  };
  if (precision != 0) x = shift(x, precision);
  double result = JsRound(x);
  double diff = result - x;
  if (std::fabs(diff) == 0.5 && std::fabs(std::fmod(result, 2)) == 1) result -= 1;
  if (precision != 0) result = shift(result, -precision);
  if (result == 0) result = 0;
  return Value::Number(result);
}

Value FnPower(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  double result = std::pow(arg.AsNumber(), Arg(args, 1).AsNumber());
  if (!std::isfinite(result)) throw Error("D3061", "the power function has resulted in a value that cannot be represented");
  return Value::Number(result);
}

Value FnSqrt(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  if (arg.AsNumber() < 0) throw Error("D3060", "the sqrt function cannot be applied to a negative number");
  return Value::Number(std::sqrt(arg.AsNumber()));
}

Value FnRandom(Evaluator& ev, std::vector<Value>&, const Value&, Frame*) { return Value::Number(ev.Random()); }

Value FnFormatBase(Evaluator& ev, std::vector<Value>& args, const Value& input, Frame* env) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  std::vector<Value> round_args{arg};
  double value = FnRound(ev, round_args, input, env).AsNumber();
  double radix = 10;
  if (Arg(args, 1).IsNumber()) {
    std::vector<Value> radix_args{Arg(args, 1)};
    radix = FnRound(ev, radix_args, input, env).AsNumber();
  }
  if (radix < 2 || radix > 36) throw Error("D3100", "the radix of the formatBase function must be between 2 and 36");
  return Value::String(JsIntegerToRadix(value, static_cast<int>(radix)));
}

Value FnFormatNumber(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  std::optional<Json> options;
  if (Arg(args, 2).IsDefined()) options = ToJson(Arg(args, 2));
  return Value::String(FormatNumber(arg.AsNumber(), Arg(args, 1).AsString(), options ? &*options : nullptr));
}

Value FnFormatInteger(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  return Value::String(FormatInteger(arg.AsNumber(), Arg(args, 1).AsString()));
}

Value FnParseInteger(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  std::optional<double> parsed = ParseInteger(arg.AsString(), Arg(args, 1).AsString());
  return parsed ? Value::Number(*parsed) : Value();
}

namespace {

Value FromMillisImpl(double millis, const Value& picture, const Value& timezone) {
  std::optional<std::string_view> pic;
  std::optional<std::string_view> tz;
  if (picture.IsString()) pic = picture.AsString();
  if (timezone.IsString()) tz = timezone.AsString();
  return Value::String(FromMillis(millis, pic, tz));
}

}  // namespace

Value FnNow(Evaluator& ev, std::vector<Value>& args, const Value&, Frame*) {
  return FromMillisImpl(ev.NowMillis(), Arg(args, 0), Arg(args, 1));
}

Value FnMillis(Evaluator& ev, std::vector<Value>&, const Value&, Frame*) { return Value::Number(ev.NowMillis()); }

Value FnFromMillis(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  return FromMillisImpl(arg.AsNumber(), Arg(args, 1), Arg(args, 2));
}

Value FnToMillis(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arg = Arg(args, 0);
  if (arg.IsUndefined()) return Value();
  std::optional<std::string_view> pic;
  if (Arg(args, 1).IsString()) pic = Arg(args, 1).AsString();
  std::optional<double> millis = ToMillis(arg.AsString(), pic);
  return millis ? Value::Number(*millis) : Value();
}

}  // namespace sfn::jsonata
