#include "path/jsonpath_parser.h"

#include <charconv>
#include <cstdlib>
#include <limits>

#include "common/utf8.h"
#include "path/parse_error.h"

namespace sfn::path::internal {
namespace {

constexpr int kMaxFilterDepth = 16;
constexpr int kMaxExpressionDepth = 64;
constexpr size_t kMaxSteps = 1024;  // in the whole text, filters included: evaluation recurses per step
constexpr int kMaxLiteralDepth = 64;

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

// Characters that end a name after '.', at the top level and inside a filter.
bool EndsName(char c, bool in_filter) {
  if (c == '.' || c == '[' || c == '(' || IsBlank(c)) return true;
  if (!in_filter) return false;
  switch (c) {
    case '<':
    case '>':
    case '=':
    case '~':
    case '!':
    case ')':
    case '&':
    case '|':
    case '/':
    case ',':
      return true;
    default:
      return false;
  }
}

// Characters that end a name inside an intrinsic function argument.
bool EndsArgument(char c) { return c == ',' || c == ')'; }

class Parser {
 public:
  // In argument mode (a path inside an intrinsic function call) names also end at ',' and ')', the
  // path ends where no step can continue it, and a filter may compare with a bare word.
  Parser(std::string_view text, bool argument_mode) : s_(text), argument_mode_(argument_mode) {}

  std::shared_ptr<const PathAst> ParseTop() {
    size_t end = s_.size();
    while (end > 0 && IsBlank(s_[end - 1])) --end;
    s_ = s_.substr(0, end);
    SkipBlanks();
    auto ast = ParseRootAndSteps();
    if (!AtEnd()) Fail(std::string("unexpected character '") + Peek() + "'");
    return ast;
  }

  std::shared_ptr<const PathAst> ParsePrefix(size_t& length) {
    auto ast = ParseRootAndSteps();
    length = pos_;
    return ast;
  }

 private:
  std::shared_ptr<PathAst> ParseRootAndSteps() {
    if (AtEnd()) Fail("a path must not be empty");
    if (Peek() != '$') Fail("a path must start with '$'");
    auto ast = std::make_shared<PathAst>();
    ++pos_;
    if (!AtEnd() && Peek() == '$') {
      ast->root = RootKind::kContext;
      ++pos_;
    } else if (!AtEnd() && IsIdentStart(Peek())) {
      ast->root = RootKind::kVariable;
      size_t start = pos_;
      while (!AtEnd() && IsIdentChar(Peek())) ++pos_;
      ast->variable = std::string(s_.substr(start, pos_ - start));
    }
    ParseSteps(*ast, false);
    ComputeDefiniteness(*ast);
    ast->bare_word = bare_word_;
    return ast;
  }

  [[noreturn]] void Fail(const std::string& message) const { FailAt(pos_, message); }
  [[noreturn]] void FailAt(size_t at, const std::string& message) const { throw ParseError(at, message); }
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void SkipBlanks() {
    while (!AtEnd() && IsBlank(Peek())) ++pos_;
  }
  void Expect(char c, const char* what) {
    if (AtEnd() || Peek() != c) Fail(std::string("expected ") + what);
    ++pos_;
  }

  void ParseSteps(PathAst& ast, bool in_filter) {
    while (!AtEnd()) {
      if (++steps_ > kMaxSteps) Fail("a path has at most " + std::to_string(kMaxSteps) + " steps");
      char c = Peek();
      if (c == '.') {
        ParseDotStep(ast, in_filter);
      } else if (c == '[') {
        ast.steps.push_back(ParseBracket(in_filter));
      } else if (in_filter || argument_mode_) {
        return;
      } else {
        Fail(std::string("unexpected character '") + c + "'");
      }
    }
  }

  void ParseDotStep(PathAst& ast, bool in_filter) {
    size_t start = pos_;
    bool scan = Peek(1) == '.';
    pos_ += scan ? 2 : 1;
    if (scan) {
      Step step;
      step.kind = StepKind::kScan;
      step.offset = start;
      ast.steps.push_back(step);
    }
    if (AtEnd() || Peek() == '.' || IsBlank(Peek())) {
      Fail(scan ? "'..' must be followed by a name, '*' or '['" : "expected a name, '*' or '[' after '.'");
    }
    if (Peek() == '[') {
      ast.steps.push_back(ParseBracket(in_filter));
    } else if (Peek() == '*') {
      Step step;
      step.kind = StepKind::kWildcard;
      step.offset = pos_++;
      ast.steps.push_back(step);
    } else {
      ast.steps.push_back(ParseName(in_filter));
    }
  }

