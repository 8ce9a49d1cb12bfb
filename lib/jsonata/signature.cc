#include "jsonata/signature.h"

#include <optional>

#include "jsonata/error.h"

namespace sfn::jsonata {

namespace {

size_t FindClosing(std::string_view s, size_t start, char open, char close) {
  int depth = 1;
  size_t pos = start;
  while (pos < s.size()) {
    ++pos;
    if (pos >= s.size()) break;
    if (s[pos] == close) {
      if (--depth == 0) break;
    } else if (s[pos] == open) {
      ++depth;
    }
  }
  return pos;
}

bool Accepts(const std::string& symbols, char c) { return symbols.find(c) != std::string::npos; }

// Matches the symbols `sig` against params[0..count) as the reference's regular expression would
// (greedy quantifiers with backtracking). With `anchored`, the whole of `sig` must be consumed.
bool MatchFrom(const std::vector<SignatureParam>& params, size_t count, size_t pi, std::string_view sig,
               size_t pos, bool anchored, std::vector<int>& lengths) {
  if (pi == count) return !anchored || pos == sig.size();
  const SignatureParam& p = params[pi];
  size_t max_len = 0;
  while (pos + max_len < sig.size() && Accepts(p.symbols, sig[pos + max_len])) {
    ++max_len;
    if (p.quantifier != '+') break;
  }
  size_t min_len = p.quantifier == '?' ? 0 : 1;
  for (size_t len = max_len + 1; len-- > min_len;) {
    lengths[pi] = static_cast<int>(len);
    if (MatchFrom(params, count, pi + 1, sig, pos + len, anchored, lengths)) return true;
    if (len == 0) break;
  }
  return false;
}

std::optional<std::vector<int>> Match(const std::vector<SignatureParam>& params, size_t count, std::string_view sig,
                                      bool anchored) {
  std::vector<int> lengths(count, 0);
  if (MatchFrom(params, count, 0, sig, 0, anchored, lengths)) return lengths;
  return std::nullopt;
}

[[noreturn]] void ThrowValidationError(const std::vector<SignatureParam>& params, std::string_view sig) {
  size_t good_to = 0;
  for (size_t i = 0; i < params.size(); ++i) {
    auto lengths = Match(params, i + 1, sig, false);
    if (!lengths) break;
    good_to = 0;
    for (int l : *lengths) good_to += static_cast<size_t>(l);
  }
  throw Error("T0410", "argument " + std::to_string(good_to + 1) + " of function does not match its signature");
}

}  // namespace

char TypeSymbol(const Value& v) {
  switch (v.type()) {
    case Value::Type::kFunction:
      return 'f';
    case Value::Type::kString:
      return 's';
    case Value::Type::kNumber:
      return 'n';
    case Value::Type::kBool:
      return 'b';
    case Value::Type::kNull:
      return 'l';
    case Value::Type::kArray:
      return 'a';
    case Value::Type::kObject:
      return 'o';
    default:
      return 'm';
  }
}

Signature ParseSignature(std::string_view text) {
  Signature sig;
  sig.definition = std::string(text);
  SignatureParam param;
  SignatureParam* prev = nullptr;
  auto next = [&]() {
    sig.params.push_back(param);
    prev = &sig.params.back();
    param = SignatureParam();
  };
  size_t pos = 1;
  while (pos < text.size()) {
    char symbol = text[pos];
    if (symbol == ':') break;
    switch (symbol) {
      case 's':
      case 'n':
      case 'b':
      case 'l':
      case 'o':
        param.symbols = std::string(1, symbol) + "m";
        param.type = symbol;
        next();
        break;
      case 'a':
        param.symbols = "asnblfom";
        param.type = 'a';
        next();
        break;
      case 'f':
        param.symbols = "f";
        param.type = 'f';
        next();
        break;
      case 'j':
        param.symbols = "asnblom";
        param.type = 'j';
        next();
        break;
      case 'x':
        param.symbols = "asnblfom";
        param.type = 'x';
        next();
        break;
      case '-':
        if (prev) {
          prev->context = true;
          prev->context_symbols = prev->symbols;
          prev->quantifier = '?';
        }
        break;
      case '?':
      case '+':
        if (prev) prev->quantifier = symbol;
        break;
      case '(': {
        size_t end = FindClosing(text, pos, '(', ')');
        std::string choice(text.substr(pos + 1, end - pos - 1));
        if (choice.find('<') != std::string::npos) {
          throw Error("S0402", "choice groups containing parameterised types are not supported",
                      static_cast<int64_t>(pos));
        }
        param.symbols = choice + "m";
        param.type = '(';
        pos = end;
        next();
        break;
      }
      case '<': {
        if (prev && (prev->type == 'a' || prev->type == 'f')) {
          size_t end = FindClosing(text, pos, '<', '>');
          prev->subtype = std::string(text.substr(pos + 1, end - pos - 1));
          pos = end;
        } else {
          throw Error("S0401", "type parameters can only be applied to functions and arrays",
                      static_cast<int64_t>(pos));
        }
        break;
      }
      default:
        break;
    }
    ++pos;
  }
  return sig;
}

std::vector<Value> Signature::Validate(const std::vector<Value>& args, const Value& context) const {
  std::string supplied;
  supplied.reserve(args.size());
  for (const Value& a : args) supplied += TypeSymbol(a);
  auto lengths = Match(params, params.size(), supplied, true);
  if (!lengths) ThrowValidationError(params, supplied);
  std::vector<Value> validated;
  validated.reserve(params.size());
  size_t arg_index = 0;
  size_t sig_pos = 0;
  auto arg_at = [&](size_t i) { return i < args.size() ? args[i] : Value(); };
  for (size_t i = 0; i < params.size(); ++i) {
    const SignatureParam& p = params[i];
    size_t len = static_cast<size_t>((*lengths)[i]);
    if (len == 0) {
      if (p.context) {
        if (Accepts(p.context_symbols, TypeSymbol(context))) {
          validated.push_back(context);
        } else {
          throw Error("T0411", "context value of argument " + std::to_string(arg_index + 1) +
                                   " does not match the function signature");
        }
      } else {
        validated.push_back(arg_at(arg_index));
        ++arg_index;
      }
      continue;
    }
    std::string_view match = std::string_view(supplied).substr(sig_pos, len);
    sig_pos += len;
    for (char single : match) {
      if (p.type == 'a') {
        Value arg;
        if (single != 'm') {
          arg = arg_at(arg_index);
          bool ok = true;
          if (!p.subtype.empty()) {
            if (single != 'a' && match != p.subtype) {
              ok = false;
            } else if (single == 'a' && arg.Size() > 0) {
              char item_type = TypeSymbol(arg.At(0));
              if (item_type != p.subtype[0]) {
                ok = false;
              } else {
                for (size_t k = 0; k < arg.Size() && ok; ++k) {
                  if (TypeSymbol(arg.At(k)) != item_type) ok = false;
                }
              }
            }
          }
          if (!ok) {
            throw Error("T0412", "argument " + std::to_string(arg_index + 1) + " of function must be an array of '" +
                                     p.subtype + "'");
          }
          if (single != 'a') {
            Value wrapped = NewArray();
            wrapped.Array()->items.push_back(arg);
            arg = wrapped;
          }
        }
        validated.push_back(arg);
      } else {
        validated.push_back(arg_at(arg_index));
      }
      ++arg_index;
    }
  }
  return validated;
}

}  // namespace sfn::jsonata
