#include "legcnet/dynamics/divergence.hpp"

#include <algorithm>
#include <cmath>

#include "legcnet/error.hpp"
#include "legcnet/stats/distributions.hpp"

namespace legcnet::dynamics {

void divergence_row(std::span<const double> base, std::span<const double> perturbed,
                    std::span<const std::size_t> group_of, std::size_t group_count, DivergenceRow& row) {
  row.groups.assign(group_of.empty() ? 0 : group_count, 0.0);
  double total = 0.0, norm = 0.0;
  for (std::size_t k = 0; k < base.size(); ++k) {
    const double difference = perturbed[k] - base[k];
    const double squared = difference * difference;
    total += squared;
    norm += base[k] * base[k];
    if (!group_of.empty()) row.groups[group_of[k]] += squared;
  }
  row.distance = std::sqrt(total);
  row.base_norm = std::sqrt(norm);
  for (double& group : row.groups) group = std::sqrt(group);
}

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::chaotic: return "chaotic";
    case Verdict::neutral: return "neutral";
    case Verdict::contracting: return "contracting";
    case Verdict::undefined: return "undefined";
  }
  return "undefined";
}

std::string_view basis_name(VerdictBasis basis) {
  switch (basis) {
    case VerdictBasis::none: return "none";
    case VerdictBasis::rate: return "rate";
    case VerdictBasis::saturation: return "saturation";
    case VerdictBasis::merged: return "merged";
  }
  return "none";
}

std::string_view status_name(GrowthStatus status) {
  switch (status) {
    case GrowthStatus::ok: return "ok";
    case GrowthStatus::too_short: return "too_short";
    case GrowthStatus::merged: return "merged";
    case GrowthStatus::non_finite: return "non_finite";
    case GrowthStatus::identical: return "identical";
  }
  return "unknown";
}

std::optional<std::string> growth_fit_problem(const GrowthFitOptions& options) {
  if (options.batches < 2) return "--batches must be at least 2";
  if (!(std::isfinite(options.min_growth) && options.min_growth > 1.0)) return "--min-growth must be a finite number > 1";
  if (!(std::isfinite(options.saturation) && options.saturation >= 0.0)) return "--saturation must be a finite number >= 0";
  if (options.first_step != no_step && options.last_step != no_step && options.first_step > options.last_step)
    return "--fit-range a:b needs a <= b";
  return std::nullopt;
}

namespace {

// The slope of ln d and its batch-means standard error over rows r0..r1 (n >= 5, d > 0 and finite).
// The OLS slope of y on t is a linear function of the increments: with s_i = t_i - mean(t),
//   slope = sum_i s_i y_i / Sxx = sum_j c_j (y_{j+1} - y_j),   c_j = -(s_0 + ... + s_j) / Sxx,
// so its variance is Omega * sum_j c_j^2 when the increments are stationary with long-run variance
// Omega (per row) and c varies slowly against their correlation length.
void fit_slope(std::span<const long long> steps, std::span<const double> distance, std::size_t r0, std::size_t r1,
               std::size_t max_batches, GrowthFit& fit) {
  const std::size_t n = r1 - r0 + 1;
  std::vector<double> t(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = static_cast<double>(steps[r0 + i] - steps[r0]);  // offset for precision with large steps
    y[i] = std::log(distance[r0 + i]);
  }
  double t_mean = 0.0, y_mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) t_mean += t[i], y_mean += y[i];
  t_mean /= static_cast<double>(n);
  y_mean /= static_cast<double>(n);
  double sxx = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (t[i] - t_mean) * (t[i] - t_mean);
    sxy += (t[i] - t_mean) * (y[i] - y_mean);
  }
  fit.exponent_per_step = sxy / sxx;

  const std::size_t m = n - 1;  // increments
  double cumulative = 0.0, sum_c2 = 0.0;
  for (std::size_t j = 0; j < m; ++j) {
    cumulative += t[j] - t_mean;
    const double c = -cumulative / sxx;
    sum_c2 += c * c;
  }
  const std::size_t batches = std::min(max_batches, m / 2);
  const double mean_increment = (y[m] - y[0]) / static_cast<double>(m);
  double spread = 0.0;
  for (std::size_t b = 0; b < batches; ++b) {
    const std::size_t begin = m * b / batches, end = m * (b + 1) / batches;
    const double length = static_cast<double>(end - begin);
    const double batch_mean = (y[end] - y[begin]) / length;
    spread += length * (batch_mean - mean_increment) * (batch_mean - mean_increment);
  }
  const double long_run_variance = spread / static_cast<double>(batches - 1);
  fit.batches = batches;
  fit.stderr_per_step = std::sqrt(long_run_variance * sum_c2);
  const double critical = stats::student_t_quantile(0.975, static_cast<double>(batches - 1));
  fit.ci_low = fit.exponent_per_step - critical * fit.stderr_per_step;
  fit.ci_high = fit.exponent_per_step + critical * fit.stderr_per_step;
}

}  // namespace