  Step ParseName(bool in_filter) {
    Step step;
    step.offset = pos_;
    size_t start = pos_;
    while (!AtEnd() && !EndsName(Peek(), in_filter) && !(argument_mode_ && EndsArgument(Peek()))) ++pos_;
    if (pos_ == start) Fail("expected a name");
    std::string name(s_.substr(start, pos_ - start));
    if (!AtEnd() && Peek() == '(') {
      ++pos_;
      SkipBlanks();
      Expect(')', "')': path functions take no arguments here");
      step.kind = StepKind::kFunction;
      step.names.push_back(std::move(name));
      return step;
    }
    step.kind = StepKind::kProperty;
    step.names.push_back(std::move(name));
    return step;
  }

  Step ParseBracket(bool in_filter) {
    Step step;
    step.offset = pos_;
    ++pos_;  // '['
    SkipBlanks();
    if (AtEnd()) Fail("missing ']'");
    char c = Peek();
    if (c == '\'' || c == '"') {
      step.kind = StepKind::kProperty;
      for (;;) {
        SkipBlanks();
        if (AtEnd() || (Peek() != '\'' && Peek() != '"')) Fail("expected a quoted name");
        step.names.push_back(ParseQuoted());
        SkipBlanks();
        if (!AtEnd() && Peek() == ',') {
          ++pos_;
          continue;
        }
        Expect(']', "']' after the name");
        return step;
      }
    }
    if (c == '*') {
      ++pos_;
      SkipBlanks();
      Expect(']', "']' after '*'");
      step.kind = StepKind::kWildcard;
      return step;
    }
    if (c == '?') {
      ++pos_;
      SkipBlanks();
      Expect('(', "'(' after '?'");
      if (++filter_depth_ > kMaxFilterDepth) Fail("filters are nested too deeply");
      size_t expr_start = pos_;
      SkipBlanks();
      if (!AtEnd() && Peek() == ')') Fail("a filter must not be empty");
      step.filter = ParseOr();
      SkipBlanks();
      step.source = std::string(s_.substr(expr_start, pos_ - expr_start));
      Expect(')', "')' to close the filter");
      SkipBlanks();
      Expect(']', "']' after the filter");
      --filter_depth_;
      step.kind = StepKind::kFilter;
      return step;
    }
    if (c == '-' || c == '+' || c == ':' || (c >= '0' && c <= '9')) {
      ParseIndexes(step);
      return step;
    }
    if (c == '(') {
      ParseScript(step);
      return step;
    }
    (void)in_filter;
    Fail("expected a quoted name, an index, a slice, '*' or '?(' inside brackets");
  }

  // Jayway's older script index, '[(@.length-1)]'. The script runs to its matching ')', quotes
  // taken into account; only '@.length', '@.length-N' and '@.length+N' designate an item.
  void ParseScript(Step& step) {
    size_t open = pos_;
    int depth = 0;
    char quote = '\0';
    for (; !AtEnd(); ++pos_) {
      char c = Peek();
      if (quote != '\0') {
        if (c == '\\')
          ++pos_;
        else if (c == quote)
          quote = '\0';
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && --depth == 0) {
        break;
      }
    }
    if (AtEnd()) FailAt(open, "missing ')' to close the script");
    step.source = std::string(s_.substr(open + 1, pos_ - open - 1));
    if (step.source.find_first_not_of(" \t\r\n") == std::string::npos)
      FailAt(open, "a script must not be empty");
    ++pos_;
    SkipBlanks();
    Expect(']', "']' after the script");
    step.kind = StepKind::kScript;
    step.length_offset = LengthOffset(step.source);
  }

