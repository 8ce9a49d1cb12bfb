#include "jsonata/jsonata.h"

#include "jsonata/ast.h"
#include "jsonata/evaluator.h"
#include "jsonata/parser.h"
#include "jsonata/signature.h"

namespace sfn::jsonata {

void Bindings::Set(std::string name, Json value) {
  Entry entry;
  entry.value = std::move(value);
  entry.name = name;
  entries_[std::move(name)] = std::move(entry);
}

void Bindings::SetFunction(std::string name, NativeFunction fn, std::string signature, NativeResult result) {
  Entry entry;
  entry.is_function = true;
  entry.result = result;
  entry.function = std::move(fn);
  entry.name = name;
  if (!signature.empty()) {
    auto sig = std::make_shared<const Signature>(ParseSignature(signature));
    entry.arity = static_cast<int>(sig->params.size());
    entry.signature = std::move(sig);
  }
  entries_[std::move(name)] = std::move(entry);
}

const Bindings::Entry* Bindings::Find(std::string_view name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

Expression::Expression(std::shared_ptr<const Program> program) : program_(std::move(program)) {}

std::shared_ptr<const Expression> Expression::Compile(std::string_view source) {
  return std::make_shared<const Expression>(Parse(source));
}

std::optional<Json> Expression::Evaluate(const Json* input, const Bindings& bindings, const Options& options) const {
  Evaluator evaluator(options, bindings);
  return evaluator.Run(*program_, input);
}

const std::string& Expression::Source() const { return program_->source; }

}  // namespace sfn::jsonata
