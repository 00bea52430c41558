#include "legcnet/diag/power_law.hpp"

#include "legcnet/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace legcnet::diag {
namespace {

bool all_finite(std::span<const double> values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

// Exact KS distance between the empirical CDF of the sorted tail, given by its logarithms, and
// the power law P(x) = 1 - exp((1 - alpha) ln(x / xmin)). Stops early, returning a partial
// maximum, once that reaches `enough` (a candidate that cannot beat the best so far).
double ks_distance(std::span<const double> log_tail, double log_xmin, double alpha,
                   double enough = std::numeric_limits<double>::infinity()) {
  const auto n = static_cast<double>(log_tail.size());
  double distance = 0.0;
  for (std::size_t i = 0; i < log_tail.size(); ++i) {
    const double model = 1.0 - std::exp((1.0 - alpha) * (log_tail[i] - log_xmin));
    const auto below = static_cast<double>(i) / n, at = static_cast<double>(i + 1) / n;
    distance = std::max({distance, model - below, at - model});
    if (distance >= enough) break;
  }
  return distance;
}

// The fit of a tail (every value >= xmin) given the sorted logarithms of its values; see
// ks_distance for `enough`.
PowerLawFit fit_tail(std::span<const double> log_tail, double xmin, double log_ratio_sum,
                     double enough = std::numeric_limits<double>::infinity()) {
  PowerLawFit fit;
  const auto n = static_cast<double>(log_tail.size());
  const double log_xmin = std::log(xmin);
  fit.xmin = xmin;
  fit.tail_count = log_tail.size();
  fit.candidates = 1;
  // All values equal to xmin would give alpha = infinity (rounding may leave a tiny positive sum).
  if (!(log_ratio_sum > 0.0) || log_tail.back() == log_xmin) {
    fit.status = PowerLawStatus::degenerate;
    return fit;
  }
  fit.alpha = 1.0 + n / log_ratio_sum;
  fit.alpha_standard_error = (fit.alpha - 1.0) / std::sqrt(n);
  fit.ks_distance = ks_distance(log_tail, log_xmin, fit.alpha, enough);
  return fit;
}

std::vector<double> sorted_positive(std::span<const double> values) {
  std::vector<double> positive;
  positive.reserve(values.size());
  for (const double v : values) {
    if (v > 0.0) positive.push_back(v);
  }
  std::sort(positive.begin(), positive.end());
  return positive;
}

}  // namespace

std::string_view status_name(PowerLawStatus status) {
  switch (status) {
    case PowerLawStatus::ok: return "ok";
    case PowerLawStatus::too_few_values: return "too_few_values";
    case PowerLawStatus::non_finite: return "non_finite";
    case PowerLawStatus::degenerate: return "degenerate";
  }
  return "unknown";
}

PowerLawFit fit_power_law(std::span<const double> values, const PowerLawOptions& options) {
  if (options.min_tail < 2) {
    throw InputError("fit_power_law: min_tail must be at least 2, got " + std::to_string(options.min_tail));
  }
  PowerLawFit best;
  if (!all_finite(values)) {
    best.status = PowerLawStatus::non_finite;
    return best;
  }
  const std::vector<double> sorted = sorted_positive(values);
  if (sorted.size() < options.min_tail) {
    best.status = PowerLawStatus::too_few_values;
    best.tail_count = sorted.size();
    return best;
  }
  // Suffix sums of ln x give each candidate's alpha in O(1); its KS distance costs O(tail).
  std::vector<double> logs(sorted.size());
  std::transform(sorted.begin(), sorted.end(), logs.begin(), [](double v) { return std::log(v); });
  std::vector<double> log_suffix(sorted.size() + 1, 0.0);
  for (std::size_t i = sorted.size(); i-- > 0;) log_suffix[i] = log_suffix[i + 1] + logs[i];

  best.status = PowerLawStatus::degenerate;
  std::size_t candidates = 0;
  const std::size_t last_start = sorted.size() - options.min_tail;
  for (std::size_t start = 0; start <= last_start; ++start) {
    if (start > 0 && sorted[start] == sorted[start - 1]) continue;  // one candidate per distinct value
    ++candidates;
    const std::span<const double> log_tail(logs.data() + start, logs.size() - start);
    const double log_ratio_sum = log_suffix[start] - static_cast<double>(log_tail.size()) * logs[start];
    const double enough = best.status == PowerLawStatus::ok ? best.ks_distance : std::numeric_limits<double>::infinity();
    const PowerLawFit fit = fit_tail(log_tail, sorted[start], log_ratio_sum, enough);
    if (fit.status != PowerLawStatus::ok) continue;
    // Strictly smaller only: on equal distances the smaller xmin (longer tail) stays.
    if (best.status != PowerLawStatus::ok || fit.ks_distance < best.ks_distance) best = fit;
  }
  best.candidates = candidates;
  return best;
}

PowerLawFit fit_power_law_at(std::span<const double> values, double xmin) {
  if (!(std::isfinite(xmin) && xmin > 0.0)) {
    throw InputError("fit_power_law_at: xmin must be finite and positive, got " + std::to_string(xmin));
  }
  PowerLawFit fit;
  if (!all_finite(values)) {
    fit.status = PowerLawStatus::non_finite;
    return fit;
  }
  std::vector<double> log_tail;
  for (const double v : values) {
    if (v >= xmin) log_tail.push_back(std::log(v));
  }
  std::sort(log_tail.begin(), log_tail.end());
  if (log_tail.size() < 2) {
    fit.status = PowerLawStatus::too_few_values;
    fit.xmin = xmin;
    fit.tail_count = log_tail.size();
    return fit;
  }
  double log_ratio_sum = 0.0;
  for (const double v : values) {
    if (v >= xmin) log_ratio_sum += std::log(v / xmin);
  }
  return fit_tail(log_tail, xmin, log_ratio_sum);
}

}  // namespace legcnet::diag
