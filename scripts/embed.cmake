# Writes a C++ source file that holds a text file as a string, for data the sfn binary carries inside it.
# Usage: cmake -DIN=file -DOUT=file.cc -DNAME=FunctionName -DNAMESPACE=ns -P embed.cmake
file(READ "${IN}" content)
file(WRITE "${OUT}" "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace ${NAMESPACE} {\n"
  "std::string_view ${NAME}() {\n  static constexpr char kText[] = R\"sfnembed(${content})sfnembed\";\n"
  "  return {kText, sizeof(kText) - 1};\n}\n}  // namespace ${NAMESPACE}\n")
