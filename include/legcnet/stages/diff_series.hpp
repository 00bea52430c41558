#pragma once
#include <string>

#include "legcnet/stages/provenance.hpp"

namespace legcnet::stages {

struct DiffSeriesOptions {
  std::string base;       // weights.csv of the baseline run
  std::string perturbed;  // weights.csv of the perturbed run
  std::string out;        // diff.csv: perturbed - base, same shape (+ diff.toml, its record)
  bool force = false;     // combine series of different runs (recorded in diff.toml)
  Provenance provenance{"diff-series", ""};
};

void diff_series(const DiffSeriesOptions& options);

}  // namespace legcnet::stages
