#pragma once
#include <string>

namespace legcnet::stages {

struct ReportOptions {
  std::string runs = "runs";   // runs/DATASET/seedK/METHOD/sparse/summary.csv
  std::string out = "results";  // summary.csv, spread.csv, tables.md
  std::string expected;         // regression: compare with this file; mismatches are an error
};

// Returns the number of regression mismatches (0 without `expected`).
int report(const ReportOptions& options);

}  // namespace legcnet::stages
