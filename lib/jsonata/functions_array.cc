// Boolean, array, object and higher-order built-ins.
#include <cmath>

#include "jsonata/builtins.h"
#include "jsonata/error.h"
#include "jsonata/evaluator.h"

namespace sfn::jsonata {

namespace {

Value Arg(const std::vector<Value>& args, size_t i) { return i < args.size() ? args[i] : Value(); }

// Arguments for a function passed to a higher-order built-in: as many as it declares.
std::vector<Value> HofArgs(Evaluator& ev, const Value& fn, Value a, Value b, Value c) {
  std::vector<Value> out{std::move(a)};
  int arity = ev.Arity(fn);
  if (arity >= 2) out.push_back(std::move(b));
  if (arity >= 3) out.push_back(std::move(c));
  return out;
}

bool Truthy(const Value& v) { return ToBoolean(v).value_or(false); }

// JavaScript truthiness, used for $sort comparators.
bool JsTruthy(const Value& v) {
  switch (v.type()) {
    case Value::Type::kUndefined:
    case Value::Type::kNull:
      return false;
    case Value::Type::kBool:
      return v.AsBool();
    case Value::Type::kNumber:
      return v.AsNumber() != 0 && !std::isnan(v.AsNumber());
    case Value::Type::kString:
      return !v.AsString().empty();
    default:
      return true;
  }
}

void CollectKeys(const Value& arg, std::vector<std::string>& keys, int depth) {
  if (depth > 2000) throw Error("U1001", "value nests too deeply");
  if (arg.IsArray()) {
    ForEachItem(arg, [&](const Value& item) { CollectKeys(item, keys, depth + 1); });
  } else if (arg.IsObject()) {
    arg.ForEachMember([&](std::string_view k, const Value&) {
      for (const std::string& existing : keys) {
        if (existing == k) return;
      }
      keys.emplace_back(k);
    });
  }
}

Value Spread(const Value& arg, int depth) {
  if (depth > 2000) throw Error("U1001", "value nests too deeply");
  if (arg.IsArray()) {
    Value result = NewSequence();
    ForEachItem(arg, [&](const Value& item) { result = AppendValues(result, Spread(item, depth + 1)); });
    return result;
  }
  if (arg.IsObject()) {
    Value result = NewSequence();
    arg.ForEachMember([&](std::string_view k, const Value& v) {
      Value obj = NewObject();
      obj.Object()->Set(k, v);
      result.Array()->items.push_back(obj);
    });
    return result;
  }
  return arg;
}

}  // namespace

Value FnBoolean(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  std::optional<bool> b = ToBoolean(Arg(args, 0));
  return b ? Value::Bool(*b) : Value();
}

Value FnNot(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  std::optional<bool> b = ToBoolean(Arg(args, 0));
  return b ? Value::Bool(!*b) : Value();
}

Value FnExists(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  return Value::Bool(Arg(args, 0).IsDefined());
}

Value FnAppend(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  return AppendValues(Arg(args, 0), Arg(args, 1));
}

Value FnReverse(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined() || arr.Size() <= 1) return arr;
  Value out = NewArray();
  std::vector<Value>& items = out.Array()->items;
  for (size_t i = arr.Size(); i-- > 0;) items.push_back(arr.At(i));
  return out;
}

Value FnShuffle(Evaluator& ev, std::vector<Value>& args, const Value&, Frame*) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined() || arr.Size() <= 1) return arr;
  size_t n = arr.Size();
  Value out = NewArray();
  std::vector<Value>& items = out.Array()->items;
  items.resize(n);
  for (size_t i = 0; i < n; ++i) {
    auto j = static_cast<size_t>(std::floor(ev.Random() * static_cast<double>(i + 1)));
    if (j > i) j = i;
    if (i != j) items[i] = items[j];
    items[j] = arr.At(i);
  }
  return out;
}

Value FnDistinct(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined()) return arr;
  if (!arr.IsArray() || arr.Size() <= 1) return arr;
  Value out = arr.IsSequence() ? NewSequence() : NewArray();
  std::vector<Value>& items = out.Array()->items;
  ForEachItem(arr, [&](const Value& v) {
    for (const Value& existing : items) {
      if (DeepEqual(v, existing)) return;
    }
    items.push_back(v);
  });
  return out;
}

Value FnZip(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value result = NewArray();
  if (args.empty()) return result;
  size_t length = SIZE_MAX;
  for (const Value& a : args) length = std::min(length, a.IsArray() ? a.Size() : 0);
  for (size_t i = 0; i < length; ++i) {
    Value tuple = NewArray();
    for (const Value& a : args) tuple.Array()->items.push_back(a.At(i));
    result.Array()->items.push_back(tuple);
  }
  return result;
}

Value FnSort(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined() || arr.Size() <= 1) return arr;
  Value comparator = Arg(args, 1);
  std::vector<Value> items;
  ForEachItem(arr, [&](const Value& v) { items.push_back(v); });
  if (comparator.IsUndefined()) {
    bool numbers = true;
    bool strings = true;
    for (const Value& v : items) {
      numbers = numbers && v.IsNumber();
      strings = strings && v.IsString();
    }
    if (!numbers && !strings) {
      throw Error("D3070", "the single argument form of the sort function can only be applied to an array of strings "
                           "or an array of numbers");
    }
    MergeSort(items, [&](const Value& a, const Value& b) {
      if (numbers) return a.AsNumber() > b.AsNumber();
      return a.AsString() > b.AsString();
    });
  } else {
    MergeSort(items, [&](const Value& a, const Value& b) {
      return JsTruthy(ev.Apply(comparator, {a, b}, Value::Null(), env));
    });
  }
  Value out = NewArray();
  out.Array()->items = std::move(items);
  return out;
}

