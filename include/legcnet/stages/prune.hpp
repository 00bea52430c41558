#pragma once
#include <cstdint>
#include <limits>
#include <string>

namespace legcnet::stages {

struct PruneOptions {
  std::string method;                    // legc | random | magnitude
  std::string granger;                   // legc: granger.csv
  std::string prune_which = "non-causal";  // legc: non-causal (the paper's tables) | causal
  std::string untestable = "keep";       // legc: keep | prune the untestable weights
  double fraction = std::numeric_limits<double>::quiet_NaN();  // random, magnitude: share to prune, in [0, 1); NaN: not given
  std::string match;                     // random, magnitude: prune as many weights as this mask does
  std::uint64_t seed = 1;                // random
  std::string model;                     // magnitude: model.csv; random: any name,value file of the net
  std::string scope = "global";          // magnitude: global | layer
  bool allow_disconnected = false;
  std::string out;                       // mask.csv
};

// Writes mask.csv and returns the per-layer table (total, pruned, kept, % pruned) as text.
std::string prune(const PruneOptions& options);

}  // namespace legcnet::stages
