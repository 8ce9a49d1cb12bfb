// Edit distance and "did you mean" suggestions, shared by every place that suggests a name: unknown
// subcommands, unknown flags, and transitions to states that do not exist.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfn {

// Damerau-Levenshtein distance (optimal string alignment), counting bytes.
size_t EditDistance(std::string_view a, std::string_view b);

// The closest candidate within a distance proportional to the word's length (at most 1 for very short
// words, at most a third of the length otherwise), or nullopt. Ties go to the first candidate.
std::optional<std::string> ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace sfn
