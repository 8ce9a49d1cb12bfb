// The table of JSONata's built-in functions ($sum, $string, $map, ...).
//
// Each entry has the reference implementation's signature and arity (the number of declared parameters,
// which decides how many arguments higher-order functions pass). Implementations live in the
// functions_*.cc files and receive the validated arguments.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "jsonata/signature.h"
#include "jsonata/value.h"

namespace sfn::jsonata {

class Evaluator;
struct Frame;

// `input` is the context value of the call and `env` the caller's scope.
using BuiltinFn = Value (*)(Evaluator& ev, std::vector<Value>& args, const Value& input, Frame* env);

struct BuiltinInfo {
  std::string_view name;
  std::string_view signature;
  int arity;
  BuiltinFn fn;
};

// Index of the built-in with that name, or -1.
int FindBuiltin(std::string_view name);
const BuiltinInfo& GetBuiltin(int index);
const Signature& GetBuiltinSignature(int index);

// Implementations, grouped by file.
Value FnSum(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnCount(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnMax(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnMin(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnAverage(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnNumber(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnAbs(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnFloor(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnCeil(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnRound(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnPower(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnSqrt(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnRandom(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnFormatNumber(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnFormatBase(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnFormatInteger(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnParseInteger(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnNow(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnMillis(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnFromMillis(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnToMillis(Evaluator&, std::vector<Value>&, const Value&, Frame*);

Value FnString(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnSubstring(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnSubstringBefore(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnSubstringAfter(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnLowercase(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnUppercase(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnLength(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnTrim(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnPad(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnMatch(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnContains(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnReplace(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnSplit(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnJoin(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnBase64Encode(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnBase64Decode(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnEncodeUrlComponent(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnEncodeUrl(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnDecodeUrlComponent(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnDecodeUrl(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnEval(Evaluator&, std::vector<Value>&, const Value&, Frame*);

Value FnBoolean(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnNot(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnExists(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnAppend(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnReverse(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnShuffle(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnDistinct(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnZip(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnSort(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnKeys(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnLookup(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnSpread(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnMerge(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnSift(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnEach(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnError(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnAssert(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnType(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnClone(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnMap(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnFilter(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnSingle(Evaluator&, std::vector<Value>&, const Value&, Frame*);
Value FnReduce(Evaluator&, std::vector<Value>&, const Value&, Frame*);

// Helpers shared by the implementations.
Value LookupField(const Value& input, std::string_view key);  // the reference's lookup over arrays
Value CloneValue(const Value& v);                              // deep copy through JSON text, as $clone
// Merge sort with the reference's comparator convention: swap(a, b) true puts b first. Stable.
void MergeSort(std::vector<Value>& items, const std::function<bool(const Value&, const Value&)>& swap);

}  // namespace sfn::jsonata
