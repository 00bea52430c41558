#pragma once
// legcnet complexity: BDM and block entropy of a network's weight sign pattern, per view.
#include <string>

namespace legcnet::stages {

struct ComplexityOptions {
  std::string model;                    // model.csv (name,value)
  std::string mask;                     // mask.csv: pruned weights are 0 in every view (empty: none)
  std::string bdm_boundary = "ignore";  // ignore | recursive
  std::string ctm;                      // CTM table; empty: the lookup order of data/ctm/README.md
  std::string out;                      // view,bdm,entropy,blocks,uncovered_weights
  bool force = false;                   // a mask of another run than the model's (their records disagree)
};

// Writes one row per view: node ([w > 0]), positive ([w > 0]), negative ([w < 0]).
void complexity(const ComplexityOptions& options);

}  // namespace legcnet::stages
