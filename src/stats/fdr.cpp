#include "legcnet/stats/fdr.hpp"

#include "legcnet/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace legcnet::stats {

BhResult benjamini_hochberg(std::span<const double> p_values, double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0)) {
    throw InputError("benjamini_hochberg: alpha must be in (0, 1), got " + std::to_string(alpha));
  }
  BhResult result;
  result.adjusted.assign(p_values.size(), std::numeric_limits<double>::quiet_NaN());
  result.rejected.assign(p_values.size(), 0);

  std::vector<std::size_t> order;
  order.reserve(p_values.size());
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    const double p = p_values[i];
    if (std::isnan(p)) continue;
    if (p < 0.0 || p > 1.0) {
      throw InputError("benjamini_hochberg: p-value " + std::to_string(i) + " is " + std::to_string(p) +
                       ", outside [0, 1]");
    }
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  const std::size_t m = order.size();
  result.tested = m;
  if (m == 0) return result;
  const auto count = static_cast<double>(m);

  // Step-up: reject the k smallest, k the largest rank with p_(k) <= (k / m) alpha.
  std::size_t rejections = 0;
  for (std::size_t k = m; k >= 1; --k) {
    if (p_values[order[k - 1]] <= static_cast<double>(k) / count * alpha) {
      rejections = k;
      break;
    }
  }
  // Adjusted p_(k) = min over j >= k of p_(j) / (j / m), capped at 1 (statsmodels' arithmetic).
  double running = 1.0;
  for (std::size_t k = m; k >= 1; --k) {
    const std::size_t i = order[k - 1];
    running = std::min(running, p_values[i] / (static_cast<double>(k) / count));
    result.adjusted[i] = running;
    result.rejected[i] = k <= rejections ? 1 : 0;
  }
  result.rejections = rejections;
  return result;
}

}  // namespace legcnet::stats
