// Text forms of values: $string() and the '&' operator.
//
// Strings stay as they are, functions become "", and everything else is written as JSON the way
// JavaScript's JSON.stringify does, with numbers first rounded to 15 significant digits. Non-finite
// numbers raise D3001.
#pragma once

#include <string>

#include "jsonata/value.h"

namespace sfn::jsonata {

std::string ValueToString(const Value& v, bool pretty = false);

// Appends a JSON string literal (quotes and JSON.stringify's escapes) to `out`.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace sfn::jsonata
