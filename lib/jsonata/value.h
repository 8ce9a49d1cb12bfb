// The runtime value of the JSONata evaluator.
//
// A Value is undefined, null, a boolean, a number, a string, an array, an object or a function. Values that
// come from a JSON document are borrowed (a pointer into the document, never copied); values computed during
// an evaluation live on the heap with a non-atomic reference count, since one evaluation runs on one thread.
// Arrays carry the flags of the reference implementation's sequences (sequence, cons, keepSingleton,
// outerWrapper, tupleStream), which drive singleton flattening.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/json.h"

namespace sfn::jsonata {

struct HeapObject {
  int refs = 0;
  HeapObject() = default;
  HeapObject(const HeapObject&) = delete;
  HeapObject& operator=(const HeapObject&) = delete;
  virtual ~HeapObject() = default;
};

struct ArrayData;
struct ObjectData;
struct StringData;
struct FunctionData;

class Value {
 public:
  enum class Type : uint8_t { kUndefined, kNull, kBool, kNumber, kString, kArray, kObject, kFunction };

  Value() : type_(Type::kUndefined), rep_(Rep::kInline) { n_ = 0; }
  Value(const Value& other) : type_(other.type_), rep_(other.rep_), n_(other.n_) {
    if (rep_ == Rep::kHeap) ++h_->refs;
  }
  Value(Value&& other) noexcept : type_(other.type_), rep_(other.rep_), n_(other.n_) {
    other.type_ = Type::kUndefined;
    other.rep_ = Rep::kInline;
  }
  Value& operator=(const Value& other) {
    if (this != &other) {
      if (other.rep_ == Rep::kHeap) ++other.h_->refs;
      Release();
      type_ = other.type_;
      rep_ = other.rep_;
      n_ = other.n_;
    }
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    if (this != &other) {
      Release();
      type_ = other.type_;
      rep_ = other.rep_;
      n_ = other.n_;
      other.type_ = Type::kUndefined;
      other.rep_ = Rep::kInline;
    }
    return *this;
  }
  ~Value() { Release(); }

  static Value Null() { return Value(Type::kNull); }
  static Value Bool(bool b) {
    Value v(Type::kBool);
    v.b_ = b;
    return v;
  }
  static Value Number(double d) {
    Value v(Type::kNumber);
    v.d_ = d;
    return v;
  }
  static Value String(std::string s);
  // Borrows a string that outlives the evaluation (a document or the expression).
  static Value StringRef(const std::string* s) {
    Value v(Type::kString);
    v.rep_ = Rep::kBorrowed;
    v.s_ = s;
    return v;
  }
  // Borrows a JSON node that outlives the evaluation; scalars are converted in place.
  static Value FromJson(const Json* j);
  static Value Heap(Type type, HeapObject* h) {
    Value v(type);
    v.rep_ = Rep::kHeap;
    v.h_ = h;
    ++h->refs;
    return v;
  }
  static Value Builtin(uint32_t index) {
    Value v(Type::kFunction);
    v.rep_ = Rep::kBuiltin;
    v.n_ = index;
    return v;
  }
  static Value NativeRef(const void* native) {
    Value v(Type::kFunction);
    v.rep_ = Rep::kNative;
    v.p_ = native;
    return v;
  }

  Type type() const { return type_; }
  bool IsUndefined() const { return type_ == Type::kUndefined; }
  bool IsDefined() const { return type_ != Type::kUndefined; }
  bool IsNull() const { return type_ == Type::kNull; }
  bool IsBool() const { return type_ == Type::kBool; }
  bool IsNumber() const { return type_ == Type::kNumber; }
  bool IsString() const { return type_ == Type::kString; }
  bool IsArray() const { return type_ == Type::kArray; }
  bool IsObject() const { return type_ == Type::kObject; }
  bool IsFunction() const { return type_ == Type::kFunction; }

  // Accessors are safe on any type: non-booleans read false, non-numbers NaN, non-strings "".
  bool AsBool() const { return type_ == Type::kBool && b_; }
  double AsNumber() const { return type_ == Type::kNumber ? d_ : std::numeric_limits<double>::quiet_NaN(); }
  std::string_view AsString() const;

  // Arrays.
  bool IsHeapArray() const { return type_ == Type::kArray && rep_ == Rep::kHeap; }
  ArrayData* Array() const { return IsHeapArray() ? reinterpret_cast<ArrayData*>(h_) : nullptr; }
  size_t Size() const;  // arrays: element count; objects: member count
  Value At(size_t i) const;
  bool IsSequence() const;
  bool IsTupleStream() const;
  bool IsCons() const;
  bool IsOuterWrapper() const;

  // Objects.
  ObjectData* Object() const {
    return type_ == Type::kObject && rep_ == Rep::kHeap ? reinterpret_cast<ObjectData*>(h_) : nullptr;
  }
  Value Get(std::string_view key) const;  // undefined when absent
  template <typename F>
  void ForEachMember(F&& f) const;

  // Functions.
  bool IsBuiltin() const { return rep_ == Rep::kBuiltin; }
  uint32_t BuiltinIndex() const { return static_cast<uint32_t>(n_); }
  bool IsNative() const { return rep_ == Rep::kNative; }
  const void* NativePtr() const { return p_; }
  FunctionData* Function() const {
    return type_ == Type::kFunction && rep_ == Rep::kHeap ? reinterpret_cast<FunctionData*>(h_) : nullptr;
  }

