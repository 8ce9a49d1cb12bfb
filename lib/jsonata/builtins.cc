#include "jsonata/builtins.h"

#include <cmath>

#include "jsonata/error.h"
#include "jsonata/js_number.h"

namespace sfn::jsonata {

namespace {

// Name, signature, arity (the reference implementation's declared parameter count), implementation.
constexpr BuiltinInfo kBuiltins[] = {
    {"sum", "<a<n>:n>", 1, FnSum},
    {"count", "<a:n>", 1, FnCount},
    {"max", "<a<n>:n>", 1, FnMax},
    {"min", "<a<n>:n>", 1, FnMin},
    {"average", "<a<n>:n>", 1, FnAverage},
    {"string", "<x-b?:s>", 1, FnString},
    {"substring", "<s-nn?:s>", 3, FnSubstring},
    {"substringBefore", "<s-s:s>", 2, FnSubstringBefore},
    {"substringAfter", "<s-s:s>", 2, FnSubstringAfter},
    {"lowercase", "<s-:s>", 1, FnLowercase},
    {"uppercase", "<s-:s>", 1, FnUppercase},
    {"length", "<s-:n>", 1, FnLength},
    {"trim", "<s-:s>", 1, FnTrim},
    {"pad", "<s-ns?:s>", 3, FnPad},
    {"match", "<s-f<s:o>n?:a<o>>", 3, FnMatch},
    {"contains", "<s-(sf):b>", 2, FnContains},
    {"replace", "<s-(sf)(sf)n?:s>", 4, FnReplace},
    {"split", "<s-(sf)n?:a<s>>", 3, FnSplit},
    {"join", "<a<s>s?:s>", 2, FnJoin},
    {"formatNumber", "<n-so?:s>", 3, FnFormatNumber},
    {"formatBase", "<n-n?:s>", 2, FnFormatBase},
    {"formatInteger", "<n-s:s>", 2, FnFormatInteger},
    {"parseInteger", "<s-s:n>", 2, FnParseInteger},
    {"number", "<(nsb)-:n>", 1, FnNumber},
    {"floor", "<n-:n>", 1, FnFloor},
    {"ceil", "<n-:n>", 1, FnCeil},
    {"round", "<n-n?:n>", 2, FnRound},
    {"abs", "<n-:n>", 1, FnAbs},
    {"sqrt", "<n-:n>", 1, FnSqrt},
    {"power", "<n-n:n>", 2, FnPower},
    {"random", "<:n>", 0, FnRandom},
    {"boolean", "<x-:b>", 1, FnBoolean},
    {"not", "<x-:b>", 1, FnNot},
    {"map", "<af>", 2, FnMap},
    {"zip", "<a+>", 0, FnZip},
    {"filter", "<af>", 2, FnFilter},
    {"single", "<af?>", 2, FnSingle},
    {"reduce", "<afj?:j>", 3, FnReduce},
    {"sift", "<o-f?:o>", 2, FnSift},
    {"keys", "<x-:a<s>>", 1, FnKeys},
    {"lookup", "<x-s:x>", 2, FnLookup},
    {"append", "<xx:a>", 2, FnAppend},
    {"exists", "<x:b>", 1, FnExists},
    {"spread", "<x-:a<o>>", 1, FnSpread},
    {"merge", "<a<o>:o>", 1, FnMerge},
    {"reverse", "<a:a>", 1, FnReverse},
    {"each", "<o-f:a>", 2, FnEach},
    {"error", "<s?:x>", 1, FnError},
    {"assert", "<bs?:x>", 2, FnAssert},
    {"type", "<x:s>", 1, FnType},
    {"sort", "<af?:a>", 2, FnSort},
    {"shuffle", "<a:a>", 1, FnShuffle},
    {"distinct", "<x:x>", 1, FnDistinct},
    {"base64encode", "<s-:s>", 1, FnBase64Encode},
    {"base64decode", "<s-:s>", 1, FnBase64Decode},
    {"encodeUrlComponent", "<s-:s>", 1, FnEncodeUrlComponent},
    {"encodeUrl", "<s-:s>", 1, FnEncodeUrl},
    {"decodeUrlComponent", "<s-:s>", 1, FnDecodeUrlComponent},
    {"decodeUrl", "<s-:s>", 1, FnDecodeUrl},
    {"eval", "<sx?:x>", 2, FnEval},
    {"toMillis", "<s-s?:n>", 2, FnToMillis},
    {"fromMillis", "<n-s?s?:s>", 3, FnFromMillis},
    {"clone", "<(oa)-:o>", 1, FnClone},
    {"now", "<s?s?:s>", 2, FnNow},
    {"millis", "<:n>", 0, FnMillis},
};

constexpr int kBuiltinCount = static_cast<int>(sizeof(kBuiltins) / sizeof(kBuiltins[0]));

constexpr int kMaxCloneDepth = 2000;

Value CloneImpl(const Value& v, int depth) {
  if (depth > kMaxCloneDepth) throw Error("U1001", "value nests too deeply");
  switch (v.type()) {
    case Value::Type::kNumber:
      return Value::Number(RoundTo15Digits(v.AsNumber()));
    case Value::Type::kFunction:
      return Value::String("");
    case Value::Type::kArray: {
      Value out = NewArray();
      std::vector<Value>& items = out.Array()->items;
      ForEachItem(v, [&](const Value& item) {
        items.push_back(item.IsUndefined() ? Value::Null() : CloneImpl(item, depth + 1));
      });
      return out;
    }
    case Value::Type::kObject: {
      Value out = NewObject();
      ObjectData* obj = out.Object();
      v.ForEachMember([&](std::string_view k, const Value& m) {
        if (m.IsDefined()) obj->Set(k, CloneImpl(m, depth + 1));
      });
      return out;
    }
    default:
      return v;
  }
}

void MergeSortRange(std::vector<Value>& items, size_t lo, size_t hi, std::vector<Value>& scratch,
                    const std::function<bool(const Value&, const Value&)>& swap) {
  if (hi - lo <= 1) return;
  size_t mid = lo + (hi - lo) / 2;
  MergeSortRange(items, lo, mid, scratch, swap);
  MergeSortRange(items, mid, hi, scratch, swap);
  scratch.clear();
  size_t i = lo;
  size_t j = mid;
  while (i < mid && j < hi) {
    if (swap(items[i], items[j])) {
      scratch.push_back(items[j++]);
    } else {
      scratch.push_back(items[i++]);
    }
  }
  while (i < mid) scratch.push_back(items[i++]);
  while (j < hi) scratch.push_back(items[j++]);
  for (size_t k = 0; k < scratch.size(); ++k) items[lo + k] = scratch[k];
}

}  // namespace

int FindBuiltin(std::string_view name) {
  for (int i = 0; i < kBuiltinCount; ++i) {
    if (kBuiltins[i].name == name) return i;
  }
  return -1;
}

const BuiltinInfo& GetBuiltin(int index) { return kBuiltins[index]; }

const Signature& GetBuiltinSignature(int index) {
  static const std::vector<Signature> kSignatures = [] {
    std::vector<Signature> sigs;
    for (const BuiltinInfo& info : kBuiltins) sigs.push_back(ParseSignature(info.signature));
    return sigs;
  }();
  return kSignatures[static_cast<size_t>(index)];
}

Value LookupField(const Value& input, std::string_view key) {
  if (input.IsArray()) {
    Value result = NewSequence();
    std::vector<Value>& items = result.Array()->items;
    size_t n = input.Size();
    for (size_t i = 0; i < n; ++i) {
      Value res = LookupField(input.At(i), key);
      if (res.IsUndefined()) continue;
      if (res.IsArray()) {
        ForEachItem(res, [&](const Value& v) { items.push_back(v); });
      } else {
        items.push_back(std::move(res));
      }
    }
    return result;
  }
  if (input.IsObject()) return input.Get(key);
  return Value();
}

Value CloneValue(const Value& v) {
  if (v.IsOuterWrapper() && v.Size() > 0) return CloneImpl(v.At(0), 0);
  return CloneImpl(v, 0);
}

void MergeSort(std::vector<Value>& items, const std::function<bool(const Value&, const Value&)>& swap) {
  std::vector<Value> scratch;
  scratch.reserve(items.size());
  MergeSortRange(items, 0, items.size(), scratch, swap);
}

}  // namespace sfn::jsonata
