// The JSONata evaluator: walks a compiled Program over an input value.
//
// One Evaluator serves one evaluation on one thread. It owns the variable frames, counts evaluation depth
// and time (both raise U1001 when exceeded), and applies functions with tail-call trampolining. Built-in
// functions (builtins.h) receive it to call back into function values.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "jsonata/ast.h"
#include "jsonata/jsonata.h"
#include "jsonata/value.h"

namespace sfn::jsonata {

class Evaluator;

// A scope of variable bindings. Frames are reference counted; the Evaluator tracks every live frame so
// that closures referring to their own frame are released when the evaluation ends.
struct Frame {
  Frame* parent = nullptr;
  int refs = 0;
  Evaluator* owner = nullptr;
  Frame* prev_live = nullptr;
  Frame* next_live = nullptr;
  static constexpr size_t kInlineVars = 3;
  std::pair<std::string, Value> inline_vars[kInlineVars];
  size_t inline_count = 0;
  std::vector<std::pair<std::string, Value>> more_vars;

  void Bind(std::string_view name, Value v);
  const Value* Find(std::string_view name) const;
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < inline_count; ++i) f(inline_vars[i].first, inline_vars[i].second);
    for (const auto& [n, v] : more_vars) f(n, v);
  }
  void Clear();
};

// An owning pointer to a Frame.
class FrameRef {
 public:
  FrameRef() = default;
  explicit FrameRef(Frame* f);
  FrameRef(const FrameRef& o) : FrameRef(o.f_) {}
  FrameRef& operator=(const FrameRef& o);
  ~FrameRef();
  Frame* get() const { return f_; }
  Frame* operator->() const { return f_; }

 private:
  Frame* f_ = nullptr;
};

struct LambdaFn : FunctionData {
  const Node* node;
  Value input;
  FrameRef env;
  LambdaFn(const Node* n, Value in, Frame* e) : FunctionData(Kind::kLambda), node(n), input(std::move(in)), env(e) {}
};

struct PartialFn : FunctionData {
  Value target;
  std::vector<Value> args;
  std::vector<bool> holes;
  PartialFn() : FunctionData(Kind::kPartial) {}
};

struct RegexFn : FunctionData {
  std::shared_ptr<const Regex> regex;
  explicit RegexFn(std::shared_ptr<const Regex> re) : FunctionData(Kind::kRegex), regex(std::move(re)) {}
};

struct MatchNextFn : FunctionData {
  std::shared_ptr<const Regex> regex;
  Value subject;
  size_t last_index;  // byte offset
  MatchNextFn() : FunctionData(Kind::kMatchNext), last_index(0) {}
};

struct TransformFn : FunctionData {
  const Node* node;
  FrameRef env;
  TransformFn(const Node* n, Frame* e) : FunctionData(Kind::kTransform), node(n), env(e) {}
};

struct ChainFn : FunctionData {
  Value first;
  Value second;
  ChainFn(Value f, Value g) : FunctionData(Kind::kChain), first(std::move(f)), second(std::move(g)) {}
};

class Evaluator {
 public:
  Evaluator(const Options& options, const Bindings& bindings);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Evaluates a whole program over `input` (nullptr = undefined) and converts the result to JSON.
  std::optional<Json> Run(const Program& program, const Json* input);

  Value Eval(const Node* expr, const Value& input, Frame* env);
  // Applies a function value to arguments (validating its signature), trampolining tail calls.
  Value Apply(const Value& proc, std::vector<Value> args, const Value& input, Frame* env);
  int Arity(const Value& fn) const;

  // Evaluates `source` as $eval does, in `env` with `input`.
  Value EvalString(std::string_view source, const Value& input, Frame* env);

  FrameRef NewFrame(Frame* parent);
  double NowMillis();  // the same instant throughout one evaluation
  double Random();
  const Bindings& bindings() const { return bindings_; }
  void Link(Frame* f);
  void Unlink(Frame* f);
  void Recycle(Frame* f);
  void CheckLimits();

 private:
  Value Lookup(std::string_view name, int builtin, Frame* env) const;
  Value EvalPath(const Node* expr, const Value& input, Frame* env);
  Value EvalStep(const Node* step, const Value& input, bool single, Frame* env, bool last_step);
  Value EvalTupleStep(const Node* step, const Value& input, Value tuples, Frame* env);
  Value EvalStages(const std::vector<Stage>& stages, Value input, Frame* env);
  Value EvalFilter(const Node* predicate, Value input, Frame* env);
  Value EvalBinary(const Node* expr, const Value& input, Frame* env);
  Value EvalNegate(const Node* expr, const Value& input, Frame* env);
  Value EvalArray(const Node* expr, const Value& input, Frame* env);
  Value EvalGroup(const std::vector<std::pair<Node*, Node*>>& pairs, int64_t position, Value input, Frame* env);
  Value EvalWildcard(const Value& input);
  Value EvalDescendants(const Value& input);
  Value EvalSort(const Node* step, const Value& input, Frame* env);
  Value EvalBlock(const Node* expr, const Value& input, Frame* env);
  Value EvalCondition(const Node* expr, const Value& input, Frame* env);
  Value EvalFunction(const Node* expr, const Value& input, Frame* env, const Value* applyto);
  Value EvalPartial(const Node* expr, const Value& input, Frame* env);
  Value EvalApplyOp(const Node* expr, const Value& input, Frame* env);
  Value EvalVariable(const Node* expr, const Value& input, Frame* env);
  Value ApplyInner(const Value& proc, std::vector<Value>& args, const Value& input, Frame* env);
  Value ApplyProcedure(const LambdaFn& lambda, const std::vector<Value>& args);
  Value ApplyPartial(const PartialFn& partial, const std::vector<Value>& args, const Value& input, Frame* env);
  Value ApplyTransform(const TransformFn& fn, const Value& arg);
  Value ApplyRegex(const std::shared_ptr<const Regex>& regex, const Value& subject, size_t start);
  FrameRef FrameFromTuple(Frame* env, const Value& tuple);
  void ThrowStackOverflow();
  void MeasureStack();

  const Options& options_;
  const Bindings& bindings_;
  std::chrono::steady_clock::time_point deadline_;
  size_t depth_ = 0;
  uint32_t steps_ = 0;
  uintptr_t stack_base_ = 0;
  size_t stack_budget_ = 0;
  std::optional<double> now_millis_;
  Frame* free_frames_ = nullptr;
  std::unique_ptr<std::mt19937_64> rng_;  // created on first use: seeding is costly
  Frame* live_frames_ = nullptr;
  std::vector<std::shared_ptr<const Program>> eval_programs_;
};

// Converts a value to JSON for output: whole numbers become integers, functions become empty strings
// inside containers.
std::optional<Json> ToJson(const Value& v);

// The reference's Append: concatenates, turning non-arrays into one-element arrays.
Value AppendValues(const Value& a, const Value& b);

}  // namespace sfn::jsonata