  const Json* BorrowedJson() const { return rep_ == Rep::kBorrowed && type_ != Type::kString ? j_ : nullptr; }
  bool SameIdentity(const Value& other) const { return rep_ == other.rep_ && n_ == other.n_; }

 private:
  enum class Rep : uint8_t { kInline, kBorrowed, kHeap, kBuiltin, kNative };
  explicit Value(Type t) : type_(t), rep_(Rep::kInline) { n_ = 0; }
  void Release() {
    if (rep_ == Rep::kHeap && --h_->refs == 0) delete h_;
  }

  Type type_;
  Rep rep_;
  union {
    bool b_;
    double d_;
    uint64_t n_;
    const Json* j_;
    const std::string* s_;
    const void* p_;
    HeapObject* h_;
  };
};

struct StringData : HeapObject {
  std::string text;
  explicit StringData(std::string s) : text(std::move(s)) {}
};

struct ArrayData : HeapObject {
  std::vector<Value> items;
  bool sequence = false;
  bool cons = false;
  bool keep_singleton = false;
  bool outer_wrapper = false;
  bool tuple_stream = false;
};

struct ObjectData : HeapObject {
  std::vector<std::pair<std::string, Value>> members;
  std::unique_ptr<std::unordered_map<std::string, size_t>> index;

  const Value* Find(std::string_view key) const;
  void Set(std::string_view key, Value v);
  void AppendNew(std::string_view key, Value v);  // the key must not be present yet
  void Erase(std::string_view key);
};

// Base of every computed function (lambda, partial application, regex, transform, ...); the evaluator
// dispatches on `kind`.
struct FunctionData : HeapObject {
  enum class Kind : uint8_t { kLambda, kPartial, kRegex, kMatchNext, kTransform, kChain };
  Kind kind;
  explicit FunctionData(Kind k) : kind(k) {}
};

inline Value Value::String(std::string s) { return Heap(Type::kString, new StringData(std::move(s))); }

inline std::string_view Value::AsString() const {
  if (type_ != Type::kString) return {};
  if (rep_ == Rep::kBorrowed) return *s_;
  return static_cast<StringData*>(h_)->text;
}

inline Value Value::FromJson(const Json* j) {
  switch (j->type()) {
    case Json::value_t::null:
      return Null();
    case Json::value_t::boolean:
      return Bool(j->get<bool>());
    case Json::value_t::number_integer:
      return Number(static_cast<double>(j->get<int64_t>()));
    case Json::value_t::number_unsigned:
      return Number(static_cast<double>(j->get<uint64_t>()));
    case Json::value_t::number_float:
      return Number(j->get<double>());
    case Json::value_t::string:
      return StringRef(&j->get_ref<const std::string&>());
    case Json::value_t::array: {
      Value v(Type::kArray);
      v.rep_ = Rep::kBorrowed;
      v.j_ = j;
      return v;
    }
    case Json::value_t::object: {
      Value v(Type::kObject);
      v.rep_ = Rep::kBorrowed;
      v.j_ = j;
      return v;
    }
    default:
      return Value();
  }
}

inline size_t Value::Size() const {
  if (rep_ == Rep::kBorrowed) return j_->size();
  if (type_ == Type::kArray) return reinterpret_cast<ArrayData*>(h_)->items.size();
  if (type_ == Type::kObject) return reinterpret_cast<ObjectData*>(h_)->members.size();
  return 0;
}

inline Value Value::At(size_t i) const {
  if (rep_ == Rep::kBorrowed) return FromJson(&(*j_)[i]);
  return reinterpret_cast<ArrayData*>(h_)->items[i];
}

inline bool Value::IsSequence() const { return IsHeapArray() && reinterpret_cast<ArrayData*>(h_)->sequence; }
inline bool Value::IsTupleStream() const {
  return IsHeapArray() && reinterpret_cast<ArrayData*>(h_)->tuple_stream;
}
inline bool Value::IsCons() const { return IsHeapArray() && reinterpret_cast<ArrayData*>(h_)->cons; }
inline bool Value::IsOuterWrapper() const {
  return IsHeapArray() && reinterpret_cast<ArrayData*>(h_)->outer_wrapper;
}

template <typename F>
void Value::ForEachMember(F&& f) const {
  if (type_ != Type::kObject) return;
  if (rep_ == Rep::kBorrowed) {
    for (const auto& [key, member] : j_->get_ref<const Json::object_t&>()) f(std::string_view(key), FromJson(&member));
  } else {
    const auto* obj = reinterpret_cast<ObjectData*>(h_);
    for (size_t i = 0; i < obj->members.size(); ++i) {
      f(std::string_view(obj->members[i].first), obj->members[i].second);
    }
  }
}

// Constructors of fresh heap values.
Value NewSequence();
Value NewSequence(Value first);
Value NewArray();
Value NewObject();
inline ArrayData& ArrayOf(const Value& v) { return *v.Array(); }

// Calls f(element) for each element of an array value.
template <typename F>
void ForEachItem(const Value& v, F&& f) {
  if (const ArrayData* a = v.Array()) {
    for (size_t i = 0; i < a->items.size(); ++i) f(a->items[i]);
  } else if (const Json* j = v.BorrowedJson()) {
    for (const auto& item : *j) f(Value::FromJson(&item));
  }
}

// Deep equality as the reference implementation's isDeepEqual (functions compare by identity).
bool DeepEqual(const Value& a, const Value& b, int depth = 0);

// JSONata's effective boolean value; nullopt for undefined.
std::optional<bool> ToBoolean(const Value& v);

}  // namespace sfn::jsonata
