// Value equality of JSON documents as Step Functions sees it.
//
// Objects are equal when they hold the same members whatever their order (AWS's runtime keeps
// objects in hash maps), arrays element by element, numbers by value (1 equals 1.0), strings by
// their bytes. Used by JSONPath filters, States.ArrayContains and States.ArrayUnique.
#pragma once

#include "common/json.h"

namespace sfn::path {

bool JsonEqual(const Json& a, const Json& b);

}  // namespace sfn::path
