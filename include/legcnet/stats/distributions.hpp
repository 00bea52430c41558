#pragma once
// Tail probabilities through Boost.Math, guarded so that nothing throws: an invalid argument
// (non-finite or non-positive degrees of freedom, a nan statistic) gives NaN.

namespace legcnet::stats {

// P(F > x) for F ~ F(df_num, df_denom). x <= 0 gives 1, x = +inf gives 0.
[[nodiscard]] double f_sf(double x, double df_num, double df_denom) noexcept;

// P(X > x) for X ~ chi-squared(df). x <= 0 gives 1, x = +inf gives 0.
[[nodiscard]] double chi2_sf(double x, double df) noexcept;

// log P(F > x) and log P(X > x), finite where the tail itself underflows to 0 (up to x of about
// 1e300): log1p(-P(X <= x)) while the tail exceeds 1/2, log of the tails above while they exceed
// 1e-250, else the continued fractions of the
// incomplete beta and gamma functions (Numerical Recipes' betacf and gcf, modified Lentz), which
// converge fast exactly there. x <= 0 gives 0, x = +inf gives -inf, invalid arguments NaN.
[[nodiscard]] double f_log_sf(double x, double df_num, double df_denom) noexcept;
[[nodiscard]] double chi2_log_sf(double x, double df) noexcept;

// P(Z <= x) for a standard normal Z. -inf gives 0, +inf gives 1.
[[nodiscard]] double normal_cdf(double x) noexcept;

// The p-quantile of Student's t with df degrees of freedom (p in (0, 1); NaN otherwise).
[[nodiscard]] double student_t_quantile(double p, double df) noexcept;

}  // namespace legcnet::stats
