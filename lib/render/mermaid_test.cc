#include "render/mermaid.h"

#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <vector>

#include "render/render_test_support.h"

using namespace sfn::render;
using namespace sfn::render::testing;

namespace {

bool IsIdentifier(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// Reads a quoted label starting at `at` (which holds '"'); returns the position after the closing quote,
// or npos when the label is not closed on the line or holds a raw '"'.
size_t SkipQuoted(const std::string& line, size_t at) {
  size_t close = line.find('"', at + 1);
  return close == std::string::npos ? std::string::npos : close + 1;
}

// A small structural check of ToMermaid's output: the header, subgraph/end balance, node definitions
// `id<shape>"label"<shape>`, edges `id arrow [|"label"|] id`, and classDef, class, style and linkStyle
// statements whose ids are identifiers. Returns the first problem, or "" when the text is well formed.
std::string ValidateMermaid(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  size_t i = 0;
  if (!lines.empty() && lines[0] == "---") {
    if (lines.size() < 3 || lines[1].rfind("title: \"", 0) != 0 || lines[2] != "---")
      return "bad front matter";
    i = 3;
  }
  if (i >= lines.size() || lines[i].rfind("flowchart ", 0) != 0) return "missing flowchart header";
  int depth = 0;
  const std::vector<std::string> openers = {"((", "[[", "{{", "(", "[", "{"};
  for (++i; i < lines.size(); ++i) {
    std::string line = lines[i];
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) return "blank line";
    line = line.substr(indent);
    if (line == "end") {
      if (--depth < 0) return "unbalanced end";
      continue;
    }
    if (line.rfind("subgraph ", 0) == 0) {
      size_t space = line.find(' ', 9);
      if (!IsIdentifier(line.substr(9, space - 9))) return "bad subgraph id: " + line;
      if (line.compare(space, 3, " [\"") != 0 || line.size() < 2 || line.substr(line.size() - 2) != "\"]") {
        return "subgraph title not quoted: " + line;
      }
      if (SkipQuoted(line, space + 2) != line.size() - 1) return "quote inside subgraph title: " + line;
      ++depth;
      continue;
    }
    if (line.rfind("classDef ", 0) == 0 || line.rfind("linkStyle ", 0) == 0) continue;
    if (line.rfind("class ", 0) == 0 || line.rfind("style ", 0) == 0) {
      std::string ids = line.substr(line.find(' ') + 1);
      ids = ids.substr(0, ids.find(' '));
      size_t from = 0;
      while (from <= ids.size()) {
        size_t comma = ids.find(',', from);
        if (!IsIdentifier(ids.substr(from, comma - from))) return "bad id in: " + line;
        if (comma == std::string::npos) break;
        from = comma + 1;
      }
      continue;
    }
    // A node definition or an edge: starts with an identifier.
    size_t p = 0;
    while (p < line.size() && (std::isalnum(static_cast<unsigned char>(line[p])) || line[p] == '_')) ++p;
    if (p == 0) return "statement without an id: " + line;
    std::string rest = line.substr(p);
    if (rest.rfind(" -->", 0) == 0 || rest.rfind(" -.->", 0) == 0 || rest.rfind(" ==>", 0) == 0) {
      size_t q = rest.find('>') + 1;
      if (rest.compare(q, 1, "|") == 0) {
        if (rest.compare(q + 1, 1, "\"") != 0) return "edge label not quoted: " + line;
        q = SkipQuoted(rest, q + 1);
        if (q == std::string::npos || rest.compare(q, 1, "|") != 0) return "bad edge label: " + line;
        ++q;
      }
      if (rest.compare(q, 1, " ") != 0 || !IsIdentifier(rest.substr(q + 1)))
        return "bad edge target: " + line;
      continue;
    }
    bool shaped = false;
    for (const std::string& open : openers) {
      if (rest.rfind(open + "\"", 0) != 0) continue;
      size_t after = SkipQuoted(rest, open.size());
      if (after == std::string::npos) return "unclosed label: " + line;
      std::string close = rest.substr(after);
      std::string expected(open.rbegin(), open.rend());
      for (char& c : expected) c = c == '(' ? ')' : c == '[' ? ']' : c == '{' ? '}' : c;
      if (close != expected) return "bad shape close: " + line;
      shaped = true;
      break;
    }
    if (!shaped) return "unknown statement: " + line;
  }
  if (depth != 0) return "unbalanced subgraph";
  return "";
}

}  // namespace

TEST_CASE("render: mermaid escaping with entity codes") {
  struct Case {
    std::string input;
    std::string expected;
  };
  const Case cases[] = {
      {"Plain name", "Plain name"},         {"say \"hi\"", "say #quot;hi#quot;"},
      {"#1; 50%", "#35;1#59; 50#37;"},      {"<b>&amp;</b>", "#lt;b#gt;#amp;amp#59;#lt;/b#gt;"},
      {"a|b`c$d", "a#124;b#96;c#36;d"},     {"[x](y){z} end", "[x](y){z} end"},
      {"l1\nl2\r\nl3", "l1<br/>l2<br/>l3"}, {"tab\t\x01", "tab  "},
      {"back\\slash", "back#92;slash"},     {"bad \xFF", "bad \xEF\xBF\xBD"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(MermaidText(c.input) == c.expected);
  }
}

TEST_CASE("render: mermaid output of a small definition") {
  Graph g = GraphOf(R"({"StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "B",
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}]},
    "B": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "S"}], "Default": "F"},
    "S": {"Type": "Succeed"},
    "F": {"Type": "Fail", "Error": "Oops"}}})",
                    Named("tiny"));
  const char* expected = R"mmd(---