  // -N for the script '@.length-N' (N for '+N', 0 for '@.length' alone), nothing for any other.
  static std::optional<int64_t> LengthOffset(std::string_view script) {
    size_t i = 0;
    auto skip = [&]() {
      while (i < script.size() && IsBlank(script[i])) ++i;
    };
    skip();
    constexpr std::string_view kLength = "@.length";
    if (script.substr(i, kLength.size()) != kLength) return std::nullopt;
    i += kLength.size();
    skip();
    if (i == script.size()) return 0;
    char sign = script[i];
    if (sign != '-' && sign != '+') return std::nullopt;
    ++i;
    skip();
    size_t digits_start = i;
    while (i < script.size() && script[i] >= '0' && script[i] <= '9') ++i;
    size_t digits = i - digits_start;
    if (digits == 0 || digits > 9) return std::nullopt;
    int64_t n = 0;
    std::from_chars(script.data() + digits_start, script.data() + i, n);
    skip();
    if (i != script.size()) return std::nullopt;
    return sign == '-' ? -n : n;
  }

  std::string ParseQuoted() {
    char quote = Peek();
    size_t start = pos_++;
    std::string out;
    for (;;) {
      if (AtEnd()) FailAt(start, "unterminated string");
      char c = s_[pos_++];
      if (c == quote) return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (AtEnd()) FailAt(start, "unterminated string");
      char e = s_[pos_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u':
          out += ParseUnicodeEscape();
          break;
        default:
          out += e;
          break;
      }
    }
  }

