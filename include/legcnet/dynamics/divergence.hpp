#pragma once
// How fast two trajectories of one system separate: the distance d(t) between the base and the
// perturbed state at every recorded step, and the growth rate of ln d(t) with an interval that
// survives the strong serial dependence of ln d (docs/divergence.md).
//
//   d(t)      = || perturbed(t) - base(t) || (Euclidean), also per group of coordinates (layers)
//   exponent  = least-squares slope of ln d(t) against t over the fit range (per step)
//   stderr    = sqrt(Omega * sum_j c_j^2), where the slope is exactly sum_j c_j (ln d_{j+1} - ln d_j)
//               and Omega is the batch-means long-run variance of the increments of ln d
//   interval  = exponent -/+ t_{B-1, 0.975} stderr, B batches
//   verdict   = chaotic when the interval lies above 0 and the fitted growth exp(exponent * span)
//               reaches min_growth (basis "rate"), or when d grew at least min_growth-fold up to
//               saturation, d >= saturation * ||base|| (basis "saturation"); contracting when the
//               interval lies below 0 and the fitted shrinkage reaches 1 / min_growth, or when the
//               runs merge (d = 0); neutral otherwise
//
// Pure functions over rows and spans, so that a stage reading files and a caller holding the runs
// in memory compute the same numbers.
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace legcnet::dynamics {

// Distances of one recorded step. `groups` has one entry per group of coordinates.
struct DivergenceRow {
  double distance = 0.0;   // || perturbed - base ||
  double base_norm = 0.0;  // || base ||, the scale the saturation rule compares with
  std::vector<double> groups;
};

// Fills `row` for one step. group_of[k] (< group_count) names the group of coordinate k; an empty
// group_of means no groups. base, perturbed and group_of (when given) have the same length.
void divergence_row(std::span<const double> base, std::span<const double> perturbed,
                    std::span<const std::size_t> group_of, std::size_t group_count, DivergenceRow& row);

inline constexpr long long no_step = std::numeric_limits<long long>::min();

struct GrowthFitOptions {
  // Fit range in steps, both ends included; no_step: the first / last recorded step.
  long long first_step = no_step;
  long long last_step = no_step;
  // With the default last step, the fit stops at the first row where d >= saturation * ||base||:
  // beyond it the separation is no longer small against the state itself (0: never stop early).
  double saturation = 0.1;
  // Batches of increments for the long-run variance (fewer when the range is short; at least 2).
  std::size_t batches = 10;
  // The smallest growth (or shrinkage) factor over the fit range that counts as chaotic (contracting).
  double min_growth = 100.0;
  double steps_per_epoch = std::numeric_limits<double>::quiet_NaN();  // NaN: per-epoch values NaN
};

enum class Verdict { chaotic, neutral, contracting, undefined };
std::string_view verdict_name(Verdict verdict);
// What decided a chaotic or contracting verdict: the rate and its interval, saturation, a merge.
enum class VerdictBasis { none, rate, saturation, merged };
std::string_view basis_name(VerdictBasis basis);

enum class GrowthStatus {
  ok,
  too_short,   // fewer than 5 rows in the fit range (two batches of two increments)
  merged,      // d = 0 at some row of the range: the trajectories coincide (verdict contracting)
  non_finite,  // a nan or inf distance in the range (a run diverged)
  identical,   // d = 0 at the first row of the range: nothing to follow
};
std::string_view status_name(GrowthStatus status);

struct GrowthFit {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  GrowthStatus status = GrowthStatus::too_short;
  Verdict verdict = Verdict::undefined;
  VerdictBasis basis = VerdictBasis::none;
  long long first_step = 0, last_step = 0;  // the rows actually fitted
  std::size_t rows = 0;
  long long saturation_step = -1;  // first step with d >= saturation * ||base|| (-1: never)
  double exponent_per_step = nan;
  double exponent_per_epoch = nan;
  double stderr_per_step = nan;
  double ci_low = nan, ci_high = nan;  // per step
  std::size_t batches = 0;             // B; the interval uses t with B - 1 degrees of freedom
  double growth = nan;                 // d(last) / d(first) of the fit range
  double fitted_growth = nan;          // exp(exponent * (last_step - first_step))
  double max_growth = nan;             // max over every row from the first fitted on of d / d(first)
  double distance_first = nan, distance_last = nan;
};

// Why the options are unusable, or nothing: batches >= 2, min_growth > 1 and finite, saturation
// finite and >= 0, a fit range with first <= last.
std::optional<std::string> growth_fit_problem(const GrowthFitOptions& options);

// The fit over rows with steps[r] in the range. steps strictly increase; distance and base_norm
// (may be empty: no saturation rule) have one entry per row. Never throws on data.
GrowthFit fit_growth(std::span<const long long> steps, std::span<const double> distance,
                     std::span<const double> base_norm, const GrowthFitOptions& options);

}  // namespace legcnet::dynamics
