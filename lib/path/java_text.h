// How AWS's Java runtime renders values as text.
//
// States.Format inserts its arguments the way Java's toString does: strings raw, numbers as Java
// prints them ("1.1", "1.0E10"), objects as {a=1, b=[x, y]} and arrays as [1, 2]. Jayway's error
// messages name Java classes. Java measures strings in UTF-16 code units; AWS's length limits do
// too.
#pragma once

#include <string>
#include <string_view>

#include "common/json.h"

namespace sfn::path {

// Java's Double.toString for a finite double.
std::string JavaDoubleText(double value);

// Java's toString of the value a JSON parser makes (String, Integer/Long, Double, Boolean, null,
// LinkedHashMap, ArrayList).
std::string JavaText(const Json& value);

// The Java class that holds the value, as Jayway's messages name it.
std::string JavaClassName(const Json& value);

// Length of a UTF-8 string in UTF-16 code units (invalid bytes count as one unit each).
size_t Utf16Length(std::string_view utf8);

// Decodes UTF-8 into code points; an invalid byte becomes U+FFFD. 'next' is advanced past the
// character read.
char32_t NextCodePoint(std::string_view utf8, size_t& next);

// Compares two strings as Java's String.compareTo does (by UTF-16 code units); <0, 0 or >0.
int JavaCompare(std::string_view a, std::string_view b);

}  // namespace sfn::path
