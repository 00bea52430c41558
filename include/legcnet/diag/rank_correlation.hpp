#pragma once
// Agreement of two importance vectors (for instance mean |SHAP| per feature of a dense and a
// pruned model): rank correlations as scipy computes them, and the overlap of the top k.
#include <cstddef>
#include <span>
#include <vector>

namespace legcnet::diag {

// 1-based ranks, tied values sharing the mean of their ranks (scipy.stats.rankdata, 'average').
[[nodiscard]] std::vector<double> average_ranks(std::span<const double> values);

// Spearman's rho: the Pearson correlation of the average ranks (scipy.stats.spearmanr).
// NaN when a vector is constant, when n < 2, or when any value is NaN (scipy's 'propagate').
[[nodiscard]] double spearman_rho(std::span<const double> a, std::span<const double> b);

// Kendall's tau-b = (concordant - discordant) / sqrt((n0 - ties_a)(n0 - ties_b)), n0 = n(n-1)/2,
// ties_x = pairs tied in x (scipy.stats.kendalltau, variant 'b'); O(n log n). NaN as above.
[[nodiscard]] double kendall_tau_b(std::span<const double> a, std::span<const double> b);

// |top_k(a) ∩ top_k(b)| / k, top_k(v) = the indices of the k largest values; among equal values
// at the cut the lower index is taken. NaN when any value is NaN.
[[nodiscard]] double top_k_overlap(std::span<const double> a, std::span<const double> b, std::size_t k);

struct RankAgreement {
  double spearman_rho = 0.0;
  double kendall_tau_b = 0.0;
  double top_k_overlap = 0.0;
  std::size_t k = 0;
};

// All three. Each function throws legcnet::InputError when a and b differ in length, and
// top_k_overlap when k is 0 or larger than the length.
[[nodiscard]] RankAgreement rank_agreement(std::span<const double> a, std::span<const double> b, std::size_t k);

}  // namespace legcnet::diag
