// The Graphviz dot emitter. Every id and label is a quoted string with '"' and '\' escaped and line
// breaks as \n, so no state name can end a string early, add attributes or statements, or turn into an
// HTML-like label. Clusters become "cluster_<id>" subgraphs; edges into and out of a Parallel or Map
// run between its invisible entry and exit points and are clipped at the cluster (lhead, ltail).
#pragma once

#include <string>
#include <string_view>

#include "render/graph.h"

namespace sfn::render {

struct DotOptions {
  std::string rankdir = "TB";  // TB, LR, BT or RL; anything else means TB
  bool legend = true;          // a legend of the status colours, when the graph carries an overlay
  bool tooltips = true;        // JSON Pointers of the states as tooltips (hover text in SVG)
};

// A quoted dot id that stands for exactly one string: '"' and '\' are escaped, control characters and
// bytes that are not UTF-8 become \xHH, and nothing else changes.
std::string DotId(std::string_view text);
// A quoted dot label: '"' and '\' escaped, each line break (LF, CR LF, CR) as \n, other control
// characters as spaces, invalid UTF-8 as U+FFFD.
std::string DotLabel(std::string_view text);

std::string ToDot(const Graph& graph, const DotOptions& options = {});

}  // namespace sfn::render
