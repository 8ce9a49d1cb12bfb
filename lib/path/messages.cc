#include "path/messages.h"

namespace sfn::path {

std::string FieldNotFoundCause(std::string_view path, std::string_view field, const Json& input) {
  return "The JSONPath '" + std::string(path) + "' specified for the field '" + std::string(field) +
         "' could not be found in the input '" + DumpCompact(input) + "'";
}

std::string InvalidPathCause(std::string_view path, std::string_view detail) {
  return "Invalid path '" + std::string(path) + "' : " + std::string(detail);
}

std::string ResultPathCause(std::string_view path, const Json& input) {
  return "Unable to apply ReferencePath " + std::string(path) + " to input " + DumpCompact(input);
}

}  // namespace sfn::path
