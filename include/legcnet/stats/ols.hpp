#pragma once
// Ordinary least squares through Householder QR, with the summary numbers statsmodels' OLS reports
// (rank, residual degrees of freedom, Gaussian log-likelihood, AIC, BIC).
#include <Eigen/Core>

#include <limits>

namespace legcnet::stats {

enum class OlsStatus {
  ok,
  rank_deficient,   // fitted anyway: minimum-norm coefficients, as statsmodels' pinv gives
  no_residual_df,   // nobs <= rank: coefficients fitted, standard errors undefined (NaN)
  nonfinite_input,  // nan or inf in the design or the response: nothing fitted
  empty,            // no rows, no columns, or rows of design and response differ
};

struct OlsFit {
  OlsStatus status = OlsStatus::empty;
  Eigen::VectorXd coefficients;     // one per design column, in the design's order
  Eigen::VectorXd standard_errors;  // sqrt(diag((X'X)^+) * rss / df_resid)
  double rss = std::numeric_limits<double>::quiet_NaN();
  Eigen::Index nobs = 0;
  Eigen::Index rank = 0;  // numerical rank: |R_ii| > cols * eps * max|R_jj| (numpy's matrix_rank rule)
  double df_resid = std::numeric_limits<double>::quiet_NaN();  // nobs - rank
  double llf = std::numeric_limits<double>::quiet_NaN();
  double aic = std::numeric_limits<double>::quiet_NaN();  // k = rank (statsmodels: df_model + k_constant)
  double bic = std::numeric_limits<double>::quiet_NaN();

  [[nodiscard]] bool fitted() const noexcept {
    return status == OlsStatus::ok || status == OlsStatus::rank_deficient || status == OlsStatus::no_residual_df;
  }
  // coefficient / standard error; NaN when undefined.
  [[nodiscard]] double t_value(Eigen::Index column) const noexcept;
};

// Regress `response` on the columns of `design` (include a column of ones for a constant).
// Never throws on data: degenerate inputs come back as a status.
[[nodiscard]] OlsFit ols(const Eigen::Ref<const Eigen::MatrixXd>& design,
                         const Eigen::Ref<const Eigen::VectorXd>& response);

// statsmodels' definitions, k = number of estimated coefficients (rank, constant included):
// llf = -n/2 (log(2 pi rss / n) + 1), aic = -2 llf + 2k, bic = -2 llf + k log n.
[[nodiscard]] double gaussian_llf(double rss, double nobs) noexcept;
[[nodiscard]] double akaike(double llf, double k) noexcept;
[[nodiscard]] double schwarz(double llf, double k, double nobs) noexcept;

// The relative tolerance on |R_ii| / max|R_jj| below which a column counts as dependent, for a
// design with `columns` columns (numpy's matrix_rank default on the singular values).
[[nodiscard]] double rank_tolerance(Eigen::Index columns) noexcept;

}  // namespace legcnet::stats
