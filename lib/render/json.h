// The JSON emitter, for other tools: the graph's nodes, clusters and edges with their ids, kinds,
// labels, JSON Pointers and, when an overlay was applied, statuses and taken-order numbers. Clusters
// and nodes refer to their parent cluster by id (null at the top level).
#pragma once

#include <string>

#include "common/json.h"
#include "render/graph.h"

namespace sfn::render {

Json ToJson(const Graph& graph);

// ToJson, serialised with `indent` spaces (a negative indent: one line). Invalid UTF-8 is replaced.
std::string ToJsonText(const Graph& graph, int indent = 2);

}  // namespace sfn::render
