// The Mermaid emitter: a `flowchart` whose node ids are generated (n0, n1, ... in graph order; c0, c1,
// ... for subgraphs), so that no state name can become syntax. User text appears only inside quoted
// labels, with Mermaid's entity codes for every character that could end a label or be read as
// markup (#quot; #35; #amp; #lt; #gt; ...). Clusters become subgraphs; classDef classes style the state
// types and the overlay's statuses; linkStyle colours Default, Catch and the path taken.
#pragma once

#include <string>
#include <string_view>

#include "render/graph.h"

namespace sfn::render {

struct MermaidOptions {
  std::string direction = "TD";  // TD, TB, BT, LR or RL; anything else means TD
  bool title = true;             // the graph's title as front matter
};

// Text for inside a quoted Mermaid label: entity codes for '"', '#', '&', '<', '>', '`', ';', '%',
// '|', '$' and backslash; line breaks as <br/>; other control characters as spaces; invalid UTF-8 as U+FFFD.
std::string MermaidText(std::string_view text);

std::string ToMermaid(const Graph& graph, const MermaidOptions& options = {});

}  // namespace sfn::render