  std::string ParseUnicodeEscape() {
    auto hex4 = [this]() {
      if (pos_ + 4 > s_.size()) Fail("bad \\u escape");
      uint32_t v = 0;
      auto res = std::from_chars(s_.data() + pos_, s_.data() + pos_ + 4, v, 16);
      if (res.ptr != s_.data() + pos_ + 4) Fail("bad \\u escape");
      pos_ += 4;
      return v;
    };
    uint32_t cp = hex4();
    if (cp >= 0xD800 && cp < 0xDC00 && Peek() == '\\' && Peek(1) == 'u') {
      pos_ += 2;
      uint32_t low = hex4();
      if (low >= 0xDC00 && low < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    std::string out;
    AppendUtf8(out, cp);
    return out;
  }

  // Java's Integer.parseInt on a trimmed token: an optional sign and decimal digits.
  int32_t ParseInt(std::string_view token, size_t at) const {
    size_t b = 0;
    size_t e = token.size();
    while (b < e && IsBlank(token[b])) ++b;
    while (e > b && IsBlank(token[e - 1])) --e;
    token = token.substr(b, e - b);
    std::string_view digits = token;
    if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      FailAt(at, "expected an integer inside brackets");
    }
    int64_t value = 0;
    for (char d : digits) {
      value = value * 10 + (d - '0');
      if (value > static_cast<int64_t>(std::numeric_limits<int32_t>::max()) + 1)
        FailAt(at, "index out of range");
    }
    if (token[0] == '-') value = -value;
    if (value > std::numeric_limits<int32_t>::max() || value < std::numeric_limits<int32_t>::min()) {
      FailAt(at, "index out of range");
    }
    return static_cast<int32_t>(value);
  }

  void ParseIndexes(Step& step) {
    size_t start = pos_;
    size_t close = s_.find(']', pos_);
    if (close == std::string_view::npos) Fail("missing ']'");
    std::string_view content = s_.substr(start, close - start);
    pos_ = close + 1;
    if (content.find(':') != std::string_view::npos) {
      if (content.find(',') != std::string_view::npos) FailAt(start, "a slice cannot be part of a union");
      ParseSlice(step, content, start);
      return;
    }
    step.kind = StepKind::kIndex;
    size_t from = 0;
    for (;;) {
      size_t comma = content.find(',', from);
      std::string_view token =
          content.substr(from, comma == std::string_view::npos ? content.npos : comma - from);
      step.indexes.push_back(ParseInt(token, start + from));
      if (comma == std::string_view::npos) break;
      from = comma + 1;
    }
  }

  // Jayway splits the text on ':' as Java's String.split does (trailing empty parts dropped) and
  // reads the first two parts; a third part (a step) is ignored.
  void ParseSlice(Step& step, std::string_view content, size_t start) {
    std::vector<std::string_view> parts;
    size_t from = 0;
    for (;;) {
      size_t colon = content.find(':', from);
      parts.push_back(content.substr(from, colon == std::string_view::npos ? content.npos : colon - from));
      if (colon == std::string_view::npos) break;
      from = colon + 1;
    }
    auto blank = [](std::string_view p) { return p.find_first_not_of(" \t\r\n") == std::string_view::npos; };
    while (!parts.empty() && parts.back().empty()) parts.pop_back();
    if (parts.empty()) FailAt(start, "a slice needs a start or an end");
    if (parts.size() > 3) FailAt(start, "a slice has at most three parts");
    step.kind = StepKind::kSlice;
    if (!blank(parts[0])) step.from = ParseInt(parts[0], start);
    if (parts.size() > 1 && !blank(parts[1])) step.to = ParseInt(parts[1], start);
    if (parts.size() > 2 && !blank(parts[2])) ParseInt(parts[2], start);
    if (!step.from && !step.to) FailAt(start, "a slice needs a start or an end");
  }

  // ----- filters -----

  std::shared_ptr<const FilterExpr> ParseOr() {
    auto left = ParseAnd();
    SkipBlanks();
    if (!(Peek() == '|' && Peek(1) == '|')) return left;
    auto node = std::make_shared<FilterExpr>();
    node->kind = FilterExpr::Kind::kOr;
    node->children.push_back(left);
    while (Peek() == '|' && Peek(1) == '|') {
      pos_ += 2;
      node->children.push_back(ParseAnd());
      SkipBlanks();
    }
    return node;
  }

  std::shared_ptr<const FilterExpr> ParseAnd() {
    auto left = ParseUnary();
    SkipBlanks();
    if (!(Peek() == '&' && Peek(1) == '&')) return left;
    auto node = std::make_shared<FilterExpr>();
    node->kind = FilterExpr::Kind::kAnd;
    node->children.push_back(left);
    while (Peek() == '&' && Peek(1) == '&') {
      pos_ += 2;
      node->children.push_back(ParseUnary());
      SkipBlanks();
    }
    return node;
  }

  std::shared_ptr<const FilterExpr> ParseUnary() {
    SkipBlanks();
    struct DepthGuard {
      int& depth;
      explicit DepthGuard(int& d) : depth(d) { ++depth; }
      ~DepthGuard() { --depth; }
    } guard(expression_depth_);
    if (expression_depth_ > kMaxExpressionDepth) Fail("the filter expression is nested too deeply");
    if (Peek() == '!') {
      size_t save = pos_;
      ++pos_;
      SkipBlanks();
      if (Peek() == '@' || Peek() == '$') {
        pos_ = save;
        return ParseRelation();
      }
      auto node = std::make_shared<FilterExpr>();
      node->kind = FilterExpr::Kind::kNot;
      node->children.push_back(ParseUnary());
      return node;
    }
    if (Peek() == '(') {
      ++pos_;
      auto inner = ParseOr();
      SkipBlanks();
      Expect(')', "')'");
      return inner;
    }
    return ParseRelation();
  }

  std::shared_ptr<const FilterExpr> ParseRelation() {
    SkipBlanks();
    auto node = std::make_shared<FilterExpr>();
    bool negated = false;
    if (Peek() == '!') {
      negated = true;
      ++pos_;
      SkipBlanks();
    }
    size_t left_at = pos_;
    node->left = ParseOperand();
    SkipBlanks();
    std::optional<RelOp> op = ReadOperator();
    if (!op) {
      if (node->left.kind != Operand::Kind::kPath)
        FailAt(left_at, "a literal on its own is not a filter condition");
      node->kind = FilterExpr::Kind::kExists;
      node->expect_exists = !negated;
      return node;
    }
    if (negated) FailAt(left_at, "'!' before a comparison needs parentheses: !(a == b)");
    node->kind = FilterExpr::Kind::kRelation;
    node->op = *op;
    SkipBlanks();
    node->right = ParseOperand();
    return node;
  }

  std::optional<RelOp> ReadOperator() {
    size_t start = pos_;
    auto is_symbol = [](char c) { return c == '<' || c == '>' || c == '=' || c == '!' || c == '~'; };
    if (is_symbol(Peek())) {
      while (!AtEnd() && is_symbol(Peek())) ++pos_;
      std::string_view sym = s_.substr(start, pos_ - start);
      if (sym == "==") return RelOp::kEq;
      if (sym == "!=") return RelOp::kNe;
      if (sym == "===") return RelOp::kStrictEq;
      if (sym == "!==") return RelOp::kStrictNe;
      if (sym == "<") return RelOp::kLt;
      if (sym == "<=") return RelOp::kLe;
      if (sym == ">") return RelOp::kGt;
      if (sym == ">=") return RelOp::kGe;
      if (sym == "=~") return RelOp::kRegex;
      FailAt(start, "unknown operator '" + std::string(sym) + "'");
    }
    if (!((Peek() >= 'a' && Peek() <= 'z') || (Peek() >= 'A' && Peek() <= 'Z'))) return std::nullopt;
    while (!AtEnd() && ((Peek() >= 'a' && Peek() <= 'z') || (Peek() >= 'A' && Peek() <= 'Z'))) ++pos_;
    std::string_view word = s_.substr(start, pos_ - start);
    if (word == "in") return RelOp::kIn;
    if (word == "nin") return RelOp::kNin;
    if (word == "subsetof") return RelOp::kSubsetOf;
    if (word == "anyof") return RelOp::kAnyOf;
    if (word == "noneof") return RelOp::kNoneOf;
    if (word == "size") return RelOp::kSize;
    if (word == "empty") return RelOp::kEmpty;
    if (word == "contains") return RelOp::kContains;
    FailAt(start, "unknown operator '" + std::string(word) + "'");
  }

  Operand ParseOperand() {
    SkipBlanks();
    if (AtEnd()) Fail("expected a value");
    char c = Peek();
    Operand op;
    if (c == '@' || c == '$') {
      op.kind = Operand::Kind::kPath;
      auto ast = std::make_shared<PathAst>();
      ast->root = c == '@' ? RootKind::kCurrent : RootKind::kInput;
      ++pos_;
      if (Peek() == '$') Fail("'$$' is not allowed inside a filter");
      ParseSteps(*ast, true);
      ComputeDefiniteness(*ast);
      op.path = ast;
      return op;
    }
    if (c == '/') return ParsePattern();
    if (argument_mode_ && IsIdentStart(c)) {
      size_t end = pos_;
      while (end < s_.size() && IsIdentChar(s_[end])) ++end;
      std::string_view word = s_.substr(pos_, end - pos_);
      if (word != "true" && word != "false" && word != "null") {
        pos_ = end;
        op.kind = Operand::Kind::kBareWord;
        op.literal = std::string(word);
        if (bare_word_.empty()) bare_word_ = std::string(word);
        return op;
      }
    }
    op.kind = Operand::Kind::kLiteral;
    op.literal = ParseLiteral(0);
    return op;
  }

  Operand ParsePattern() {
    size_t start = pos_++;
    std::string pattern;
    for (;;) {
      if (AtEnd()) FailAt(start, "unterminated regular expression");
      char c = s_[pos_++];
      if (c == '/') break;
      if (c == '\\' && !AtEnd()) {
        char next = s_[pos_++];
        if (next != '/') pattern += '\\';
        pattern += next;
        continue;
      }
      pattern += c;
    }
    size_t flags_start = pos_;
    while (!AtEnd() && ((Peek() >= 'a' && Peek() <= 'z') || (Peek() >= 'A' && Peek() <= 'Z'))) ++pos_;
    std::string error;
    size_t error_offset = 0;
    Operand op;
    op.kind = Operand::Kind::kPattern;
    op.pattern = Regex::Compile(pattern, s_.substr(flags_start, pos_ - flags_start), error, error_offset);
    if (!op.pattern) FailAt(start + 1 + error_offset, "invalid regular expression: " + error);
    op.pattern_source = std::string(s_.substr(start, pos_ - start));
    return op;
  }

  // A literal: a string in either quotes, a number, true, false, null, or a JSON array or object
  // (whose strings may also use single quotes).
  Json ParseLiteral(int depth) {
    if (depth > kMaxLiteralDepth) Fail("literal is nested too deeply");
    SkipBlanks();
    if (AtEnd()) Fail("expected a value");
    char c = Peek();
    if (c == '\'' || c == '"') return ParseQuoted();
    if (c == '[') return ParseArrayLiteral(depth);
    if (c == '{') return ParseObjectLiteral(depth);
    if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) return ParseNumber();
    size_t start = pos_;
    while (!AtEnd() && Peek() >= 'a' && Peek() <= 'z') ++pos_;
    std::string_view word = s_.substr(start, pos_ - start);
    if (word == "true") return true;
    if (word == "false") return false;
    if (word == "null") return nullptr;
    FailAt(start, "expected a value");
  }

