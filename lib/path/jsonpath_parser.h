// The parser of JSONPath text into the syntax tree (internal to the path area).
//
// It follows Jayway's grammar: '$' then '.name', '..name', '.*', '[...]' steps, where brackets
// hold quoted names, indexes, a slice, '*' or a filter '?(...)'. On top of Jayway it reads the ASL
// roots '$$' (the context object) and '$name' (a variable). Errors carry the offset of the
// offending character.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "path/jsonpath_ast.h"

namespace sfn::path::internal {

// Parses a complete path. Leading and trailing blanks are ignored. Throws ParseError.
std::shared_ptr<const PathAst> ParsePathText(std::string_view text);

// Parses the path an intrinsic function argument starts with: names also end at ',' and ')', the
// path ends at the first character no step can take, and a filter may compare with a bare word
// (recorded in PathAst::bare_word). 'length' receives the number of characters read. Throws
// ParseError.
std::shared_ptr<const PathAst> ParsePathPrefix(std::string_view text, size_t& length);

}  // namespace sfn::path::internal