title: "tiny"
---
flowchart TD
  n0(("Start"))
  n1("A<br/>Task · lambda:invoke")
  n2{"B<br/>Choice"}
  n3[["S<br/>Succeed"]]
  n4{{"F<br/>Fail · Oops"}}
  n5(("End"))
  n0 --> n1
  n1 --> n2
  n1 -.->|"Catch States.ALL"| n4
  n2 -->|"#35;1 #36;.ok == true"| n3
  n2 -.->|"Default"| n4
  n3 --> n5
  n4 --> n5
  classDef terminal fill:#ffda75,stroke:#555555
  classDef task fill:#ffffff,stroke:#555555
  classDef choice fill:#ffffff,stroke:#555555
  classDef succeed fill:#ffffff,stroke:#555555,stroke-width:3px
  classDef fail fill:#ffffff,stroke:#555555
  class n0,n5 terminal
  class n1 task
  class n2 choice
  class n3 succeed
  class n4 fail
  linkStyle 2 stroke:#e08a00,color:#e08a00
  linkStyle 4 stroke:#888888,color:#888888
)mmd";
  CHECK(ToMermaid(g) == expected);
  CHECK(ValidateMermaid(expected) == "");
}

TEST_CASE("render: mermaid subgraphs and overlay classes") {
  Graph g = GraphOf(R"({"StartAt": "M", "States": {
    "M": {"Type": "Map", "ItemProcessor": {"StartAt": "W", "States": {
      "W": {"Type": "Wait", "Seconds": 5, "End": true}}}, "End": true}}})",
                    Named("map"));
  Overlay overlay;
  overlay.states["M"] = {StateOverlay::Status::kSucceeded, 1, 1, ""};
  overlay.states["W"] = {StateOverlay::Status::kSucceeded, 2, 0, ""};
  overlay.taken_edges = {{"", "M"}, {"", "W"}, {"W", ""}, {"", "W"}, {"W", ""}, {"M", ""}};
  ApplyOverlay(overlay, g);
  MermaidOptions options;
  options.title = false;
  options.direction = "LR";
  const char* expected = R"mmd(flowchart LR
  n0(("Start"))
  n3(("End"))
  subgraph c0 ["M  (Map · INLINE)"]
    n1((" "))
    n2((" "))
    n4("W<br/>Wait 5 s<br/>2 visits")
  end
  n0 ==>|" 1"| n1
  n2 ==>|" 6"| n3
  n1 ==>|" 2, 4"| n4
  n4 ==>|" 3, 5"| n2
  classDef terminal fill:#ffda75,stroke:#555555
  classDef anchor fill:#555555,stroke:#555555
  classDef wait fill:#ffffff,stroke:#555555
  classDef succeeded fill:#c8f2c9
  class n0,n3 terminal
  class n1,n2 anchor
  class n4 wait
  class n4 succeeded
  style c0 fill:#e3f8e4,stroke:#555555
  linkStyle 0,1,2,3 stroke:#1f6fd1,color:#1f6fd1,stroke-width:2.2px
)mmd";
  CHECK(ToMermaid(g, options) == expected);
  CHECK(ValidateMermaid(expected) == "");
}

TEST_CASE("render: mermaid output of hostile and nested definitions is well formed") {
  struct Case {
    const char* name;
    sfn::Json definition;
  };
  const Case cases[] = {
      {"order", sfn::Json::parse(kOrderPipeline)},
      {"nested", sfn::Json::parse(kNested)},
      {"hostile", HostileDefinition()},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Graph g = GraphOf(c.definition, Named(std::string(c.name) + " \"end\"\n---"));
    std::string text = ToMermaid(g);
    CHECK(ValidateMermaid(text) == "");
    Overlay overlay;
    for (const Node& n : g.nodes) overlay.states[n.name] = {StateOverlay::Status::kCaught, 1, 1, "a|b\"c"};
    ApplyOverlay(overlay, g);
    text = ToMermaid(g);
    CHECK(ValidateMermaid(text) == "");
  }
  std::string hostile = ToMermaid(GraphOf(HostileDefinition()));
  CHECK(hostile.find("say #quot;hi#quot;") != std::string::npos);
  CHECK(hostile.find("<b>") == std::string::npos);
  CHECK(hostile.find("%%") == std::string::npos);
  CHECK(hostile.find("$$") == std::string::npos);
}

TEST_CASE("render: the mermaid validator catches broken text") {
  CHECK(ValidateMermaid("flowchart TD\n  n0(\"a\")\n") == "");
  CHECK(ValidateMermaid("flowchart TD\n  subgraph c0 [\"x\"]\n") == "unbalanced subgraph");
  CHECK(ValidateMermaid("flowchart TD\n  end\n") == "unbalanced end");
  CHECK(ValidateMermaid("flowchart TD\n  n-1(\"a\")\n") != "");
  CHECK(ValidateMermaid("flowchart TD\n  n0(\"a\"b\")\n") != "");
  CHECK(ValidateMermaid("flowchart TD\n  n0(a)\n") != "");
  CHECK(ValidateMermaid("flowchart TD\n  n0 -->|a| n1\n") != "");
}
