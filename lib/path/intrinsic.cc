#include "path/intrinsic.h"

#include <charconv>
#include <cstdlib>

#include "common/states_error.h"
#include "path/intrinsic_functions.h"
#include "path/jsonpath.h"
#include "path/messages.h"

namespace sfn::path {
namespace internal {

struct Call;

struct Arg {
  enum class Kind { kLiteral, kPath, kCall };
  Kind kind = Kind::kLiteral;
  size_t offset = 0;  // where the argument starts in the text
  Json literal;
  std::vector<std::string> format_pieces;  // a string literal split at its unescaped "{}"
  std::optional<JsonPath> path;
  std::shared_ptr<const Call> call;
};

struct Call {
  const FnInfo* fn = nullptr;
  std::vector<Arg> args;
};

}  // namespace internal

namespace {

using internal::Arg;
using internal::Call;
using internal::FnInfo;

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class IntrinsicParser {
 public:
  explicit IntrinsicParser(std::string_view text) : s_(text) {}

  std::shared_ptr<const Call> ParseAll() {
    SkipBlanks();
    auto call = ParseCall(1);
    SkipBlanks();
    if (pos_ < s_.size()) Fail("unexpected text after the call");
    return call;
  }

 private:
  [[noreturn]] void Fail(const std::string& message) const { throw ParseError(pos_, message); }
  [[noreturn]] void FailAt(size_t at, const std::string& message) const { throw ParseError(at, message); }
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void SkipBlanks() {
    while (pos_ < s_.size() && IsBlank(s_[pos_])) ++pos_;
  }

  std::shared_ptr<const Call> ParseCall(size_t depth) {
    size_t start = pos_;
    if (depth > kMaxIntrinsicNesting) Fail("intrinsic functions can be nested at most 10 deep");
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.'))
      ++pos_;
    std::string name(s_.substr(start, pos_ - start));
    const FnInfo* fn = internal::FindFunction(name);
    if (fn == nullptr) FailAt(start, "unknown intrinsic function '" + name + "'");
    SkipBlanks();
    if (Peek() != '(') Fail("expected '(' after '" + name + "'");
    ++pos_;
    auto call = std::make_shared<Call>();
    call->fn = fn;
    SkipBlanks();
    if (Peek() == ')') {
      ++pos_;
    } else {
      for (;;) {
        SkipBlanks();
        size_t arg_start = pos_;
        call->args.push_back(ParseArg(depth));
        call->args.back().offset = arg_start;
        SkipBlanks();
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        if (Peek() == ')') {
          ++pos_;
          break;
        }
        Fail(pos_ < s_.size() ? "expected ',' or ')'" : "missing ')'");
      }
    }
    CheckArity(*call, start);
    return call;
  }

  void CheckArity(const Call& call, size_t at) const {
    const FnInfo& fn = *call.fn;
    size_t n = call.args.size();
    if (n >= fn.min_args && n <= fn.max_args) {
      CheckFormatTemplate(call, at);
      CheckLiteralTypes(call);
      return;
    }
    std::string expected = fn.min_args == fn.max_args ? std::to_string(fn.min_args)
                           : fn.max_args == internal::kVariadic
                               ? "at least " + std::to_string(fn.min_args)
                               : std::to_string(fn.min_args) + " to " + std::to_string(fn.max_args);
    FailAt(at, "'" + std::string(fn.name) + "' takes " + expected + " argument(s) but " + std::to_string(n) +
                   (n == 1 ? " was" : " were") + " given");
  }

  void CheckFormatTemplate(const Call& call, size_t at) const {
    if (call.fn->fn != internal::Fn::kFormat) return;
    const Arg& first = call.args[0];
    if (first.kind != Arg::Kind::kLiteral) return;
    if (!first.literal.is_string()) FailAt(at, "the first argument of 'States.Format' must be a string");
    size_t placeholders = first.format_pieces.size() - 1;
    if (placeholders != call.args.size() - 1) {
      FailAt(at, "the template of 'States.Format' has " + std::to_string(placeholders) +
                     " placeholder(s) but " + std::to_string(call.args.size() - 1) + " value(s) follow it");
    }
  }

  // A literal argument the function cannot take fails at the argument; paths and nested calls are
  // only known when the call runs.
  void CheckLiteralTypes(const Call& call) const {
    for (size_t i = 0; i < call.args.size(); ++i) {
      const Arg& arg = call.args[i];
      if (arg.kind != Arg::Kind::kLiteral) continue;
      if (auto problem = internal::LiteralArgumentProblem(*call.fn, i, arg.literal))
        FailAt(arg.offset, *problem);
    }
  }

  Arg ParseArg(size_t depth) {
    Arg arg;
    char c = Peek();
    if (c == '\'') return ParseString();
    if (c == '$') {
      arg.kind = Arg::Kind::kPath;
      arg.path = ParsePathArg();
      return arg;
    }
    if (s_.substr(pos_, 7) == "States.") {
      arg.kind = Arg::Kind::kCall;
      arg.call = ParseCall(depth + 1);
      return arg;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      arg.literal = ParseNumber();
      return arg;
    }
    size_t start = pos_;
    while (pos_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    std::string_view word = s_.substr(start, pos_ - start);
    if (word == "true")
      arg.literal = true;
    else if (word == "false")
      arg.literal = false;
    else if (word == "null")
      arg.literal = nullptr;
    else
      FailAt(start, word.empty() ? "expected an argument" : "unknown argument '" + std::string(word) + "'");
    return arg;
  }

  // 'text' with the escapes \' \{ \} \\. An escaped brace is literal text, never a placeholder.
  Arg ParseString() {
    size_t start = pos_++;
    Arg arg;
    std::string value;
    std::vector<std::string> pieces(1);
    for (;;) {
      if (pos_ >= s_.size()) FailAt(start, "unterminated string");
      char c = s_[pos_];
      if (c == '\'') {
        ++pos_;
        break;
      }
      if (c == '\\') {
        char e = pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0';
        if (e != '\'' && e != '{' && e != '}' && e != '\\')
          Fail("unknown escape sequence; use \\', \\{, \\} or \\\\");
        value += e;
        pieces.back() += e;
        pos_ += 2;
        continue;
      }
      if (c == '{' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '}') {
        value += "{}";
        pieces.emplace_back();
        pos_ += 2;
        continue;
      }
      value += c;
      pieces.back() += c;
      ++pos_;
    }
    arg.literal = std::move(value);
    arg.format_pieces = std::move(pieces);
    return arg;
  }

  // A path argument: the JSONPath parser reads as far as the path goes (brackets, filters, quotes
  // and regular expressions included); only blanks may separate it from the next ',' or ')'.
  JsonPath ParsePathArg() {
    size_t start = pos_;
    size_t length = 0;
    std::optional<JsonPath> path;
    try {
      path = JsonPath::ParseArgument(s_.substr(start), length);
    } catch (const ParseError& e) {
      throw ParseError(start + e.offset, e.message);
    }
    pos_ = start + length;
    size_t after = pos_;
    SkipBlanks();
    if (pos_ < s_.size() && Peek() != ',' && Peek() != ')') {
      FailAt(after, std::string("unexpected character '") + s_[after] + "'");
    }
    pos_ = after;
    return std::move(*path);
  }

  Json ParseNumber() {
    size_t start = pos_;
    auto is_number_char = [](char c) {
      return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    };
    while (pos_ < s_.size() && is_number_char(s_[pos_])) ++pos_;
    std::string text(s_.substr(start, pos_ - start));
    if (text.find_first_of(".eE") == std::string::npos) {
      int64_t v = 0;
      auto res = std::from_chars(text.data(), text.data() + text.size(), v);
      if (res.ec == std::errc() && res.ptr == text.data() + text.size()) return v;
    }
    Json parsed = Json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_number()) FailAt(start, "invalid number '" + text + "'");
    return parsed;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// Jayway cannot compile a filter that compares with a bare word, so the call fails when it runs.
StatesError BareWordError(const JsonPath& path) {
  return StatesError(
      "States.Runtime",
      InvalidPathCause(path.text(), "Failed to parse filter: the bare word '" + path.bare_word() +
                                        "' is not a value; quote it as a string"));
}

Json EvaluateCall(const Call& call, const Env& env) {
  std::vector<Selection> values;
  values.reserve(call.args.size());
  for (const Arg& arg : call.args) {
    switch (arg.kind) {
      case Arg::Kind::kLiteral:
        values.push_back(Selection{&arg.literal, Json()});
        break;
      case Arg::Kind::kPath: {
        if (!arg.path->bare_word().empty()) throw BareWordError(*arg.path);
        std::string detail;
        std::optional<Selection> found = arg.path->Select(env, &detail);
        if (!found) throw PathNotFoundError(arg.path->text(), detail);
        values.push_back(std::move(*found));
        break;
      }
      case Arg::Kind::kCall:
        values.push_back(Selection{nullptr, EvaluateCall(*arg.call, env)});
        break;
    }
  }
  const std::vector<std::string>* pieces = nullptr;
  if (call.fn->fn == internal::Fn::kFormat && call.args[0].kind == Arg::Kind::kLiteral) {
    pieces = &call.args[0].format_pieces;
  }
  return internal::ApplyFunction(*call.fn, values, pieces, env);
}

}  // namespace

std::vector<IntrinsicSignature> KnownIntrinsics() {
  std::vector<IntrinsicSignature> out;
  for (const FnInfo& fn : internal::FunctionTable()) {
    std::optional<size_t> max;
    if (fn.max_args != internal::kVariadic) max = fn.max_args;
    out.push_back({fn.name, fn.min_args, max});
  }
  return out;
}

bool LooksLikeIntrinsic(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && IsBlank(text[i])) ++i;
  return text.substr(i, 7) == "States.";
}

std::optional<ParseError> CheckIntrinsic(std::string_view text) {
  try {
    IntrinsicParser(text).ParseAll();
  } catch (const ParseError& e) {
    return e;
  }
  return std::nullopt;
}

Intrinsic Intrinsic::Parse(std::string_view text) {
  return Intrinsic(std::string(text), IntrinsicParser(text).ParseAll());
}

Json Intrinsic::Evaluate(const Env& env) const { return EvaluateCall(*call_, env); }

}  // namespace sfn::path
