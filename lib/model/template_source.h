// Finding state machine definitions in their containers: a plain ASL file, or AWS CloudFormation and SAM
// templates (JSON or YAML) that embed definitions in AWS::StepFunctions::StateMachine (Definition,
// DefinitionString) or AWS::Serverless::StateMachine (Definition, DefinitionUri) resources.
#pragma once

#include <string>
#include <vector>

#include "common/json.h"

namespace sfn::model {

struct DefinitionSource {
  enum class Kind {
    kFile,              // the whole document is a definition
    kTemplateObject,    // Definition: an object inside a template
    kTemplateString,    // DefinitionString: a string (possibly wrapped in Fn::Sub / Fn::Join) holding JSON
    kTemplateUri,       // DefinitionUri: a path to a file next to the template
  };
  Kind kind = Kind::kFile;
  std::string resource;   // the template's logical id, empty for kFile
  std::string pointer;    // where the definition (object or string) sits in the document
  std::string text;       // kTemplateString: the JSON text; kTemplateUri: the path
  bool text_is_substituted = false;  // the string came out of Fn::Sub or Fn::Join
};

// True when the document is a CloudFormation or SAM template rather than a definition.
bool IsTemplate(const Json& root);

// Every definition in the document. A plain definition yields one kFile entry; a template yields one
// entry per state machine resource (none when it has none).
std::vector<DefinitionSource> FindDefinitions(const Json& root);

}  // namespace sfn::model
