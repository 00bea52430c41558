#pragma once
// A continuous power law p(x) ~ x^-alpha for x >= xmin fitted to the tail of a sample, as
// Clauset, Shalizi and Newman (2009, SIAM Review 51, 661):
//
//   alpha(xmin) = 1 + n / sum_{x_i >= xmin} ln(x_i / xmin)       (maximum likelihood, eq. 3.1)
//   D(xmin)     = sup_x |S(x) - P(x)| over the n tail values      (Kolmogorov-Smirnov distance)
//                 S the empirical CDF of the tail, P(x) = 1 - (x / xmin)^(1 - alpha)
//   xmin        = the candidate with the smallest D; candidates are the distinct sample values
//                 with at least min_tail values at or above them
//
// D is the exact supremum over the step function S: max_i max(P(x_i) - i/n, (i+1)/n - P(x_i))
// over the sorted tail. plfit and the `powerlaw` package use P(x_i) - i/n only, which can differ
// by up to 1/n. docs/diag.md explains min_tail.
#include <cstddef>
#include <limits>
#include <span>
#include <string_view>

namespace legcnet::diag {

enum class PowerLawStatus {
  ok,
  too_few_values,  // fewer than min_tail positive values: nothing to fit
  non_finite,      // a value is NaN or infinite
  degenerate,      // no candidate tail holds two different values (alpha would be infinite)
};

std::string_view status_name(PowerLawStatus status);  // "ok", "too_few_values", ...

struct PowerLawOptions {
  std::size_t min_tail = 5;  // smallest tail a candidate xmin may leave; at least 2
};

struct PowerLawFit {
  PowerLawStatus status = PowerLawStatus::ok;
  double alpha = std::numeric_limits<double>::quiet_NaN();  // NaN unless status is ok
  double xmin = std::numeric_limits<double>::quiet_NaN();
  double ks_distance = std::numeric_limits<double>::quiet_NaN();
  double alpha_standard_error = std::numeric_limits<double>::quiet_NaN();  // (alpha - 1) / sqrt(n)
  std::size_t tail_count = 0;  // n: values >= xmin
  std::size_t candidates = 0;  // xmins tried
};

// Fits the tail, choosing xmin. Values <= 0 never enter a tail (xmin > 0). Throws
// legcnet::InputError when options.min_tail < 2.
[[nodiscard]] PowerLawFit fit_power_law(std::span<const double> values, const PowerLawOptions& options = {});

// Fits the tail above a given xmin > 0 (status too_few_values when fewer than two values are
// at or above it). Throws legcnet::InputError when xmin is not finite and positive.
[[nodiscard]] PowerLawFit fit_power_law_at(std::span<const double> values, double xmin);

}  // namespace legcnet::diag
