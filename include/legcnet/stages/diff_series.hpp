#pragma once
#include <string>

namespace legcnet::stages {

struct DiffSeriesOptions {
  std::string base;       // weights.csv of the baseline run
  std::string perturbed;  // weights.csv of the perturbed run
  std::string out;        // diff.csv: perturbed - base, same shape
};

void diff_series(const DiffSeriesOptions& options);

}  // namespace legcnet::stages