  Json ParseArrayLiteral(int depth) {
    ++pos_;
    Json out = Json::array();
    SkipBlanks();
    if (Peek() == ']') {
      ++pos_;
      return out;
    }
    for (;;) {
      out.push_back(ParseLiteral(depth + 1));
      SkipBlanks();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      Expect(']', "',' or ']' in the array");
      return out;
    }
  }

  Json ParseObjectLiteral(int depth) {
    ++pos_;
    Json out = Json::object();
    SkipBlanks();
    if (Peek() == '}') {
      ++pos_;
      return out;
    }
    for (;;) {
      SkipBlanks();
      if (Peek() != '\'' && Peek() != '"') Fail("expected a quoted key");
      std::string key = ParseQuoted();
      SkipBlanks();
      Expect(':', "':' after the key");
      out[key] = ParseLiteral(depth + 1);
      SkipBlanks();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      Expect('}', "',' or '}' in the object");
      return out;
    }
  }

  Json ParseNumber() {
    size_t start = pos_;
    auto is_number_char = [](char c) {
      return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    };
    while (!AtEnd() && is_number_char(Peek())) ++pos_;
    std::string text(s_.substr(start, pos_ - start));
    if (!text.empty() && text[0] == '+') text.erase(0, 1);
    bool integral = text.find_first_of(".eE") == std::string::npos;
    if (integral) {
      int64_t v = 0;
      auto res = std::from_chars(text.data(), text.data() + text.size(), v);
      if (res.ec == std::errc() && res.ptr == text.data() + text.size()) return v;
    }
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) FailAt(start, "invalid number '" + text + "'");
    return d;
  }

