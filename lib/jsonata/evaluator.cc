#include "jsonata/evaluator.h"

#include <pthread.h>

#include <cmath>
#include <unordered_map>

#include "common/states_error.h"
#include "jsonata/builtins.h"
#include "jsonata/error.h"
#include "jsonata/parser.h"
#include "jsonata/regex.h"
#include "jsonata/signature.h"
#include "jsonata/stringify.h"
#include "jsonata/utf8.h"

namespace sfn::jsonata {

namespace {

constexpr int kMaxDataDepth = 2000;
constexpr size_t kMaxRange = 10000000;
constexpr size_t kStackCheckDepth = 64;

bool IsNumeric(const Value& v) {
  if (!v.IsNumber()) return false;
  double d = v.AsNumber();
  if (std::isnan(d)) return false;
  if (!std::isfinite(d)) throw Error("D1001", "number out of range");
  return true;
}

bool IsArrayOfNumbers(const Value& v) {
  if (!v.IsArray()) return false;
  size_t n = v.Size();
  for (size_t i = 0; i < n; ++i) {
    if (!v.At(i).IsNumber()) return false;
  }
  return true;
}

bool IsArrayOfStrings(const Value& v) {
  if (!v.IsArray()) return false;
  size_t n = v.Size();
  for (size_t i = 0; i < n; ++i) {
    if (!v.At(i).IsString()) return false;
  }
  return true;
}

bool Boolize(const Value& v) { return ToBoolean(v).value_or(false); }

void Flatten(const Value& v, std::vector<Value>& out, int depth) {
  if (depth > kMaxDataDepth) throw Error("U1001", "value nests too deeply");
  if (v.IsArray()) {
    size_t n = v.Size();
    for (size_t i = 0; i < n; ++i) Flatten(v.At(i), out, depth + 1);
  } else {
    out.push_back(v);
  }
}

void RecurseDescendants(const Value& v, std::vector<Value>& out, int depth) {
  if (depth > kMaxDataDepth) throw Error("U1001", "value nests too deeply");
  if (!v.IsArray()) out.push_back(v);
  if (v.IsArray()) {
    size_t n = v.Size();
    for (size_t i = 0; i < n; ++i) RecurseDescendants(v.At(i), out, depth + 1);
  } else if (v.IsObject()) {
    v.ForEachMember([&](std::string_view, const Value& m) { RecurseDescendants(m, out, depth + 1); });
  }
}

Value TupleGet(const Value& tuple, std::string_view key) { return tuple.Get(key); }

Value CopyTuple(const Value& tuple) {
  Value copy = NewObject();
  ObjectData* dst = copy.Object();
  tuple.ForEachMember([&](std::string_view k, const Value& v) { dst->members.emplace_back(std::string(k), v); });
  return copy;
}

const Signature& TransformSignature() {
  static const Signature kSig = ParseSignature("<(oa):o>");
  return kSig;
}

// Whole floating-point numbers become integers, as JavaScript prints them.
void NormaliseNumbers(Json& j, int depth) {
  if (depth > kMaxDataDepth) throw Error("U1001", "value nests too deeply");
  switch (j.type()) {
    case Json::value_t::number_float: {
      double d = j.get<double>();
      if (std::floor(d) == d && std::fabs(d) < 9.2e18) j = static_cast<int64_t>(d);
      break;
    }
    case Json::value_t::array:
    case Json::value_t::object:
      for (Json& child : j) NormaliseNumbers(child, depth + 1);
      break;
    default:
      break;
  }
}

std::optional<Json> ToJsonImpl(const Value& v, int depth) {
  if (depth > kMaxDataDepth) throw Error("U1001", "value nests too deeply");
  if (const Json* borrowed = v.BorrowedJson()) {
    Json copy = *borrowed;
    NormaliseNumbers(copy, depth);
    return copy;
  }
  switch (v.type()) {
    case Value::Type::kUndefined:
    case Value::Type::kFunction:
      return std::nullopt;
    case Value::Type::kNull:
      return Json(nullptr);
    case Value::Type::kBool:
      return Json(v.AsBool());
    case Value::Type::kNumber: {
      double d = v.AsNumber();
      if (!std::isfinite(d)) throw Error("D1001", "number out of range");
      if (std::floor(d) == d && std::fabs(d) < 9.2e18) return Json(static_cast<int64_t>(d));
      return Json(d);
    }
    case Value::Type::kString:
      return Json(std::string(v.AsString()));
    case Value::Type::kArray: {
      Json out = Json::array();
      size_t n = v.Size();
      for (size_t i = 0; i < n; ++i) {
        auto item = ToJsonImpl(v.At(i), depth + 1);
        if (item) {
          out.push_back(std::move(*item));
        } else if (v.At(i).IsFunction()) {
          out.push_back(nullptr);
        }
      }
      return out;
    }
    case Value::Type::kObject: {
      Json out = Json::object();
      auto& members = out.get_ref<Json::object_t&>();
      members.reserve(v.Size());
      v.ForEachMember([&](std::string_view k, const Value& m) {
        auto item = ToJsonImpl(m, depth + 1);
        if (item) members.emplace_back(std::string(k), std::move(*item));
      });
      return out;
    }
  }
  return std::nullopt;
}

std::string ProcedureName(const Node* procedure) {
  if (procedure->type == NodeType::kPath && !procedure->steps.empty()) return procedure->steps[0]->str;
  return procedure->str;
}

}  // namespace

std::optional<Json> ToJson(const Value& v) { return ToJsonImpl(v, 0); }

Value AppendValues(const Value& a, const Value& b) {
  if (a.IsUndefined()) return b;
  if (b.IsUndefined()) return a;
  Value out = NewArray();
  std::vector<Value>& items = out.Array()->items;
  if (a.IsArray()) {
    ForEachItem(a, [&](const Value& v) { items.push_back(v); });
  } else {
    items.push_back(a);
  }
  if (b.IsArray()) {
    ForEachItem(b, [&](const Value& v) { items.push_back(v); });
  } else {
    items.push_back(b);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Frames

void Frame::Bind(std::string_view name, Value v) {
  for (size_t i = 0; i < inline_count; ++i) {
    if (inline_vars[i].first == name) {
      inline_vars[i].second = std::move(v);
      return;
    }
  }
  for (auto& [n, val] : more_vars) {
    if (n == name) {
      val = std::move(v);
      return;
    }
  }
  if (inline_count < kInlineVars) {
    inline_vars[inline_count].first.assign(name);
    inline_vars[inline_count].second = std::move(v);
    ++inline_count;
    return;
  }
  more_vars.emplace_back(std::string(name), std::move(v));
}

const Value* Frame::Find(std::string_view name) const {
  for (size_t i = 0; i < inline_count; ++i) {
    if (inline_vars[i].first == name) return &inline_vars[i].second;
  }
  for (const auto& [n, val] : more_vars) {
    if (n == name) return &val;
  }
  return nullptr;
}

void Frame::Clear() {
  for (size_t i = 0; i < inline_count; ++i) inline_vars[i].second = Value();
  inline_count = 0;
  more_vars.clear();
}

FrameRef::FrameRef(Frame* f) : f_(f) {
  if (f_) ++f_->refs;
}

FrameRef& FrameRef::operator=(const FrameRef& o) {
  if (o.f_) ++o.f_->refs;
  Frame* old = f_;
  f_ = o.f_;
  if (old && --old->refs == 0) old->owner->Recycle(old);
  return *this;
}

FrameRef::~FrameRef() {
  if (f_ && --f_->refs == 0) f_->owner->Recycle(f_);
}

FrameRef Evaluator::NewFrame(Frame* parent) {
  Frame* f;
  if (free_frames_) {
    f = free_frames_;
    free_frames_ = f->next_live;
    f->next_live = nullptr;
  } else {
    f = new Frame();
  }
  f->parent = parent;
  f->owner = this;
  Link(f);
  FrameRef ref(f);
  if (parent) ++parent->refs;
  return ref;
}

void Evaluator::Link(Frame* f) {
  f->next_live = live_frames_;
  if (live_frames_) live_frames_->prev_live = f;
  live_frames_ = f;
}

void Evaluator::Unlink(Frame* f) {
  if (f->prev_live) f->prev_live->next_live = f->next_live;
  if (f->next_live) f->next_live->prev_live = f->prev_live;
  if (live_frames_ == f) live_frames_ = f->next_live;
  // Release the parent reference held by this frame.
  Frame* parent = f->parent;
  f->parent = nullptr;
  if (parent && --parent->refs == 0) Recycle(parent);
}

void Evaluator::Recycle(Frame* f) {
  Unlink(f);
  f->Clear();
  f->prev_live = nullptr;
  f->next_live = free_frames_;
  free_frames_ = f;
}

// ---------------------------------------------------------------------------------------------------------
// Set-up and limits

Evaluator::Evaluator(const Options& options, const Bindings& bindings) : options_(options), bindings_(bindings) {
  int marker = 0;
  stack_base_ = reinterpret_cast<uintptr_t>(&marker);
}

// Measures the stack left to this thread; done only once an evaluation nests deeply, since asking the
// system is slow on the main thread.
void Evaluator::MeasureStack() {
  stack_budget_ = 512u << 10;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* addr = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0 && addr) {
      uintptr_t low = reinterpret_cast<uintptr_t>(addr);
      if (stack_base_ > low) {
        size_t available = stack_base_ - low;
        stack_budget_ = available > (256u << 10) ? available - (256u << 10) : available / 2;
      }
    }
    pthread_attr_destroy(&attr);
  }
}

Evaluator::~Evaluator() {
  // Break reference cycles (closures stored in their own frames) by clearing every frame still alive.
  std::vector<FrameRef> keep;
  for (Frame* f = live_frames_; f; f = f->next_live) keep.emplace_back(f);
  for (FrameRef& f : keep) f->Clear();
  keep.clear();
  while (free_frames_) {
    Frame* next = free_frames_->next_live;
    delete free_frames_;
    free_frames_ = next;
  }
}

double Evaluator::NowMillis() {
  if (!now_millis_) {
    now_millis_ = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  }
  return *now_millis_;
}

double Evaluator::Random() {
  if (!rng_) rng_ = std::make_unique<std::mt19937_64>(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(*rng_);
}

void Evaluator::ThrowStackOverflow() {
  throw Error("U1001",
              "stack overflow error: check for non-terminating recursive function; consider rewriting as "
              "tail-recursive");
}

void Evaluator::CheckLimits() {
  if ((++steps_ & 1023) != 0) return;
  // The clock starts at the first check: evaluations of fewer steps never read it.
  auto now = std::chrono::steady_clock::now();
  if (steps_ == 1024) deadline_ = now + options_.time_limit;
  if (now > deadline_) throw Error("U1001", "expression evaluation timeout: check for infinite loop");
}

namespace {
struct DepthScope {
  size_t& depth;
  explicit DepthScope(size_t& d) : depth(d) { ++depth; }
  ~DepthScope() { --depth; }
};
}  // namespace

std::optional<Json> Evaluator::Run(const Program& program, const Json* input) {
  Value in = input ? Value::FromJson(input) : Value();
  FrameRef root = NewFrame(nullptr);
  root->Bind("$", in);
  if (in.IsArray() && !in.IsSequence()) {
    Value wrapped = NewSequence(in);
    wrapped.Array()->outer_wrapper = true;
    in = wrapped;
  }
  Value result = Eval(program.root, in, root.get());
  return ToJson(result);
}

// ---------------------------------------------------------------------------------------------------------
// Dispatch

Value Evaluator::Eval(const Node* expr, const Value& input, Frame* env) {
  DepthScope scope(depth_);
  if (depth_ > options_.max_depth) ThrowStackOverflow();
  if (depth_ > kStackCheckDepth) {
    if (stack_budget_ == 0) MeasureStack();
    int marker = 0;
    uintptr_t here = reinterpret_cast<uintptr_t>(&marker);
    if (here < stack_base_ && stack_base_ - here > stack_budget_) ThrowStackOverflow();
  }
  CheckLimits();

  Value result;
  switch (expr->type) {
    case NodeType::kPath:
      result = EvalPath(expr, input, env);
      break;
    case NodeType::kBinary:
      result = EvalBinary(expr, input, env);
      break;
    case NodeType::kNegate:
      result = EvalNegate(expr, input, env);
      break;
    case NodeType::kArrayCons:
      result = EvalArray(expr, input, env);
      break;
    case NodeType::kObjectCons:
      result = EvalGroup(expr->pairs, expr->position, input, env);
      break;
    case NodeType::kName:
      result = LookupField(input, expr->str);
      break;
    case NodeType::kString:
    case NodeType::kNumber:
    case NodeType::kValue:
      result = Value::FromJson(&expr->literal);
      break;
    case NodeType::kWildcard:
      result = EvalWildcard(input);
      break;
    case NodeType::kDescendant:
      result = EvalDescendants(input);
      break;
    case NodeType::kParent: {
      const Value* v = nullptr;
      for (Frame* f = env; f && !v; f = f->parent) v = f->Find(expr->slot->label);
      if (v) result = *v;
      break;
    }
    case NodeType::kCondition:
      result = EvalCondition(expr, input, env);
      break;
    case NodeType::kBlock:
      result = EvalBlock(expr, input, env);
      break;
    case NodeType::kBind: {
      result = Eval(expr->rhs, input, env);
      env->Bind(expr->lhs->str, result);
      break;
    }
    case NodeType::kRegex:
      result = Value::Heap(Value::Type::kFunction, new RegexFn(expr->regex));
      break;
    case NodeType::kFunction:
      result = EvalFunction(expr, input, env, nullptr);
      break;
    case NodeType::kVariable:
      result = EvalVariable(expr, input, env);
      break;
    case NodeType::kLambda:
      result = Value::Heap(Value::Type::kFunction, new LambdaFn(expr, input, env));
      break;
    case NodeType::kPartial:
      result = EvalPartial(expr, input, env);
      break;
    case NodeType::kApply:
      result = EvalApplyOp(expr, input, env);
      break;
    case NodeType::kTransform:
      result = Value::Heap(Value::Type::kFunction, new TransformFn(expr, env));
      break;
    default:
      throw Error("S0201", "unexpected node in expression", expr->position);
  }

  for (const Stage& stage : expr->predicate) result = EvalFilter(stage.expr, result, env);
  if (expr->type != NodeType::kPath && expr->group) {
    result = EvalGroup(expr->group->pairs, expr->group->position, result, env);
  }
  if (ArrayData* seq = result.Array(); seq && seq->sequence && !seq->tuple_stream) {
    if (expr->keep_array) seq->keep_singleton = true;
    if (seq->items.empty()) {
      result = Value();
    } else if (seq->items.size() == 1 && !seq->keep_singleton) {
      Value only = seq->items[0];
      result = std::move(only);
    }
  }
  return result;
}

Value Evaluator::Lookup(std::string_view name, int builtin, Frame* env) const {
  for (Frame* f = env; f; f = f->parent) {
    if (const Value* v = f->Find(name)) return *v;
  }
  if (const Bindings::Entry* entry = bindings_.Find(name)) {
    if (entry->is_function) return Value::NativeRef(entry);
    return Value::FromJson(&entry->value);
  }
  if (builtin == kUnresolvedBuiltin) builtin = FindBuiltin(name);
  if (builtin >= 0) return Value::Builtin(static_cast<uint32_t>(builtin));
  return Value();
}

Value Evaluator::EvalVariable(const Node* expr, const Value& input, Frame* env) {
  if (expr->str.empty()) {
    if (input.IsOuterWrapper() && input.Size() > 0) return input.At(0);
    return input;
  }
  return Lookup(expr->str, expr->builtin, env);
}

// ---------------------------------------------------------------------------------------------------------
// Paths

// The input of a step is a sequence; `single` marks the common case of a one-item sequence holding
// `input_seq` itself, which is never materialised unless a step needs it.
Value Evaluator::EvalPath(const Node* expr, const Value& input, Frame* env) {
  Value input_seq = input;
  bool single = !(input.IsArray() && expr->steps[0]->type != NodeType::kVariable);
  auto materialise = [&]() {
    if (single) {
      input_seq = NewSequence(input_seq);
      single = false;
    }
    return input_seq;
  };
  Value result_seq;
  bool is_tuple = false;
  Value tuples;
  const size_t n = expr->steps.size();
  for (size_t i = 0; i < n; ++i) {
    const Node* step = expr->steps[i];
    if (step->tuple) is_tuple = true;
    bool cons_first = i == 0 && step->consarray;
    if (cons_first) {
      result_seq = Eval(step, materialise(), env);
    } else if (is_tuple) {
      tuples = EvalTupleStep(step, materialise(), tuples, env);
    } else {
      result_seq = EvalStep(step, input_seq, single, env, i == n - 1);
    }
    if (!is_tuple) {
      if (result_seq.IsUndefined()) break;
      if (result_seq.IsArray() && result_seq.Size() == 0) break;
      if (cons_first && result_seq.IsString() && result_seq.AsString().empty()) break;
    }
    if (!step->has_focus) {
      input_seq = result_seq;
      single = !cons_first && !result_seq.IsArray();
    }
  }
  if (is_tuple) {
    if (expr->tuple) {
      result_seq = tuples;
    } else {
      result_seq = NewSequence();
      ArrayData* out = result_seq.Array();
      ForEachItem(tuples, [&](const Value& t) { out->items.push_back(TupleGet(t, "@")); });
    }
  }
  if (expr->keep_singleton_array) {
    if (result_seq.IsDefined() && !result_seq.IsArray()) result_seq = NewSequence(result_seq);
    if (result_seq.IsCons() && !result_seq.IsSequence()) result_seq = NewSequence(result_seq);
    if (ArrayData* a = result_seq.Array(); a && a->sequence) a->keep_singleton = true;
  }
  if (expr->group) {
    result_seq = EvalGroup(expr->group->pairs, expr->group->position, is_tuple ? tuples : result_seq, env);
  }
  return result_seq;
}

namespace {
void AppendFlat(std::vector<Value>& items, Value res) {
  if (!res.IsArray() || res.IsCons()) {
    items.push_back(std::move(res));
  } else {
    ForEachItem(res, [&](const Value& v) { items.push_back(v); });
  }
}
}  // namespace

// Maps a step over its input sequence and flattens the results. Returns undefined for no results and the
// bare value for a single non-array result (the caller treats it as a one-item sequence).
Value Evaluator::EvalStep(const Node* step, const Value& input, bool single, Frame* env, bool last_step) {
  if (step->type == NodeType::kSort) {
    Value result = EvalSort(step, single ? NewSequence(input) : input, env);
    if (!step->stages.empty()) result = EvalStages(step->stages, result, env);
    return result;
  }
  size_t count = single ? 1 : (input.IsArray() ? input.Size() : 0);
  Value first;
  Value out;
  size_t defined = 0;
  for (size_t i = 0; i < count; ++i) {
    Value res = Eval(step, single ? input : input.At(i), env);
    for (const Stage& stage : step->stages) res = EvalFilter(stage.expr, res, env);
    if (res.IsUndefined()) continue;
    if (++defined == 1) {
      first = std::move(res);
      continue;
    }
    if (defined == 2) {
      out = NewSequence();
      out.Array()->items.reserve(count);
      AppendFlat(out.Array()->items, std::move(first));
    }
    AppendFlat(out.Array()->items, std::move(res));
  }
  if (defined == 0) return Value();
  if (defined == 1) {
    if (!first.IsArray()) return first;
    if (last_step && !first.IsSequence()) return first;
    out = NewSequence();
    AppendFlat(out.Array()->items, std::move(first));
  }
  return out;
}

FrameRef Evaluator::FrameFromTuple(Frame* env, const Value& tuple) {
  FrameRef frame = NewFrame(env);
  tuple.ForEachMember([&](std::string_view k, const Value& v) { frame->Bind(k, v); });
  return frame;
}

Value Evaluator::EvalTupleStep(const Node* step, const Value& input, Value tuples, Frame* env) {
  Value result;
  if (step->type == NodeType::kSort) {
    if (tuples.IsDefined()) {
      result = EvalSort(step, tuples, env);
    } else {
      Value sorted = EvalSort(step, input, env);
      result = NewSequence();
      result.Array()->tuple_stream = true;
      size_t n = sorted.IsArray() ? sorted.Size() : 0;
      for (size_t i = 0; i < n; ++i) {
        Value tuple = NewObject();
        tuple.Object()->Set("@", sorted.At(i));
        if (step->has_index) tuple.Object()->Set(step->index_var, Value::Number(static_cast<double>(i)));
        result.Array()->items.push_back(tuple);
      }
    }
    if (!step->stages.empty()) result = EvalStages(step->stages, result, env);
    return result;
  }
  result = NewSequence();
  result.Array()->tuple_stream = true;
  if (tuples.IsUndefined()) {
    tuples = NewSequence();
    ForEachItem(input, [&](const Value& item) {
      Value tuple = NewObject();
      tuple.Object()->Set("@", item);
      tuples.Array()->items.push_back(tuple);
    });
  }
  size_t count = tuples.IsArray() ? tuples.Size() : 0;
  for (size_t ee = 0; ee < count; ++ee) {
    Value tuple = tuples.At(ee);
    FrameRef step_env = FrameFromTuple(env, tuple);
    Value context = TupleGet(tuple, "@");
    Value res = Eval(step, context, step_env.get());
    if (res.IsUndefined()) continue;
    bool res_tuple = res.IsTupleStream();
    if (!res.IsArray()) res = NewSequence(res);
    size_t rn = res.Size();
    for (size_t bb = 0; bb < rn; ++bb) {
      Value out = CopyTuple(tuple);
      ObjectData* obj = out.Object();
      if (res_tuple) {
        res.At(bb).ForEachMember([&](std::string_view k, const Value& v) { obj->Set(k, v); });
      } else {
        if (step->has_focus) {
          obj->Set(step->focus, res.At(bb));
          obj->Set("@", context);
        } else {
          obj->Set("@", res.At(bb));
        }
        if (step->has_index && !step->index_var.empty()) {
          obj->Set(step->index_var, Value::Number(static_cast<double>(bb)));
        }
        if (step->ancestor) obj->Set(step->ancestor->label, context);
      }
      result.Array()->items.push_back(out);
    }
  }
  if (!step->stages.empty()) result = EvalStages(step->stages, result, env);
  return result;
}

Value Evaluator::EvalStages(const std::vector<Stage>& stages, Value input, Frame* env) {
  Value result = std::move(input);
  for (const Stage& stage : stages) {
    if (!stage.is_index) {
      result = EvalFilter(stage.expr, result, env);
    } else if (result.IsArray()) {
      size_t n = result.Size();
      for (size_t ee = 0; ee < n; ++ee) {
        Value tuple = result.At(ee);
        if (ObjectData* obj = tuple.Object()) obj->Set(stage.index_var, Value::Number(static_cast<double>(ee)));
      }
    }
  }
  return result;
}

Value Evaluator::EvalFilter(const Node* predicate, Value input, Frame* env) {
  Value results = NewSequence();
  bool tuple_stream = input.IsTupleStream();
  if (tuple_stream) results.Array()->tuple_stream = true;
  if (!input.IsArray()) input = NewSequence(input);
  const size_t n = input.Size();
  if (predicate->type == NodeType::kNumber) {
    double index = std::floor(predicate->number);
    if (index < 0) index += static_cast<double>(n);
    if (index >= 0 && index < static_cast<double>(n)) {
      Value item = input.At(static_cast<size_t>(index));
      if (item.IsDefined()) {
        if (item.IsArray()) return item;
        results.Array()->items.push_back(item);
      }
    }
    return results;
  }
  for (size_t index = 0; index < n; ++index) {
    Value item = input.At(index);
    Value res;
    if (tuple_stream) {
      FrameRef frame = FrameFromTuple(env, item);
      res = Eval(predicate, TupleGet(item, "@"), frame.get());
    } else {
      res = Eval(predicate, item, env);
    }
    if (IsNumeric(res)) res = NewSequence(res);
    if (IsArrayOfNumbers(res)) {
      size_t rn = res.Size();
      for (size_t k = 0; k < rn; ++k) {
        double ii = std::floor(res.At(k).AsNumber());
        if (ii < 0) ii += static_cast<double>(n);
        if (ii == static_cast<double>(index)) results.Array()->items.push_back(item);
      }
    } else if (Boolize(res)) {
      results.Array()->items.push_back(item);
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------
// Operators

namespace {

Value Arithmetic(const Node* expr, const Value& lhs, const Value& rhs) {
  if (lhs.IsDefined() && !IsNumeric(lhs)) {
    throw Error("T2001", "the left side of the '" + expr->op_text + "' operator must evaluate to a number",
                expr->position, expr->op_text);
  }
  if (rhs.IsDefined() && !IsNumeric(rhs)) {
    throw Error("T2002", "the right side of the '" + expr->op_text + "' operator must evaluate to a number",
                expr->position, expr->op_text);
  }
  if (lhs.IsUndefined() || rhs.IsUndefined()) return Value();
  double a = lhs.AsNumber();
  double b = rhs.AsNumber();
  switch (expr->op) {
    case BinaryOp::kAdd:
      return Value::Number(a + b);
    case BinaryOp::kSubtract:
      return Value::Number(a - b);
    case BinaryOp::kMultiply:
      return Value::Number(a * b);
    case BinaryOp::kDivide:
      return Value::Number(a / b);
    default:
      return Value::Number(std::fmod(a, b));
  }
}

Value Comparison(const Node* expr, const Value& lhs, const Value& rhs) {
  auto comparable = [](const Value& v) { return v.IsUndefined() || v.IsString() || v.IsNumber(); };
  if (!comparable(lhs) || !comparable(rhs)) {
    throw Error("T2010",
                "the expressions either side of operator '" + expr->op_text + "' must evaluate to numeric or string values",
                expr->position, expr->op_text);
  }
  if (lhs.IsUndefined() || rhs.IsUndefined()) return Value();
  if (lhs.type() != rhs.type()) {
    throw Error("T2009", "the values either side of operator '" + expr->op_text + "' must be of the same data type",
                expr->position, expr->op_text);
  }
  int cmp;
  if (lhs.IsNumber()) {
    double a = lhs.AsNumber();
    double b = rhs.AsNumber();
    if (std::isnan(a) || std::isnan(b)) return Value::Bool(false);
    cmp = a < b ? -1 : (a > b ? 1 : 0);
  } else {
    int c = lhs.AsString().compare(rhs.AsString());
    cmp = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  switch (expr->op) {
    case BinaryOp::kLess:
      return Value::Bool(cmp < 0);
    case BinaryOp::kLessEqual:
      return Value::Bool(cmp <= 0);
    case BinaryOp::kGreater:
      return Value::Bool(cmp > 0);
    default:
      return Value::Bool(cmp >= 0);
  }
}

Value Range(const Node* expr, const Value& lhs, const Value& rhs) {
  auto is_integer = [](const Value& v) {
    return v.IsNumber() && std::isfinite(v.AsNumber()) && std::floor(v.AsNumber()) == v.AsNumber();
  };
  if (lhs.IsDefined() && !is_integer(lhs)) {
    throw Error("T2003", "the left side of the range operator (..) must evaluate to an integer", expr->position, "..");
  }
  if (rhs.IsDefined() && !is_integer(rhs)) {
    throw Error("T2004", "the right side of the range operator (..) must evaluate to an integer", expr->position, "..");
  }
  if (lhs.IsUndefined() || rhs.IsUndefined()) return Value();
  double from = lhs.AsNumber();
  double to = rhs.AsNumber();
  if (from > to) return Value();
  double size = to - from + 1;
  if (size > static_cast<double>(kMaxRange)) {
    throw Error("D2014", "the size of the sequence allocated by the range operator (..) must not exceed 1e7",
                expr->position, "..");
  }
  Value out = NewSequence();
  std::vector<Value>& items = out.Array()->items;
  items.reserve(static_cast<size_t>(size));
  for (double v = from; v <= to; v += 1) items.push_back(Value::Number(v));
  return out;
}

// The reference compares with JavaScript's ===: scalars by value, arrays and objects by identity.
bool StrictEqual(const Value& a, const Value& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::Type::kNull:
      return true;
    case Value::Type::kBool:
      return a.AsBool() == b.AsBool();
    case Value::Type::kNumber:
      return a.AsNumber() == b.AsNumber();
    case Value::Type::kString:
      return a.AsString() == b.AsString();
    default:
      return a.SameIdentity(b);
  }
}

Value Includes(const Value& lhs, const Value& rhs) {
  if (lhs.IsUndefined() || rhs.IsUndefined()) return Value::Bool(false);
  if (!rhs.IsArray()) return Value::Bool(StrictEqual(rhs, lhs));
  size_t n = rhs.Size();
  for (size_t i = 0; i < n; ++i) {
    if (StrictEqual(rhs.At(i), lhs)) return Value::Bool(true);
  }
  return Value::Bool(false);
}

Value Concat(const Value& lhs, const Value& rhs) {
  std::string s;
  if (lhs.IsDefined()) s = ValueToString(lhs);
  if (rhs.IsDefined()) s += ValueToString(rhs);
  return Value::String(std::move(s));
}

}  // namespace

Value Evaluator::EvalBinary(const Node* expr, const Value& input, Frame* env) {
  Value lhs = Eval(expr->lhs, input, env);
  const BinaryOp op = expr->op;
  if (op == BinaryOp::kAnd) return Value::Bool(Boolize(lhs) && Boolize(Eval(expr->rhs, input, env)));
  if (op == BinaryOp::kOr) return Value::Bool(Boolize(lhs) || Boolize(Eval(expr->rhs, input, env)));
  Value rhs = Eval(expr->rhs, input, env);
  try {
    switch (op) {
      case BinaryOp::kAdd:
      case BinaryOp::kSubtract:
      case BinaryOp::kMultiply:
      case BinaryOp::kDivide:
      case BinaryOp::kModulo:
        return Arithmetic(expr, lhs, rhs);
      case BinaryOp::kEqual:
      case BinaryOp::kNotEqual: {
        if (lhs.IsUndefined() || rhs.IsUndefined()) return Value::Bool(false);
        bool eq = DeepEqual(lhs, rhs);
        return Value::Bool(op == BinaryOp::kEqual ? eq : !eq);
      }
      case BinaryOp::kLess:
      case BinaryOp::kLessEqual:
      case BinaryOp::kGreater:
      case BinaryOp::kGreaterEqual:
        return Comparison(expr, lhs, rhs);
      case BinaryOp::kConcat:
        return Concat(lhs, rhs);
      case BinaryOp::kRange:
        return Range(expr, lhs, rhs);
      case BinaryOp::kIn:
        return Includes(lhs, rhs);
      default:
        throw Error("S0201", "unsupported operator '" + expr->op_text + "'", expr->position, expr->op_text);
    }
  } catch (Error& e) {
    if (e.position < 0) e.position = expr->position;
    if (e.token.empty()) e.token = expr->op_text;
    throw;
  }
}

Value Evaluator::EvalNegate(const Node* expr, const Value& input, Frame* env) {
  Value v = Eval(expr->expression, input, env);
  if (v.IsUndefined()) return v;
  if (IsNumeric(v)) return Value::Number(-v.AsNumber());
  throw Error("D1002", "cannot negate a non-numeric value", expr->position, "-");
}

Value Evaluator::EvalArray(const Node* expr, const Value& input, Frame* env) {
  Value result = NewArray();
  std::vector<Value>& items = result.Array()->items;
  for (const Node* item : expr->expressions) {
    Value value = Eval(item, input, env);
    if (value.IsUndefined()) continue;
    if (item->type == NodeType::kArrayCons) {
      items.push_back(std::move(value));
    } else if (value.IsArray()) {
      if (ArrayData* a = value.Array(); a && a->items.size() > 16 && value.IsSequence() && a->refs == 1) {
        if (items.empty()) {
          items = std::move(a->items);
        } else {
          items.insert(items.end(), a->items.begin(), a->items.end());
        }
      } else {
        ForEachItem(value, [&](const Value& v) { items.push_back(v); });
      }
    } else {
      items.push_back(std::move(value));
    }
  }
  if (expr->consarray) result.Array()->cons = true;
  return result;
}

Value Evaluator::EvalGroup(const std::vector<std::pair<Node*, Node*>>& pairs, int64_t position, Value input,
                           Frame* env) {
  bool reduce = input.IsTupleStream();
  // A non-array input is a one-item sequence; an empty one yields one undefined item.
  bool single = !input.IsArray() || input.Size() == 0;
  if (single && input.IsArray()) input = Value();
  const size_t n = single ? 1 : input.Size();
  struct Group {
    Value key;  // a string
    Value data;
    size_t expr_index;
  };
  std::vector<Group> groups;
  std::unordered_map<std::string_view, size_t> index;  // used once there are many groups
  auto find = [&](std::string_view k) -> Group* {
    if (!index.empty()) {
      auto it = index.find(k);
      return it == index.end() ? nullptr : &groups[it->second];
    }
    for (Group& g : groups) {
      if (g.key.AsString() == k) return &g;
    }
    return nullptr;
  };
  for (size_t i = 0; i < n; ++i) {
    Value item = single ? input : input.At(i);
    FrameRef tuple_env;
    Frame* item_env = env;
    if (reduce) {
      tuple_env = FrameFromTuple(env, item);
      item_env = tuple_env.get();
    }
    for (size_t pi = 0; pi < pairs.size(); ++pi) {
      Value key = Eval(pairs[pi].first, reduce ? TupleGet(item, "@") : item, item_env);
      if (key.IsUndefined()) continue;
      if (!key.IsString()) {
        throw Error("T1003", "key in object structure must evaluate to a string", position);
      }
      if (Group* g = find(key.AsString())) {
        if (g->expr_index != pi) {
          throw Error("D1009", "multiple key definitions evaluate to same key: '" + std::string(key.AsString()) + "'",
                      position);
        }
        g->data = AppendValues(g->data, item);
        continue;
      }
      groups.push_back(Group{key, item, pi});
      if (!index.empty()) {
        index.emplace(groups.back().key.AsString(), groups.size() - 1);
      } else if (groups.size() > 8) {
        for (size_t gi = 0; gi < groups.size(); ++gi) index.emplace(groups[gi].key.AsString(), gi);
      }
    }
  }
  Value result = NewObject();
  ObjectData* obj = result.Object();
  for (Group& group : groups) {
    Value context = group.data;
    FrameRef tuple_env;
    Frame* value_env = env;
    if (reduce) {
      Value tuple;
      if (!group.data.IsArray()) {
        tuple = CopyTuple(group.data);
      } else {
        tuple = CopyTuple(group.data.At(0));
        for (size_t i = 1; i < group.data.Size(); ++i) {
          group.data.At(i).ForEachMember([&](std::string_view k, const Value& v) {
            tuple.Object()->Set(k, AppendValues(tuple.Get(k), v));
          });
        }
      }
      context = tuple.Get("@");
      tuple.Object()->Erase("@");
      tuple_env = FrameFromTuple(env, tuple);
      value_env = tuple_env.get();
    }
    Value value = Eval(pairs[group.expr_index].second, context, value_env);
    if (value.IsDefined()) obj->AppendNew(group.key.AsString(), std::move(value));
  }
  return result;
}

Value Evaluator::EvalWildcard(const Value& input_value) {
  Value input = input_value;
  if (input.IsOuterWrapper() && input.Size() > 0) input = input.At(0);
  Value results = NewSequence();
  if (input.IsObject() || input.IsArray()) {
    auto visit = [&](const Value& v) {
      if (v.IsArray()) {
        std::vector<Value> flat;
        Flatten(v, flat, 0);
        ArrayData* a = results.Array();
        a->sequence = false;  // the reference's append yields a plain array
        for (Value& f : flat) a->items.push_back(std::move(f));
      } else {
        results.Array()->items.push_back(v);
      }
    };
    if (input.IsArray()) {
      ForEachItem(input, visit);
    } else {
      input.ForEachMember([&](std::string_view, const Value& v) { visit(v); });
    }
  }
  return results;
}

Value Evaluator::EvalDescendants(const Value& input) {
  if (input.IsUndefined()) return Value();
  Value results = NewSequence();
  RecurseDescendants(input, results.Array()->items, 0);
  if (results.Size() == 1) return results.At(0);
  return results;
}

Value Evaluator::EvalSort(const Node* step, const Value& input, Frame* env) {
  if (!input.IsArray()) return input;
  size_t n = input.Size();
  if (n <= 1) return input;
  bool tuple_sort = input.IsTupleStream();
  std::vector<Value> items;
  items.reserve(n);
  ForEachItem(input, [&](const Value& v) { items.push_back(v); });
  // Sort keys, evaluated once per item and term.
  std::vector<std::vector<std::optional<Value>>> keys(step->sort_terms.size(), std::vector<std::optional<Value>>(n));
  auto key_of = [&](size_t term, size_t i) -> const Value& {
    std::optional<Value>& slot = keys[term][i];
    if (!slot) {
      if (tuple_sort) {
        FrameRef frame = FrameFromTuple(env, items[i]);
        slot = Eval(step->sort_terms[term].expr, TupleGet(items[i], "@"), frame.get());
      } else {
        slot = Eval(step->sort_terms[term].expr, items[i], env);
      }
    }
    return *slot;
  };
  std::vector<Value> indices;
  indices.reserve(n);
  for (size_t i = 0; i < n; ++i) indices.push_back(Value::Number(static_cast<double>(i)));
  MergeSort(indices, [&](const Value& va, const Value& vb) {
    auto a = static_cast<size_t>(va.AsNumber());
    auto b = static_cast<size_t>(vb.AsNumber());
    int comp = 0;
    for (size_t t = 0; comp == 0 && t < step->sort_terms.size(); ++t) {
      const Value& aa = key_of(t, a);
      const Value& bb = key_of(t, b);
      if (aa.IsUndefined()) {
        comp = bb.IsUndefined() ? 0 : 1;
        continue;
      }
      if (bb.IsUndefined()) {
        comp = -1;
        continue;
      }
      if (!(aa.IsString() || aa.IsNumber()) || !(bb.IsString() || bb.IsNumber())) {
        throw Error("T2008", "the expressions within an order-by clause must evaluate to numeric or string values",
                    step->position);
      }
      if (aa.type() != bb.type()) {
        throw Error("T2007", "type mismatch when comparing values in order-by clause", step->position);
      }
      if (aa.IsNumber()) {
        if (aa.AsNumber() == bb.AsNumber()) continue;
        comp = aa.AsNumber() < bb.AsNumber() ? -1 : 1;
      } else {
        int c = aa.AsString().compare(bb.AsString());
        if (c == 0) continue;
        comp = c < 0 ? -1 : 1;
      }
      if (step->sort_terms[t].descending) comp = -comp;
    }
    return comp == 1;
  });
  Value result = NewArray();
  std::vector<Value>& out = result.Array()->items;
  out.reserve(n);
  for (const Value& idx : indices) out.push_back(items[static_cast<size_t>(idx.AsNumber())]);
  return result;
}

Value Evaluator::EvalBlock(const Node* expr, const Value& input, Frame* env) {
  FrameRef frame = NewFrame(env);
  Value result;
  for (const Node* e : expr->expressions) result = Eval(e, input, frame.get());
  return result;
}

Value Evaluator::EvalCondition(const Node* expr, const Value& input, Frame* env) {
  Value condition = Eval(expr->condition, input, env);
  if (Boolize(condition)) return Eval(expr->then_branch, input, env);
  if (expr->else_branch) return Eval(expr->else_branch, input, env);
  return Value();
}

// ---------------------------------------------------------------------------------------------------------
// Functions

Value Evaluator::EvalFunction(const Node* expr, const Value& input, Frame* env, const Value* applyto) {
  Value proc = Eval(expr->procedure, input, env);
  if (proc.IsUndefined() && expr->procedure->type == NodeType::kPath &&
      Lookup(expr->procedure->steps[0]->str, kUnresolvedBuiltin, env).IsDefined()) {
    throw Error("T1005",
                "attempted to invoke a non-function; did you mean '$" + expr->procedure->steps[0]->str + "'?",
                expr->position, expr->procedure->steps[0]->str);
  }
  std::vector<Value> args;
  args.reserve(expr->arguments.size() + (applyto ? 1 : 0));
  if (applyto) args.push_back(*applyto);
  for (const Node* arg : expr->arguments) args.push_back(Eval(arg, input, env));
  try {
    return Apply(proc, std::move(args), input, env);
  } catch (Error& e) {
    if (e.position < 0) e.position = expr->position;
    if (e.token.empty()) e.token = ProcedureName(expr->procedure);
    throw;
  }
}

Value Evaluator::EvalPartial(const Node* expr, const Value& input, Frame* env) {
  auto* partial = new PartialFn();
  Value result = Value::Heap(Value::Type::kFunction, partial);
  for (const Node* arg : expr->arguments) {
    if (arg->type == NodeType::kPlaceholder) {
      partial->args.emplace_back();
      partial->holes.push_back(true);
    } else {
      partial->args.push_back(Eval(arg, input, env));
      partial->holes.push_back(false);
    }
  }
  Value proc = Eval(expr->procedure, input, env);
  if (proc.IsUndefined() && expr->procedure->type == NodeType::kPath &&
      Lookup(expr->procedure->steps[0]->str, kUnresolvedBuiltin, env).IsDefined()) {
    throw Error("T1007",
                "attempted to partially apply a non-function; did you mean '$" + expr->procedure->steps[0]->str + "'?",
                expr->position, expr->procedure->steps[0]->str);
  }
  if (!proc.IsFunction()) {
    throw Error("T1008", "attempted to partially apply a non-function", expr->position,
                ProcedureName(expr->procedure));
  }
  partial->target = proc;
  // Only as many parameters as the target declares take part.
  int arity = Arity(proc);
  if (arity >= 0 && static_cast<size_t>(arity) < partial->args.size()) {
    partial->args.resize(static_cast<size_t>(arity));
    partial->holes.resize(static_cast<size_t>(arity));
  } else if (arity >= 0) {
    while (partial->args.size() < static_cast<size_t>(arity)) {
      partial->args.emplace_back();
      partial->holes.push_back(false);
    }
  }
  return result;
}

Value Evaluator::EvalApplyOp(const Node* expr, const Value& input, Frame* env) {
  Value lhs = Eval(expr->lhs, input, env);
  if (expr->rhs->type == NodeType::kFunction) return EvalFunction(expr->rhs, input, env, &lhs);
  Value fn = Eval(expr->rhs, input, env);
  if (!fn.IsFunction()) {
    throw Error("T2006", "the right side of the function application operator ~> must be a function",
                expr->position, "~>");
  }
  if (lhs.IsFunction()) return Value::Heap(Value::Type::kFunction, new ChainFn(lhs, fn));
  return Apply(fn, {lhs}, Value::Null(), env);
}

int Evaluator::Arity(const Value& fn) const {
  if (fn.IsBuiltin()) return GetBuiltin(static_cast<int>(fn.BuiltinIndex())).arity;
  if (fn.IsNative()) {
    int arity = static_cast<const Bindings::Entry*>(fn.NativePtr())->arity;
    return arity >= 0 ? arity : 4;
  }
  const FunctionData* f = fn.Function();
  if (!f) return 0;
  switch (f->kind) {
    case FunctionData::Kind::kLambda:
      return static_cast<int>(static_cast<const LambdaFn*>(f)->node->arguments.size());
    case FunctionData::Kind::kPartial: {
      int holes = 0;
      for (bool h : static_cast<const PartialFn*>(f)->holes) holes += h ? 1 : 0;
      return holes;
    }
    case FunctionData::Kind::kRegex:
      return 2;
    case FunctionData::Kind::kMatchNext:
      return 0;
    case FunctionData::Kind::kTransform:
    case FunctionData::Kind::kChain:
      return 1;
  }
  return 0;
}

Value Evaluator::Apply(const Value& proc, std::vector<Value> args, const Value& input, Frame* env) {
  Value result = ApplyInner(proc, args, input, env);
  for (;;) {
    const FunctionData* f = result.Function();
    if (!f || f->kind != FunctionData::Kind::kLambda) break;
    const auto* thunk = static_cast<const LambdaFn*>(f);
    if (!thunk->node->thunk) break;
    Value keep = result;  // the thunk stays alive while its call is evaluated
    const Node* call = thunk->node->body;
    Value next = Eval(call->procedure, thunk->input, thunk->env.get());
    std::vector<Value> next_args;
    next_args.reserve(call->arguments.size());
    for (const Node* arg : call->arguments) next_args.push_back(Eval(arg, thunk->input, thunk->env.get()));
    try {
      result = ApplyInner(next, next_args, input, env);
    } catch (Error& e) {
      if (e.position < 0) e.position = call->position;
      if (e.token.empty()) e.token = ProcedureName(call->procedure);
      throw;
    }
  }
  return result;
}

Value Evaluator::ApplyInner(const Value& proc, std::vector<Value>& args, const Value& input, Frame* env) {
  if (!proc.IsFunction()) throw Error("T1006", "attempted to invoke a non-function");
  if (proc.IsBuiltin()) {
    int index = static_cast<int>(proc.BuiltinIndex());
    std::vector<Value> validated = GetBuiltinSignature(index).Validate(args, input);
    return GetBuiltin(index).fn(*this, validated, input, env);
  }
  if (proc.IsNative()) {
    const auto* entry = static_cast<const Bindings::Entry*>(proc.NativePtr());
    std::vector<Value> validated = entry->signature ? entry->signature->Validate(args, input) : args;
    std::vector<std::optional<Json>> json_args;
    json_args.reserve(validated.size());
    for (const Value& v : validated) json_args.push_back(ToJson(v));
    std::optional<Json> out = entry->function(json_args);
    if (!out) return Value();
    auto holder = std::make_shared<Json>(std::move(*out));
    auto program = std::make_shared<Program>();
    program->nodes.push_back(std::make_unique<Node>());
    program->nodes.back()->literal = std::move(*holder);
    eval_programs_.push_back(program);
    const Json& literal = program->nodes.back()->literal;
    if (entry->result != NativeResult::kSequence || !literal.is_array()) return Value::FromJson(&literal);
    Value sequence = NewSequence();
    for (const Json& item : literal) ArrayOf(sequence).items.push_back(Value::FromJson(&item));
    return sequence;
  }
  const FunctionData* f = proc.Function();
  switch (f->kind) {
    case FunctionData::Kind::kLambda: {
      const auto* lambda = static_cast<const LambdaFn*>(f);
      if (lambda->node->signature) {
        std::vector<Value> validated = lambda->node->signature->Validate(args, input);
        return ApplyProcedure(*lambda, validated);
      }
      return ApplyProcedure(*lambda, args);
    }
    case FunctionData::Kind::kPartial:
      return ApplyPartial(*static_cast<const PartialFn*>(f), args, input, env);
    case FunctionData::Kind::kRegex: {
      Value subject = args.empty() ? Value() : args[0];
      if (!subject.IsString()) return Value();
      size_t start = 0;
      if (args.size() > 1 && args[1].IsNumber()) {
        // Convert a UTF-16 offset to a byte offset.
        auto target = static_cast<size_t>(std::max(0.0, args[1].AsNumber()));
        std::string_view s = subject.AsString();
        while (start < s.size() && Utf16Length(s, start) < target) {
          ++start;
          while (start < s.size() && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) ++start;
        }
      }
      return ApplyRegex(static_cast<const RegexFn*>(f)->regex, subject, start);
    }
    case FunctionData::Kind::kMatchNext: {
      const auto* next = static_cast<const MatchNextFn*>(f);
      if (next->last_index >= next->subject.AsString().size()) return Value();
      Value m = ApplyRegex(next->regex, next->subject, next->last_index);
      if (m.IsObject() && m.Get("match").AsString().empty()) {
        throw Error("D1004", "regular expression matches zero length string");
      }
      return m;
    }
    case FunctionData::Kind::kTransform: {
      std::vector<Value> validated = TransformSignature().Validate(args, input);
      return ApplyTransform(*static_cast<const TransformFn*>(f), validated.empty() ? Value() : validated[0]);
    }
    case FunctionData::Kind::kChain: {
      const auto* chain = static_cast<const ChainFn*>(f);
      Value x = args.empty() ? Value() : args[0];
      Value mid = Apply(chain->first, {x}, Value::Null(), env);
      return Apply(chain->second, {mid}, Value::Null(), env);
    }
  }
  throw Error("T1006", "attempted to invoke a non-function");
}

Value Evaluator::ApplyProcedure(const LambdaFn& lambda, const std::vector<Value>& args) {
  FrameRef frame = NewFrame(lambda.env.get());
  const auto& params = lambda.node->arguments;
  for (size_t i = 0; i < params.size(); ++i) frame->Bind(params[i]->str, i < args.size() ? args[i] : Value());
  return Eval(lambda.node->body, lambda.input, frame.get());
}

Value Evaluator::ApplyPartial(const PartialFn& partial, const std::vector<Value>& args, const Value& input,
                              Frame* env) {
  std::vector<Value> full;
  full.reserve(partial.args.size());
  size_t next = 0;
  for (size_t i = 0; i < partial.args.size(); ++i) {
    if (partial.holes[i]) {
      full.push_back(next < args.size() ? args[next] : Value());
      ++next;
    } else {
      full.push_back(partial.args[i]);
    }
  }
  if (const FunctionData* f = partial.target.Function(); f && f->kind == FunctionData::Kind::kLambda) {
    return ApplyProcedure(*static_cast<const LambdaFn*>(f), full);
  }
  while (!full.empty() && full.back().IsUndefined()) full.pop_back();
  return ApplyInner(partial.target, full, input, env);
}

Value Evaluator::ApplyRegex(const std::shared_ptr<const Regex>& regex, const Value& subject, size_t start) {
  std::string_view s = subject.AsString();
  std::optional<RegexMatch> m = regex->Exec(s, start);
  if (!m) return Value();
  Value result = NewObject();
  ObjectData* obj = result.Object();
  obj->Set("match", Value::String(std::string(s.substr(m->start, m->end - m->start))));
  obj->Set("start", Value::Number(static_cast<double>(Utf16Length(s, m->start))));
  obj->Set("end", Value::Number(static_cast<double>(Utf16Length(s, m->end))));
  Value groups = NewArray();
  for (const auto& g : m->groups) {
    groups.Array()->items.push_back(g ? Value::String(std::string(s.substr(g->first, g->second - g->first)))
                                      : Value::String(""));
  }
  obj->Set("groups", groups);
  auto* next = new MatchNextFn();
  next->regex = regex;
  next->subject = subject;
  next->last_index = m->end;
  obj->Set("next", Value::Heap(Value::Type::kFunction, next));
  return result;
}

Value Evaluator::ApplyTransform(const TransformFn& fn, const Value& arg) {
  if (arg.IsUndefined()) return Value();
  const Node* node = fn.node;
  Frame* env = fn.env.get();
  Value result = CloneValue(arg);
  Value matches = Eval(node->pattern, result, env);
  if (matches.IsUndefined()) return result;
  if (!matches.IsArray()) matches = NewSequence(matches);
  size_t n = matches.Size();
  for (size_t i = 0; i < n; ++i) {
    Value match = matches.At(i);
    Value update = Eval(node->update, match, env);
    if (update.IsDefined()) {
      if (!update.IsObject()) {
        throw Error("T2011", "the insert/update clause of the transform expression must evaluate to an object",
                    node->update->position);
      }
      if (ObjectData* target = match.Object()) {
        update.ForEachMember([&](std::string_view k, const Value& v) { target->Set(k, v); });
      }
    }
    if (node->deletion) {
      Value deletions = Eval(node->deletion, match, env);
      if (deletions.IsUndefined()) continue;
      if (!deletions.IsArray()) deletions = NewSequence(deletions);
      if (!IsArrayOfStrings(deletions)) {
        throw Error("T2012", "the delete clause of the transform expression must evaluate to a string or array of strings",
                    node->deletion->position);
      }
      if (ObjectData* target = match.Object()) {
        size_t dn = deletions.Size();
        for (size_t k = 0; k < dn; ++k) target->Erase(deletions.At(k).AsString());
      }
    }
  }
  return result;
}

Value Evaluator::EvalString(std::string_view source, const Value& input, Frame* env) {
  std::shared_ptr<const Program> program;
  try {
    program = Parse(source);
  } catch (const Error& e) {
    throw Error("D3120", std::string("syntax error in expression passed to $eval: ") + e.what());
  }
  eval_programs_.push_back(program);
  try {
    return Eval(program->root, input, env);
  } catch (const Error& e) {
    if (e.code == "U1001") throw;
    throw Error("D3121", std::string("dynamic error evaluating the expression passed to $eval: ") + e.what());
  }
}

}  // namespace sfn::jsonata
