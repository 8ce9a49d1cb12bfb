#include "jsonata/parser.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "jsonata/builtins.h"
#include "jsonata/error.h"
#include "jsonata/regex.h"
#include "jsonata/signature.h"
#include "jsonata/utf8.h"

namespace sfn::jsonata {

namespace {

enum class TokenType : uint8_t { kName, kVariable, kString, kNumber, kValue, kRegex, kOperator, kEnd };

struct Token {
  TokenType type = TokenType::kEnd;
  std::string value;  // name, variable, string, operator text, regex pattern
  std::string flags;  // regex flags
  double number = 0;
  Json literal;
  int64_t position = 0;
};

constexpr std::string_view kWhitespace = " \t\n\r\v";
constexpr std::string_view kSingleOperators = ".[]{}(),@#;:?+-*/%|=<>^&!~";

bool IsWhitespace(char c) { return kWhitespace.find(c) != std::string_view::npos; }
bool IsOperatorChar(char c) { return c != 0 && kSingleOperators.find(c) != std::string_view::npos; }

int BindingPower(std::string_view op) {
  static constexpr std::pair<std::string_view, int> kTable[] = {
      {".", 75},  {"[", 80},  {"{", 70},  {"(", 80},  {"@", 80},   {"#", 80},  {"?", 20},  {"+", 50},
      {"-", 50},  {"*", 60},  {"/", 60},  {"%", 60},  {"=", 40},   {"<", 40},  {">", 40},  {"!=", 40},
      {"<=", 40}, {">=", 40}, {"&", 50},  {"and", 30}, {"or", 25}, {"in", 40}, {"^", 40},  {"~>", 40},
      {":=", 10},
  };
  for (const auto& [name, bp] : kTable) {
    if (name == op) return bp;
  }
  return 0;
}

bool IsKnownOperator(std::string_view op) {
  static constexpr std::string_view kKnown[] = {":", ";", ",", ")", "]", "}", "..", ".", "+", "-", "*", "/", "%",
                                                "=", "<", ">", "!=", "<=", ">=", "&", "and", "or", "in", "~>",
                                                "**", "(", "[", "^", "{", ":=", "@", "#", "?", "|"};
  return std::find(std::begin(kKnown), std::end(kKnown), op) != std::end(kKnown);
}

BinaryOp OpFromText(std::string_view op) {
  static constexpr std::pair<std::string_view, BinaryOp> kTable[] = {
      {".", BinaryOp::kDot},          {"+", BinaryOp::kAdd},        {"-", BinaryOp::kSubtract},
      {"*", BinaryOp::kMultiply},     {"/", BinaryOp::kDivide},     {"%", BinaryOp::kModulo},
      {"=", BinaryOp::kEqual},        {"!=", BinaryOp::kNotEqual},  {"<", BinaryOp::kLess},
      {"<=", BinaryOp::kLessEqual},   {">", BinaryOp::kGreater},    {">=", BinaryOp::kGreaterEqual},
      {"&", BinaryOp::kConcat},       {"and", BinaryOp::kAnd},      {"or", BinaryOp::kOr},
      {"in", BinaryOp::kIn},          {"~>", BinaryOp::kApply},     {"..", BinaryOp::kRange},
      {"[", BinaryOp::kPredicate},    {"{", BinaryOp::kGroup},      {"^", BinaryOp::kOrderBy},
      {":=", BinaryOp::kAssign},      {"@", BinaryOp::kFocus},      {"#", BinaryOp::kIndex},
  };
  for (const auto& [name, op_code] : kTable) {
    if (name == op) return op_code;
  }
  return BinaryOp::kNone;
}

// ---------------------------------------------------------------------------------------------------------
// Tokenizer

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  // `infix`: the token follows an operand, so '/' is division rather than the start of a regex.
  Token Next(bool infix) {
    for (;;) {
      while (pos_ < src_.size() && IsWhitespace(src_[pos_])) ++pos_;
      if (pos_ + 1 < src_.size() && src_[pos_] == '/' && src_[pos_ + 1] == '*') {
        size_t start = pos_;
        pos_ += 2;
        for (;;) {
          if (pos_ + 1 >= src_.size()) throw Error("S0106", "comment has no closing tag", static_cast<int64_t>(start));
          if (src_[pos_] == '*' && src_[pos_ + 1] == '/') break;
          ++pos_;
        }
        pos_ += 2;
        continue;
      }
      break;
    }
    if (pos_ >= src_.size()) return Make(TokenType::kEnd, "");
    char c = src_[pos_];
    if (!infix && c == '/') {
      ++pos_;
      return ScanRegex();
    }
    static constexpr std::string_view kDouble[] = {"..", ":=", "!=", ">=", "<=", "**", "~>"};
    for (std::string_view op : kDouble) {
      if (src_.substr(pos_, 2) == op) {
        pos_ += 2;
        return Make(TokenType::kOperator, std::string(op));
      }
    }
    if (IsOperatorChar(c)) {
      ++pos_;
      return Make(TokenType::kOperator, std::string(1, c));
    }
    if (c == '"' || c == '\'') return ScanString(c);
    if (c >= '0' && c <= '9') return ScanNumber();
    if (c == '`') {
      size_t end = src_.find('`', pos_ + 1);
      if (end == std::string_view::npos) {
        throw Error("S0105", "quoted property name must be terminated with a backquote",
                    static_cast<int64_t>(src_.size()));
      }
      std::string name(src_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return Make(TokenType::kName, std::move(name));
    }
    size_t i = pos_;
    while (i < src_.size() && !IsWhitespace(src_[i]) && !IsOperatorChar(src_[i])) ++i;
    if (src_[pos_] == '$') {
      std::string name(src_.substr(pos_ + 1, i - pos_ - 1));
      pos_ = i;
      return Make(TokenType::kVariable, std::move(name));
    }
    std::string name(src_.substr(pos_, i - pos_));
    pos_ = i;
    if (name == "or" || name == "in" || name == "and") return Make(TokenType::kOperator, std::move(name));
    if (name == "true" || name == "false" || name == "null") {
      Token t = Make(TokenType::kValue, name);
      t.literal = name == "null" ? Json(nullptr) : Json(name == "true");
      return t;
    }
    return Make(TokenType::kName, std::move(name));
  }

 private:
  Token Make(TokenType type, std::string value) {
    Token t;
    t.type = type;
    t.value = std::move(value);
    t.position = static_cast<int64_t>(pos_);
    return t;
  }

  Token ScanRegex() {
    size_t start = pos_;
    int depth = 0;
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == '/' && depth == 0) {
        size_t backslashes = 0;
        while (pos_ >= backslashes + 1 && src_[pos_ - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) {
          std::string pattern(src_.substr(start, pos_ - start));
          if (pattern.empty()) throw Error("S0301", "empty regular expressions are not allowed", static_cast<int64_t>(pos_));
          ++pos_;
          size_t flag_start = pos_;
          while (pos_ < src_.size() && (src_[pos_] == 'i' || src_[pos_] == 'm')) ++pos_;
          Token t = Make(TokenType::kRegex, std::move(pattern));
          t.flags = std::string(src_.substr(flag_start, pos_ - flag_start));
          return t;
        }
      }
      bool escaped = pos_ > 0 && src_[pos_ - 1] == '\\';
      if ((c == '(' || c == '[' || c == '{') && !escaped) ++depth;
      if ((c == ')' || c == ']' || c == '}') && !escaped) --depth;
      ++pos_;
    }
    throw Error("S0302", "no terminating / in regular expression", static_cast<int64_t>(pos_));
  }

