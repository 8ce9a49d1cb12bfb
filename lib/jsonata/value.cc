#include "jsonata/value.h"

#include <cmath>

namespace sfn::jsonata {

namespace {
constexpr size_t kIndexThreshold = 12;
constexpr int kMaxCompareDepth = 2000;
}  // namespace

Value Value::Get(std::string_view key) const {
  if (type_ != Type::kObject) return Value();
  if (rep_ == Rep::kBorrowed) {
    for (const auto& [k, member] : j_->get_ref<const Json::object_t&>()) {
      if (k == key) return FromJson(&member);
    }
    return Value();
  }
  const Value* found = reinterpret_cast<ObjectData*>(h_)->Find(key);
  return found ? *found : Value();
}

const Value* ObjectData::Find(std::string_view key) const {
  if (index) {
    auto it = index->find(std::string(key));
    return it == index->end() ? nullptr : &members[it->second].second;
  }
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

void ObjectData::Set(std::string_view key, Value v) {
  if (const Value* found = Find(key)) {
    *const_cast<Value*>(found) = std::move(v);
    return;
  }
  AppendNew(key, std::move(v));
}

void ObjectData::AppendNew(std::string_view key, Value v) {
  members.emplace_back(std::string(key), std::move(v));
  if (index) {
    index->emplace(members.back().first, members.size() - 1);
  } else if (members.size() > kIndexThreshold) {
    index = std::make_unique<std::unordered_map<std::string, size_t>>();
    for (size_t i = 0; i < members.size(); ++i) index->emplace(members[i].first, i);
  }
}

void ObjectData::Erase(std::string_view key) {
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i].first == key) {
      members.erase(members.begin() + static_cast<std::ptrdiff_t>(i));
      if (index) {
        index->clear();
        for (size_t j = 0; j < members.size(); ++j) index->emplace(members[j].first, j);
      }
      return;
    }
  }
}

Value NewSequence() {
  auto* a = new ArrayData();
  a->sequence = true;
  return Value::Heap(Value::Type::kArray, a);
}

Value NewSequence(Value first) {
  auto* a = new ArrayData();
  a->sequence = true;
  a->items.push_back(std::move(first));
  return Value::Heap(Value::Type::kArray, a);
}

Value NewArray() { return Value::Heap(Value::Type::kArray, new ArrayData()); }

Value NewObject() { return Value::Heap(Value::Type::kObject, new ObjectData()); }

bool DeepEqual(const Value& a, const Value& b, int depth) {
  if (depth > kMaxCompareDepth) return false;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::Type::kUndefined:
    case Value::Type::kNull:
      return true;
    case Value::Type::kBool:
      return a.AsBool() == b.AsBool();
    case Value::Type::kNumber:
      return a.AsNumber() == b.AsNumber();
    case Value::Type::kString:
      return a.AsString() == b.AsString();
    case Value::Type::kFunction:
      return a.SameIdentity(b);
    case Value::Type::kArray: {
      if (a.SameIdentity(b)) return true;
      size_t n = a.Size();
      if (n != b.Size()) return false;
      for (size_t i = 0; i < n; ++i) {
        if (!DeepEqual(a.At(i), b.At(i), depth + 1)) return false;
      }
      return true;
    }
    case Value::Type::kObject: {
      if (a.SameIdentity(b)) return true;
      if (a.Size() != b.Size()) return false;
      bool equal = true;
      a.ForEachMember([&](std::string_view key, const Value& v) {
        if (!equal) return;
        Value other = b.Get(key);
        if (other.IsUndefined() || !DeepEqual(v, other, depth + 1)) equal = false;
      });
      return equal;
    }
  }
  return false;
}

std::optional<bool> ToBoolean(const Value& v) {
  switch (v.type()) {
    case Value::Type::kUndefined:
      return std::nullopt;
    case Value::Type::kNull:
      return false;
    case Value::Type::kBool:
      return v.AsBool();
    case Value::Type::kNumber:
      return v.AsNumber() != 0 && !std::isnan(v.AsNumber());
    case Value::Type::kString:
      return !v.AsString().empty();
    case Value::Type::kObject:
      return v.Size() > 0;
    case Value::Type::kFunction:
      return false;
    case Value::Type::kArray: {
      size_t n = v.Size();
      if (n == 1) return ToBoolean(v.At(0)).value_or(false);
      for (size_t i = 0; i < n; ++i) {
        if (ToBoolean(v.At(i)).value_or(false)) return true;
      }
      return false;
    }
  }
  return false;
}

}  // namespace sfn::jsonata
