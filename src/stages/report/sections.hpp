#pragma once
// The sections of results/tables.md, one function each (src/stages/report/<section>.cpp), in the
// order they appear. A section with nothing to show returns an empty markdown string.
#include <string>
#include <vector>

#include "runs.hpp"

namespace legcnet::stages::report_detail {

Section comparison_section(const RunIndex& index);    // every method: mean ± sd, paired difference to dense
Section fixed_budget_section(const RunIndex& index);  // every method retrained for dense's epochs
Section paper_tables_section(const RunIndex& index);  // the paper's Tables 1-3 beside its numbers
Section esd_section(const RunIndex& index);           // Table 4: WeightWatcher alpha per layer
Section shap_section(const RunIndex& index);          // SHAP ranking agreement with the dense model
Section matched_section(const RunIndex& index);       // every method at matched counts (FT count, 25%)
Section sweep_section(const RunIndex& index);         // spectral, magnitude, random at 50-95% pruned
Section unretrained_section(const RunIndex& index);   // masks of the trained model without retraining (MIP's claim)
Section chaos_section(const RunIndex& index);         // Is training chaotic? divergence and surrogate share
Section evidence_section(const RunIndex& index);      // does the decision carry information? (issue 12)

// Regression: per (dataset, method, seed), epochs and mask exactly, test accuracy and % pruned
// within the bands the file states. Returns the mismatches, one line each.
std::vector<std::string> compare_with_expected(const RunIndex& index, const std::string& path);

}  // namespace legcnet::stages::report_detail
