// The ASL JSON Schema (schemas/asl.schema.json) as built into the library.
#pragma once

#include <string_view>

namespace sfn::lint {

std::string_view EmbeddedAslSchema();

}  // namespace sfn::lint