  Token ScanString(char quote) {
    std::string out;
    ++pos_;
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == '\\') {
        ++pos_;
        if (pos_ >= src_.size()) break;
        char e = src_[pos_];
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            uint32_t cp = 0;
            if (!ReadHex4(pos_ + 1, cp)) {
              throw Error("S0104", "the escape sequence \\u must be followed by 4 hex digits",
                          static_cast<int64_t>(pos_));
            }
            pos_ += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              uint32_t low = 0;
              if (pos_ + 2 < src_.size() && src_[pos_ + 1] == '\\' && src_[pos_ + 2] == 'u' &&
                  ReadHex4(pos_ + 3, low) && low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                pos_ += 6;
              }
            }
            // A lone surrogate is kept as its three-byte form, which URL encoding rejects (D3140).
            AppendUtf8(out, cp);
            break;
          }
          default:
            throw Error("S0103", "unsupported escape sequence: \\" + std::string(1, e),
                        static_cast<int64_t>(pos_));
        }
      } else if (c == quote) {
        ++pos_;
        Token t = Make(TokenType::kString, out);
        t.literal = Json(out);
        return t;
      } else {
        out += c;
      }
      ++pos_;
    }
    throw Error("S0101", "string literal must be terminated by a matching quote", static_cast<int64_t>(pos_));
  }

  bool ReadHex4(size_t at, uint32_t& out) const {
    if (at + 4 > src_.size()) return false;
    out = 0;
    for (size_t i = at; i < at + 4; ++i) {
      char h = src_[i];
      out <<= 4;
      if (h >= '0' && h <= '9') {
        out |= static_cast<uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        out |= static_cast<uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        out |= static_cast<uint32_t>(h - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  Token ScanNumber() {
    size_t i = pos_;
    auto digits = [&]() {
      size_t start = i;
      while (i < src_.size() && src_[i] >= '0' && src_[i] <= '9') ++i;
      return i > start;
    };
    if (src_[i] == '0') {
      ++i;
    } else {
      digits();
    }
    if (i + 1 < src_.size() && src_[i] == '.' && src_[i + 1] >= '0' && src_[i + 1] <= '9') {
      ++i;
      digits();
    }
    if (i < src_.size() && (src_[i] == 'e' || src_[i] == 'E')) {
      size_t save = i;
      ++i;
      if (i < src_.size() && (src_[i] == '+' || src_[i] == '-')) ++i;
      if (!digits()) i = save;
    }
    std::string text(src_.substr(pos_, i - pos_));
    double value = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(value)) {
      throw Error("S0102", "number out of range: " + text, static_cast<int64_t>(pos_), text);
    }
    pos_ = i;
    Token t = Make(TokenType::kNumber, text);
    t.number = value;
    t.literal = JsonNumber(value);
    return t;
  }

  static Json JsonNumber(double v) {
    if (std::floor(v) == v && std::fabs(v) < 9.007199254740992e15) return Json(static_cast<int64_t>(v));
    return Json(v);
  }

  std::string_view src_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------------------
// Pratt parser producing the raw tree

class RawParser {
 public:
  RawParser(Program& program, std::string_view src) : prog_(program), lexer_(src), src_(src) {}

  Node* ParseAll() {
    Advance();
    Node* expr = Expression(0);
    if (Id(node_) != "(end)") {
      throw Error("S0201", "syntax error: '" + Text(node_) + "'", node_->position, Text(node_));
    }
    return expr;
  }

 private:
  static std::string Id(const Node* n) {
    switch (n->type) {
      case NodeType::kOperator:
        return n->op_text;
      case NodeType::kName:
      case NodeType::kVariable:
        return "(name)";
      case NodeType::kString:
      case NodeType::kNumber:
      case NodeType::kValue:
        return "(literal)";
      case NodeType::kRegex:
        return "(regex)";
      case NodeType::kEnd:
        return "(end)";
      default:
        return n->op_text;
    }
  }
  static std::string Text(const Node* n) {
    if (n->type == NodeType::kOperator) return n->op_text;
    if (n->type == NodeType::kEnd) return "(end)";
    if (n->type == NodeType::kNumber) return n->str;
    return n->str;
  }
  bool Is(const char* id) const { return Id(node_) == id; }

  Node* Advance(const char* id = nullptr, bool infix = false) {
    if (id && Id(node_) != id) {
      const char* code = node_->type == NodeType::kEnd ? "S0203" : "S0202";
      throw Error(code, std::string("expected '") + id + "', got '" + Text(node_) + "'", node_->position,
                  Text(node_));
    }
    Token t = lexer_.Next(infix);
    Node* n = prog_.NewNode(NodeType::kEnd, t.position);
    switch (t.type) {
      case TokenType::kEnd:
        n->position = static_cast<int64_t>(src_.size());
        break;
      case TokenType::kName:
        n->type = NodeType::kName;
        n->str = std::move(t.value);
        break;
      case TokenType::kVariable:
        n->type = NodeType::kVariable;
        n->str = std::move(t.value);
        break;
      case TokenType::kOperator:
        if (!IsKnownOperator(t.value)) {
          throw Error("S0204", "unknown operator: '" + t.value + "'", t.position, t.value);
        }
        n->type = NodeType::kOperator;
        n->op_text = std::move(t.value);
        break;
      case TokenType::kString:
        n->type = NodeType::kString;
        n->str = std::move(t.value);
        n->literal = std::move(t.literal);
        break;
      case TokenType::kNumber:
        n->type = NodeType::kNumber;
        n->str = std::move(t.value);
        n->number = t.number;
        n->literal = std::move(t.literal);
        break;
      case TokenType::kValue:
        n->type = NodeType::kValue;
        n->str = std::move(t.value);
        n->literal = std::move(t.literal);
        break;
      case TokenType::kRegex:
        n->type = NodeType::kRegex;
        n->str = std::move(t.value);
        n->op_text = std::move(t.flags);
        break;
    }
    node_ = n;
    return n;
  }

  Node* Expression(int rbp) {
    if (++depth_ > kMaxParseDepth) {
      throw Error("S0299", "the expression nests too deeply", node_->position);
    }
    Node* t = node_;
    Advance(nullptr, true);
    Node* left = Finish(Nud(t));
    while (rbp < Lbp(node_)) {
      t = node_;
      Advance();
      left = Finish(Led(t, left));
    }
    --depth_;
    return left;
  }

  static int Lbp(const Node* n) { return n->type == NodeType::kOperator ? BindingPower(n->op_text) : 0; }

  static int Height(const Node* n) { return n ? n->height : 0; }
  Node* Finish(Node* n) {
    int h = std::max({Height(n->lhs), Height(n->rhs), Height(n->expression), Height(n->procedure), Height(n->body),
                      Height(n->condition), Height(n->then_branch), Height(n->else_branch), Height(n->pattern),
                      Height(n->update), Height(n->deletion)});
    for (const Node* c : n->arguments) h = std::max(h, Height(c));
    for (const Node* c : n->expressions) h = std::max(h, Height(c));
    for (const auto& [k, v] : n->pairs) h = std::max({h, Height(k), Height(v)});
    for (const auto& term : n->sort_terms) h = std::max(h, Height(term.expr));
    n->height = h + 1;
    if (n->height > kMaxParseDepth) throw Error("S0299", "the expression nests too deeply", n->position);
    return n;
  }

  Node* Nud(Node* t) {
    switch (t->type) {
      case NodeType::kName:
      case NodeType::kVariable:
      case NodeType::kString:
      case NodeType::kNumber:
      case NodeType::kValue:
      case NodeType::kRegex:
        return t;
      case NodeType::kOperator:
        break;
      case NodeType::kEnd:
        throw Error("S0207", "unexpected end of expression", t->position);
      default:
        throw Error("S0211", "the symbol '" + Text(t) + "' cannot be used as a unary operator", t->position,
                    Text(t));
    }
    const std::string& op = t->op_text;
    if (op == "and" || op == "or" || op == "in") return t;
    if (op == "-") {
      t->expression = Expression(70);
      t->type = NodeType::kUnary;
      return t;
    }
    if (op == "*") {
      t->type = NodeType::kWildcard;
      return t;
    }
    if (op == "**") {
      t->type = NodeType::kDescendant;
      return t;
    }
    if (op == "%") {
      t->type = NodeType::kParent;
      return t;
    }
    if (op == "(") return Block(t);
    if (op == "[") return ArrayConstructor(t);
    if (op == "{") return ObjectConstructor(t, nullptr);
    if (op == "|") return Transform(t);
    throw Error("S0211", "the symbol '" + op + "' cannot be used as a unary operator", t->position, op);
  }

  Node* Led(Node* t, Node* left) {
    const std::string& op = t->op_text;
    if (op == "(") return Call(t, left);
    if (op == "[") return Predicate(t, left);
    if (op == "^") return OrderBy(t, left);
    if (op == "{") return ObjectConstructor(t, left);
    if (op == ":=") {
      if (left->type != NodeType::kVariable) {
        throw Error("S0212", "the left side of := must be a variable name (start with $)", left->position, left->str);
      }
      t->type = NodeType::kBinary;
      t->op = BinaryOp::kAssign;
      t->lhs = left;
      t->rhs = Expression(BindingPower(":=") - 1);
      return t;
    }
    if (op == "@" || op == "#") {
      t->type = NodeType::kBinary;
      t->op = OpFromText(op);
      t->lhs = left;
      t->rhs = Expression(BindingPower(op));
      if (t->rhs->type != NodeType::kVariable) {
        throw Error("S0214", "the right side of '" + op + "' must be a variable name (start with $)",
                    t->rhs->position, op);
      }
      return t;
    }
    if (op == "?") {
      t->type = NodeType::kCondition;
      t->condition = left;
      t->then_branch = Expression(0);
      if (Is(":")) {
        Advance(":");
        t->else_branch = Expression(0);
      }
      return t;
    }
    t->type = NodeType::kBinary;
    t->op = OpFromText(op);
    t->lhs = left;
    t->rhs = Expression(BindingPower(op));
    return t;
  }

  Node* Block(Node* t) {
    while (!Is(")")) {
      t->expressions.push_back(Expression(0));
      if (!Is(";")) break;
      Advance(";");
    }
    Advance(")", true);
    t->type = NodeType::kBlock;
    return t;
  }

  Node* ArrayConstructor(Node* t) {
    if (!Is("]")) {
      for (;;) {
        Node* item = Expression(0);
        if (Is("..")) {
          Node* range = prog_.NewNode(NodeType::kBinary, node_->position);
          range->op = BinaryOp::kRange;
          range->op_text = "..";
          range->lhs = item;
          Advance("..");
          range->rhs = Expression(0);
          item = Finish(range);
        }
        t->expressions.push_back(item);
        if (!Is(",")) break;
        Advance(",");
      }
    }
    Advance("]", true);
    t->type = NodeType::kUnary;
    return t;
  }

  Node* ObjectConstructor(Node* t, Node* left) {
    if (!Is("}")) {
      for (;;) {
        Node* key = Expression(0);
        Advance(":");
        Node* value = Expression(0);
        t->pairs.emplace_back(key, value);
        if (!Is(",")) break;
        Advance(",");
      }
    }
    Advance("}", true);
    if (!left) {
      t->type = NodeType::kUnary;
    } else {
      t->type = NodeType::kBinary;
      t->op = BinaryOp::kGroup;
      t->lhs = left;
    }
    return t;
  }

  Node* Transform(Node* t) {
    t->type = NodeType::kTransform;
    t->pattern = Expression(0);
    Advance("|");
    t->update = Expression(0);
    if (Is(",")) {
      Advance(",");
      t->deletion = Expression(0);
    }
    Advance("|");
    return t;
  }

  Node* Call(Node* t, Node* left) {
    t->procedure = left;
    t->type = NodeType::kFunction;
    if (!Is(")")) {
      for (;;) {
        if (node_->type == NodeType::kOperator && node_->op_text == "?") {
          t->type = NodeType::kPartial;
          t->arguments.push_back(node_);
          Advance("?");
        } else {
          t->arguments.push_back(Expression(0));
        }
        if (!Is(",")) break;
        Advance(",");
      }
    }
    Advance(")", true);
    if (left->type == NodeType::kName && (left->str == "function" || left->str == "\xCE\xBB")) {
      for (size_t i = 0; i < t->arguments.size(); ++i) {
        const Node* arg = t->arguments[i];
        if (arg->type != NodeType::kVariable) {
          throw Error("S0208", "parameter " + std::to_string(i + 1) + " of function definition must be a variable name",
                      arg->position, arg->str);
        }
      }
      t->type = NodeType::kLambda;
      if (Is("<")) {
        int64_t sig_pos = node_->position;
        int depth = 1;
        std::string sig = "<";
        while (depth > 0 && !Is("{") && !Is("(end)")) {
          Node* tok = Advance();
          std::string id = Id(tok);
          if (id == ">") {
            --depth;
          } else if (id == "<") {
            ++depth;
          }
          sig += tok->type == NodeType::kOperator ? tok->op_text : tok->str;
        }
        Advance(">");
        try {
          t->signature = std::make_shared<const Signature>(ParseSignature(sig));
        } catch (Error& e) {
          e.position += sig_pos;
          throw;
        }
      }
      Advance("{");
      t->body = Expression(0);
      Advance("}");
    }
    return t;
  }

  Node* Predicate(Node* t, Node* left) {
    if (Is("]")) {
      Node* step = left;
      while (step && step->type == NodeType::kBinary && step->op == BinaryOp::kPredicate) step = step->lhs;
      step->keep_array = true;
      Advance("]");
      return left;
    }
    t->lhs = left;
    t->rhs = Expression(0);
    t->type = NodeType::kBinary;
    t->op = BinaryOp::kPredicate;
    Advance("]", true);
    return t;
  }

  Node* OrderBy(Node* t, Node* left) {
    Advance("(");
    for (;;) {
      SortTerm term;
      if (Is("<")) {
        Advance("<");
      } else if (Is(">")) {
        term.descending = true;
        Advance(">");
      }
      term.expr = Expression(0);
      t->sort_terms.push_back(term);
      if (!Is(",")) break;
      Advance(",");
    }
    Advance(")");
    t->lhs = left;
    t->type = NodeType::kBinary;
    t->op = BinaryOp::kOrderBy;
    return t;
  }

  Program& prog_;
  Lexer lexer_;
  std::string_view src_;
  Node* node_ = nullptr;
  int depth_ = 0;
};

// ---------------------------------------------------------------------------------------------------------
// Rewriting pass: raw tree to evaluated form

class Rewriter {
 public:
  explicit Rewriter(Program& program) : prog_(program) {}

  Node* Process(Node* expr) {
    Node* result = nullptr;
    switch (expr->type) {
      case NodeType::kBinary:
        result = Binary(expr);
        break;
      case NodeType::kUnary:
        result = Unary(expr);
        break;
      case NodeType::kFunction:
      case NodeType::kPartial: {
        result = prog_.NewNode(expr->type, expr->position);
        for (Node* arg : expr->arguments) {
          Node* processed = Process(arg);
          PushAncestry(result, processed);
          result->arguments.push_back(processed);
        }
        result->procedure = Process(expr->procedure);
        break;
      }
      case NodeType::kLambda: {
        result = prog_.NewNode(NodeType::kLambda, expr->position);
        result->arguments = expr->arguments;
        result->signature = expr->signature;
        result->body = TailCallOptimize(Process(expr->body));
        break;
      }
      case NodeType::kCondition: {
        result = prog_.NewNode(NodeType::kCondition, expr->position);
        result->condition = Process(expr->condition);
        PushAncestry(result, result->condition);
        result->then_branch = Process(expr->then_branch);
        PushAncestry(result, result->then_branch);
        if (expr->else_branch) {
          result->else_branch = Process(expr->else_branch);
          PushAncestry(result, result->else_branch);
        }
        break;
      }
      case NodeType::kTransform: {
        result = prog_.NewNode(NodeType::kTransform, expr->position);
        result->pattern = Process(expr->pattern);
        result->update = Process(expr->update);
        if (expr->deletion) result->deletion = Process(expr->deletion);
        break;
      }
      case NodeType::kBlock: {
        result = prog_.NewNode(NodeType::kBlock, expr->position);
        for (Node* item : expr->expressions) {
          Node* part = Process(item);
          PushAncestry(result, part);
          if (part->consarray || (part->type == NodeType::kPath && part->steps[0]->consarray)) {
            result->consarray = true;
          }
          result->expressions.push_back(part);
        }
        break;
      }
      case NodeType::kName: {
        result = prog_.NewNode(NodeType::kPath, expr->position);
        result->steps.push_back(expr);
        if (expr->keep_array) result->keep_singleton_array = true;
        break;
      }
      case NodeType::kParent: {
        result = prog_.NewNode(NodeType::kParent, expr->position);
        prog_.slots.push_back(std::make_unique<Slot>());
        Slot* slot = prog_.slots.back().get();
        slot->label = "!" + std::to_string(ancestor_label_++);
        slot->level = 1;
        slot->index = ancestor_index_++;
        result->slot = slot;
        ancestry_.push_back(result);
        break;
      }
      case NodeType::kVariable:
        expr->builtin = FindBuiltin(expr->str);
        result = expr;
        break;
      case NodeType::kRegex:
        expr->regex = Regex::Compile(expr->str, expr->op_text);
        result = expr;
        break;
      case NodeType::kString:
      case NodeType::kNumber:
      case NodeType::kValue:
      case NodeType::kWildcard:
      case NodeType::kDescendant:
        result = expr;
        break;
      case NodeType::kOperator:
        if (expr->op_text == "and" || expr->op_text == "or" || expr->op_text == "in") {
          expr->type = NodeType::kName;
          expr->str = expr->op_text;
          result = Process(expr);
        } else if (expr->op_text == "?") {
          expr->type = NodeType::kPlaceholder;
          result = expr;
        } else {
          throw Error("S0201", "syntax error: '" + expr->op_text + "'", expr->position, expr->op_text);
        }
        break;
      default:
        throw Error(expr->type == NodeType::kEnd ? "S0207" : "S0206", "unexpected end of expression",
                    expr->position);
    }
    if (expr->keep_array) result->keep_array = true;
    return result;
  }

 private:
  Node* Binary(Node* expr) {
    switch (expr->op) {
      case BinaryOp::kDot:
        return Dot(expr);
      case BinaryOp::kPredicate:
        return PredicateStep(expr);
      case BinaryOp::kGroup: {
        Node* result = Process(expr->lhs);
        if (result->group) throw Error("S0210", "each step can only have one grouping expression", expr->position);
        result->group = std::make_unique<GroupSpec>();
        result->group->position = expr->position;
        for (auto& [k, v] : expr->pairs) result->group->pairs.emplace_back(Process(k), Process(v));
        return result;
      }
      case BinaryOp::kOrderBy: {
        Node* result = Process(expr->lhs);
        if (result->type != NodeType::kPath) result = WrapPath(result);
        Node* sort = prog_.NewNode(NodeType::kSort, expr->position);
        for (const SortTerm& term : expr->sort_terms) {
          Node* e = Process(term.expr);
          PushAncestry(sort, e);
          sort->sort_terms.push_back({e, term.descending});
        }
        result->steps.push_back(sort);
        ResolveAncestry(result);
        return result;
      }
      case BinaryOp::kAssign: {
        Node* result = prog_.NewNode(NodeType::kBind, expr->position);
        result->lhs = Process(expr->lhs);
        result->rhs = Process(expr->rhs);
        PushAncestry(result, result->rhs);
        return result;
      }
      case BinaryOp::kFocus: {
        Node* result = Process(expr->lhs);
        Node* step = result->type == NodeType::kPath ? result->steps.back() : result;
        if (!step->stages.empty() || !step->predicate.empty()) {
          throw Error("S0215", "a context variable binding must precede any predicates on a step", expr->position);
        }
        if (step->type == NodeType::kSort) {
          throw Error("S0216", "a context variable binding must precede the 'order-by' clause on a step",
                      expr->position);
        }
        if (expr->keep_array) step->keep_array = true;
        step->focus = expr->rhs->str;
        step->has_focus = true;
        step->tuple = true;
        return result;
      }
      case BinaryOp::kIndex: {
        Node* result = Process(expr->lhs);
        Node* step = result;
        if (result->type == NodeType::kPath) {
          step = result->steps.back();
        } else {
          result = WrapPath(result);
          if (!step->predicate.empty()) {
            step->stages = std::move(step->predicate);
            step->predicate.clear();
          }
        }
        if (step->stages.empty()) {
          step->index_var = expr->rhs->str;
          step->has_index = true;
        } else {
          Stage stage;
          stage.is_index = true;
          stage.index_var = expr->rhs->str;
          stage.position = expr->position;
          step->stages.push_back(stage);
        }
        step->tuple = true;
        return result;
      }
      case BinaryOp::kApply: {
        Node* result = prog_.NewNode(NodeType::kApply, expr->position);
        result->lhs = Process(expr->lhs);
        result->rhs = Process(expr->rhs);
        result->keep_array = result->lhs->keep_array || result->rhs->keep_array;
        return result;
      }
      default: {
        Node* result = prog_.NewNode(NodeType::kBinary, expr->position);
        result->op = expr->op;
        result->op_text = expr->op_text;
        result->lhs = Process(expr->lhs);
        result->rhs = Process(expr->rhs);
        PushAncestry(result, result->lhs);
        PushAncestry(result, result->rhs);
        return result;
      }
    }
  }

  Node* WrapPath(Node* step) {
    Node* path = prog_.NewNode(NodeType::kPath, step->position);
    path->steps.push_back(step);
    return path;
  }

  Node* Dot(Node* expr) {
    Node* lstep = Process(expr->lhs);
    Node* result = lstep->type == NodeType::kPath ? lstep : WrapPath(lstep);
    if (lstep->type == NodeType::kParent) {
      result->has_seeking_parent = true;
      result->seeking_parent = {lstep->slot};
    }
    Node* rest = Process(expr->rhs);
    if (rest->type == NodeType::kPath) {
      for (Node* s : rest->steps) result->steps.push_back(s);
    } else {
      if (!rest->predicate.empty()) {
        rest->stages = std::move(rest->predicate);
        rest->predicate.clear();
      }
      result->steps.push_back(rest);
    }
    for (Node* step : result->steps) {
      if (step->type == NodeType::kNumber || step->type == NodeType::kValue) {
        throw Error("S0213", "the literal value '" + step->str + "' cannot be used as a step within a path expression",
                    step->position, step->str);
      }
      if (step->type == NodeType::kString) step->type = NodeType::kName;
    }
    for (Node* step : result->steps) {
      if (step->keep_array) result->keep_singleton_array = true;
    }
    Node* first = result->steps.front();
    if (first->type == NodeType::kArrayCons) first->consarray = true;
    Node* last = result->steps.back();
    if (last->type == NodeType::kArrayCons) last->consarray = true;
    ResolveAncestry(result);
    return result;
  }

  Node* PredicateStep(Node* expr) {
    Node* result = Process(expr->lhs);
    Node* step = result;
    bool stages = false;
    if (result->type == NodeType::kPath) {
      step = result->steps.back();
      stages = true;
    }
    if (step->group) throw Error("S0209", "a predicate cannot follow a grouping expression in a step", expr->position);
    Node* predicate = Process(expr->rhs);
    if (predicate->has_seeking_parent) {
      for (Slot* slot : predicate->seeking_parent) {
        if (slot->level == 1) {
          SeekParent(step, slot);
        } else {
          --slot->level;
        }
      }
      PushAncestry(step, predicate);
    }
    Stage stage;
    stage.expr = predicate;
    stage.position = expr->position;
    (stages ? step->stages : step->predicate).push_back(stage);
    return result;
  }

  Node* Unary(Node* expr) {
    const std::string& op = expr->op_text;
    if (op == "[") {
      Node* result = prog_.NewNode(NodeType::kArrayCons, expr->position);
      for (Node* item : expr->expressions) {
        Node* value = Process(item);
        PushAncestry(result, value);
        result->expressions.push_back(value);
      }
      return result;
    }
    if (op == "{") {
      Node* result = prog_.NewNode(NodeType::kObjectCons, expr->position);
      for (auto& [k, v] : expr->pairs) {
        Node* key = Process(k);
        PushAncestry(result, key);
        Node* value = Process(v);
        PushAncestry(result, value);
        result->pairs.emplace_back(key, value);
      }
      return result;
    }
    Node* result = prog_.NewNode(NodeType::kNegate, expr->position);
    result->op_text = "-";
    result->expression = Process(expr->expression);
    if (result->expression->type == NodeType::kNumber) {
      Node* number = result->expression;
      number->number = -number->number;
      number->literal = -number->literal.get<double>() == std::floor(-number->literal.get<double>()) &&
                                std::fabs(number->number) < 9.007199254740992e15
                            ? Json(static_cast<int64_t>(number->number))
                            : Json(number->number);
      return number;
    }
    PushAncestry(result, result->expression);
    return result;
  }

  Node* TailCallOptimize(Node* expr) {
    if (expr->type == NodeType::kFunction && expr->predicate.empty()) {
      Node* thunk = prog_.NewNode(NodeType::kLambda, expr->position);
      thunk->thunk = true;
      thunk->body = expr;
      return thunk;
    }
    if (expr->type == NodeType::kCondition) {
      expr->then_branch = TailCallOptimize(expr->then_branch);
      if (expr->else_branch) expr->else_branch = TailCallOptimize(expr->else_branch);
      return expr;
    }
    if (expr->type == NodeType::kBlock && !expr->expressions.empty()) {
      expr->expressions.back() = TailCallOptimize(expr->expressions.back());
    }
    return expr;
  }

  Slot* SeekParent(Node* node, Slot* slot) {
    switch (node->type) {
      case NodeType::kName:
      case NodeType::kWildcard:
        --slot->level;
        if (slot->level == 0) {
          if (node->ancestor) slot->label = node->ancestor->label;
          node->ancestor = slot;
          node->tuple = true;
        }
        break;
      case NodeType::kParent:
        ++slot->level;
        break;
      case NodeType::kBlock:
        if (!node->expressions.empty()) {
          node->tuple = true;
          slot = SeekParent(node->expressions.back(), slot);
        }
        break;
      case NodeType::kPath: {
        node->tuple = true;
        int index = static_cast<int>(node->steps.size()) - 1;
        slot = SeekParent(node->steps[static_cast<size_t>(index--)], slot);
        while (slot->level > 0 && index >= 0) slot = SeekParent(node->steps[static_cast<size_t>(index--)], slot);
        break;
      }
      default:
        throw Error("S0217", "the parent operator cannot be used here", node->position);
    }
    return slot;
  }

  static void PushAncestry(Node* result, Node* value) {
    if (!value->has_seeking_parent && value->type != NodeType::kParent) return;
    std::vector<Slot*> slots = value->seeking_parent;
    if (value->type == NodeType::kParent) slots.push_back(value->slot);
    if (!result->has_seeking_parent) {
      result->has_seeking_parent = true;
      result->seeking_parent = slots;
    } else {
      for (Slot* s : slots) result->seeking_parent.push_back(s);
    }
  }

  void ResolveAncestry(Node* path) {
    Node* last = path->steps.back();
    std::vector<Slot*> slots = last->seeking_parent;
    if (last->type == NodeType::kParent) slots.push_back(last->slot);
    for (Slot* slot : slots) {
      int index = static_cast<int>(path->steps.size()) - 2;
      while (slot->level > 0) {
        if (index < 0) {
          path->has_seeking_parent = true;
          path->seeking_parent.push_back(slot);
          break;
        }
        Node* step = path->steps[static_cast<size_t>(index--)];
        while (index >= 0 && step->has_focus && path->steps[static_cast<size_t>(index)]->has_focus) {
          step = path->steps[static_cast<size_t>(index--)];
        }
        slot = SeekParent(step, slot);
      }
    }
  }

  Program& prog_;
  int ancestor_label_ = 0;
  int ancestor_index_ = 0;
  std::vector<Node*> ancestry_;
};

}  // namespace

std::shared_ptr<const Program> Parse(std::string_view source) {
  auto program = std::make_shared<Program>();
  program->source = std::string(source);
  RawParser parser(*program, program->source);
  Node* raw = parser.ParseAll();
  Rewriter rewriter(*program);
  program->root = rewriter.Process(raw);
  if (program->root->type == NodeType::kParent || program->root->has_seeking_parent) {
    throw Error("S0217", "the parent operator cannot be used at the top level of an expression",
                program->root->position);
  }
  return program;
}

}  // namespace sfn::jsonata
