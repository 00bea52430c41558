#pragma once
#include <string>

namespace legcnet::stages {

struct ReportOptions {
  // runs/DATASET/seedK/METHOD/sparse/summary.csv, and when present METHOD/shap-importance.csv
  // and METHOD/esd.csv (make experiment's diagnostics)
  std::string runs = "runs";
  std::string out = "results";  // summary.csv, spread.csv, tables.md (+ shap-agreement.csv, esd.csv)
  std::string expected;         // regression: compare with this file; mismatches are an error
};

// Returns the number of regression mismatches (0 without `expected`).
int report(const ReportOptions& options);

}  // namespace legcnet::stages