GrowthFit fit_growth(std::span<const long long> steps, std::span<const double> distance,
                     std::span<const double> base_norm, const GrowthFitOptions& options) {
  if (auto problem = growth_fit_problem(options)) throw InputError(*problem);
  GrowthFit fit;
  const std::size_t rows = std::min(steps.size(), distance.size());
  std::size_t r0 = 0;
  while (r0 < rows && options.first_step != no_step && steps[r0] < options.first_step) ++r0;
  std::size_t end = rows;  // one past the last row of the range
  while (end > r0 && options.last_step != no_step && steps[end - 1] > options.last_step) --end;
  if (end == r0) return fit;  // no row in the range: too_short
  fit.first_step = steps[r0];

  // Saturation: the first row of the range where the separation is no longer small against the
  // state. With the default end of the range, the fit stops there.
  std::size_t saturation_row = rows;
  if (options.saturation > 0.0 && base_norm.size() >= rows)
    for (std::size_t r = r0; r < end; ++r)
      if (distance[r] >= options.saturation * base_norm[r]) {
        fit.saturation_step = steps[r];
        saturation_row = r;
        if (options.last_step == no_step) end = r + 1;
        break;
      }
  const std::size_t r1 = end - 1;
  fit.last_step = steps[r1];
  fit.rows = end - r0;
  fit.distance_first = distance[r0];
  fit.distance_last = distance[r1];

  for (std::size_t r = r0; r < end; ++r)
    if (!std::isfinite(distance[r])) {
      fit.status = GrowthStatus::non_finite;
      return fit;
    }
  if (distance[r0] <= 0.0) {
    fit.status = GrowthStatus::identical;
    return fit;
  }
  fit.growth = distance[r1] / distance[r0];
  double largest = distance[r0];
  for (std::size_t r = r0; r < rows; ++r)
    if (std::isfinite(distance[r])) largest = std::max(largest, distance[r]);
  fit.max_growth = largest / distance[r0];
  for (std::size_t r = r0; r < end; ++r)
    if (distance[r] <= 0.0) {
      fit.status = GrowthStatus::merged;
      fit.verdict = Verdict::contracting;
      fit.basis = VerdictBasis::merged;
      return fit;
    }
  // The nudge became macroscopic inside the range, having grown at least min_growth-fold: sensitive
  // dependence, however unevenly it grew (in bursts, the rate's interval is wide).
  const bool saturated = saturation_row < end && distance[saturation_row] / distance[r0] >= options.min_growth;
  if (saturated) fit.verdict = Verdict::chaotic, fit.basis = VerdictBasis::saturation;
  if (fit.rows < 5) return fit;  // too_short: two batches of two increments need five rows

  fit_slope(steps, distance, r0, r1, options.batches, fit);
  fit.status = GrowthStatus::ok;
  const double span = static_cast<double>(fit.last_step - fit.first_step);
  fit.fitted_growth = std::exp(fit.exponent_per_step * span);
  fit.exponent_per_epoch = fit.exponent_per_step * options.steps_per_epoch;
  const double threshold = std::log(options.min_growth);
  if (fit.ci_low > 0.0 && fit.exponent_per_step * span >= threshold) fit.verdict = Verdict::chaotic, fit.basis = VerdictBasis::rate;
  else if (saturated) return fit;  // chaotic by saturation
  else if (fit.ci_high < 0.0 && fit.exponent_per_step * span <= -threshold)
    fit.verdict = Verdict::contracting, fit.basis = VerdictBasis::rate;
  else fit.verdict = Verdict::neutral;
  return fit;
}

}  // namespace legcnet::dynamics
