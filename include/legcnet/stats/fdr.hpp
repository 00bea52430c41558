#pragma once
// Benjamini-Hochberg control of the false discovery rate across many tests (here: weights).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace legcnet::stats {

struct BhResult {
  std::vector<double> adjusted;       // BH-adjusted p-values, NaN where the input was NaN
  std::vector<std::uint8_t> rejected; // 1 where the null is rejected at the given alpha
  std::size_t tested = 0;             // non-NaN p-values: the m of the procedure
  std::size_t rejections = 0;
};

// NaN entries are ignored (not counted in m, never rejected). Rejects the k smallest p-values,
// k the largest with p_(k) <= k/m alpha (statsmodels' multipletests(method='fdr_bh')).
// Throws legcnet::InputError for a p-value outside [0, 1] or alpha outside (0, 1).
[[nodiscard]] BhResult benjamini_hochberg(std::span<const double> p_values, double alpha);

}  // namespace legcnet::stats