  std::string_view s_;
  bool argument_mode_ = false;
  std::string bare_word_;
  size_t pos_ = 0;
  int filter_depth_ = 0;
  int expression_depth_ = 0;
  size_t steps_ = 0;
};

std::string RenderStep(const Step& step) {
  switch (step.kind) {
    case StepKind::kProperty: {
      std::string out = "[";
      for (size_t i = 0; i < step.names.size(); ++i) {
        if (i > 0) out += ",";
        out += "'" + step.names[i] + "'";
      }
      return out + "]";
    }
    case StepKind::kIndex: {
      std::string out = "[";
      for (size_t i = 0; i < step.indexes.size(); ++i) {
        if (i > 0) out += ",";
        out += std::to_string(step.indexes[i]);
      }
      return out + "]";
    }
    case StepKind::kSlice:
      return "[" + (step.from ? std::to_string(*step.from) : "") + ":" +
             (step.to ? std::to_string(*step.to) : "") + "]";
    case StepKind::kWildcard:
      return "[*]";
    case StepKind::kScan:
      return "..";
    case StepKind::kFilter:
      return "[?(" + step.source + ")]";
    case StepKind::kFunction:
      return "." + step.names[0] + "()";
    case StepKind::kScript:
      return "[(" + step.source + ")]";
  }
  return "";
}

}  // namespace

std::shared_ptr<const PathAst> ParsePathText(std::string_view text) { return Parser(text, false).ParseTop(); }

std::shared_ptr<const PathAst> ParsePathPrefix(std::string_view text, size_t& length) {
  return Parser(text, true).ParsePrefix(length);
}

void ComputeDefiniteness(PathAst& ast) {
  size_t n = ast.steps.size();
  ast.token_definite.assign(n, true);
  ast.upstream_definite.assign(n, true);
  bool upstream = true;
  for (size_t i = 0; i < n; ++i) {
    const Step& step = ast.steps[i];
    bool definite = true;
    switch (step.kind) {
      case StepKind::kProperty:
        definite = step.names.size() == 1 || i + 1 == n;
        break;
      case StepKind::kIndex:
        definite = step.indexes.size() == 1;
        break;
      case StepKind::kFunction:
      case StepKind::kScript:
        definite = true;
        break;
      default:
        definite = false;
        break;
    }
    ast.token_definite[i] = definite;
    ast.upstream_definite[i] = upstream;
    upstream = upstream && definite;
  }
  ast.definite = upstream;
}

std::string RenderSteps(const PathAst& ast, size_t count) {
  std::string out = ast.root == RootKind::kCurrent ? "@" : "$";
  for (size_t i = 0; i < count && i < ast.steps.size(); ++i) out += RenderStep(ast.steps[i]);
  return out;
}

}  // namespace sfn::path::internal