Value FnKeys(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  std::vector<std::string> keys;
  CollectKeys(Arg(args, 0), keys, 0);
  Value result = NewSequence();
  for (std::string& k : keys) result.Array()->items.push_back(Value::String(std::move(k)));
  return result;
}

Value FnLookup(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  return LookupField(Arg(args, 0), Arg(args, 1).AsString());
}

Value FnSpread(Evaluator&, std::vector<Value>& args, const Value&, Frame*) { return Spread(Arg(args, 0), 0); }

Value FnMerge(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  Value result = NewObject();
  ForEachItem(arr, [&](const Value& obj) {
    obj.ForEachMember([&](std::string_view k, const Value& v) { result.Object()->Set(k, v); });
  });
  return result;
}

Value FnSift(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value obj = Arg(args, 0);
  Value fn = Arg(args, 1);
  Value result = NewObject();
  obj.ForEachMember([&](std::string_view k, const Value& v) {
    Value res = ev.Apply(fn, HofArgs(ev, fn, v, Value::String(std::string(k)), obj), Value::Null(), env);
    if (Truthy(res)) result.Object()->Set(k, v);
  });
  if (result.Size() == 0) return Value();
  return result;
}

Value FnEach(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value obj = Arg(args, 0);
  Value fn = Arg(args, 1);
  Value result = NewSequence();
  obj.ForEachMember([&](std::string_view k, const Value& v) {
    Value res = ev.Apply(fn, HofArgs(ev, fn, v, Value::String(std::string(k)), obj), Value::Null(), env);
    if (res.IsDefined()) result.Array()->items.push_back(res);
  });
  return result;
}

Value FnError(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value message = Arg(args, 0);
  throw Error("D3137", message.IsString() && !message.AsString().empty() ? std::string(message.AsString())
                                                                          : "$error() function evaluated");
}

Value FnAssert(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value condition = Arg(args, 0);
  if (!condition.IsBool() || !condition.AsBool()) {
    Value message = Arg(args, 1);
    throw Error("D3141", message.IsString() && !message.AsString().empty() ? std::string(message.AsString())
                                                                            : "$assert() statement failed");
  }
  return Value();
}

Value FnType(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value v = Arg(args, 0);
  switch (v.type()) {
    case Value::Type::kUndefined:
      return Value();
    case Value::Type::kNull:
      return Value::String("null");
    case Value::Type::kNumber:
      return Value::String("number");
    case Value::Type::kString:
      return Value::String("string");
    case Value::Type::kBool:
      return Value::String("boolean");
    case Value::Type::kArray:
      return Value::String("array");
    case Value::Type::kFunction:
      return Value::String("function");
    case Value::Type::kObject:
      return Value::String("object");
  }
  return Value();
}

Value FnClone(Evaluator&, std::vector<Value>& args, const Value&, Frame*) {
  Value v = Arg(args, 0);
  if (v.IsUndefined()) return v;
  return CloneValue(v);
}

Value FnMap(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  Value fn = Arg(args, 1);
  Value result = NewSequence();
  size_t n = arr.Size();
  for (size_t i = 0; i < n; ++i) {
    Value res = ev.Apply(fn, HofArgs(ev, fn, arr.At(i), Value::Number(static_cast<double>(i)), arr), Value::Null(), env);
    if (res.IsDefined()) result.Array()->items.push_back(std::move(res));
  }
  return result;
}

Value FnFilter(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  Value fn = Arg(args, 1);
  Value result = NewSequence();
  size_t n = arr.Size();
  for (size_t i = 0; i < n; ++i) {
    Value item = arr.At(i);
    Value res = ev.Apply(fn, HofArgs(ev, fn, item, Value::Number(static_cast<double>(i)), arr), Value::Null(), env);
    if (Truthy(res)) result.Array()->items.push_back(item);
  }
  return result;
}

Value FnSingle(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  Value fn = Arg(args, 1);
  bool found = false;
  Value result;
  size_t n = arr.Size();
  for (size_t i = 0; i < n; ++i) {
    Value item = arr.At(i);
    bool positive = true;
    if (fn.IsDefined()) {
      Value res = ev.Apply(fn, HofArgs(ev, fn, item, Value::Number(static_cast<double>(i)), arr), Value::Null(), env);
      positive = Truthy(res);
    }
    if (positive) {
      if (found) throw Error("D3138", "the $single() function expected exactly 1 matching result; instead it matched more");
      result = item;
      found = true;
    }
  }
  if (!found) throw Error("D3139", "the $single() function expected exactly 1 matching result; instead it matched 0");
  return result;
}

Value FnReduce(Evaluator& ev, std::vector<Value>& args, const Value&, Frame* env) {
  Value arr = Arg(args, 0);
  if (arr.IsUndefined()) return Value();
  Value fn = Arg(args, 1);
  Value init = Arg(args, 2);
  int arity = ev.Arity(fn);
  if (arity < 2) {
    throw Error("D3050", "the second argument of reduce function must be a function with at least two arguments");
  }
  size_t n = arr.Size();
  size_t index = 0;
  Value result;
  if (init.IsUndefined() && n > 0) {
    result = arr.At(0);
    index = 1;
  } else {
    result = init;
  }
  for (; index < n; ++index) {
    std::vector<Value> call_args{result, arr.At(index)};
    if (arity >= 3) call_args.push_back(Value::Number(static_cast<double>(index)));
    if (arity >= 4) call_args.push_back(arr);
    result = ev.Apply(fn, std::move(call_args), Value::Null(), env);
  }
  return result;
}

}  // namespace sfn::jsonata
