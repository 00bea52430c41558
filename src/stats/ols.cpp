#include "legcnet/stats/ols.hpp"

#include <Eigen/QR>

#include <cmath>
#include <numbers>

namespace legcnet::stats {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void fill_summary(OlsFit& fit) {
  const auto n = static_cast<double>(fit.nobs);
  const auto k = static_cast<double>(fit.rank);
  fit.df_resid = n - k;
  fit.llf = gaussian_llf(fit.rss, n);
  fit.aic = akaike(fit.llf, k);
  fit.bic = schwarz(fit.llf, k, n);
}

// sigma^2 * diag((X'X)^+) from the diagonal of the (pseudo-)inverse Gram matrix.
Eigen::VectorXd standard_errors(const Eigen::VectorXd& inverse_gram_diagonal, const OlsFit& fit) {
  if (!(fit.df_resid > 0.0)) {
    return Eigen::VectorXd::Constant(inverse_gram_diagonal.size(), nan);
  }
  const double scale = fit.rss / fit.df_resid;
  return (inverse_gram_diagonal * scale).cwiseSqrt();
}

}  // namespace

double OlsFit::t_value(Eigen::Index column) const noexcept {
  if (!fitted() || column < 0 || column >= coefficients.size()) return nan;
  return coefficients[column] / standard_errors[column];
}

double gaussian_llf(double rss, double nobs) noexcept {
  const double half = nobs / 2.0;
  return -half * std::log(2.0 * std::numbers::pi) - half * std::log(rss / nobs) - half;
}

double akaike(double llf, double k) noexcept { return -2.0 * llf + 2.0 * k; }

double schwarz(double llf, double k, double nobs) noexcept { return -2.0 * llf + std::log(nobs) * k; }

double rank_tolerance(Eigen::Index columns) noexcept {
  return static_cast<double>(columns) * std::numeric_limits<double>::epsilon();
}

OlsFit ols(const Eigen::Ref<const Eigen::MatrixXd>& design, const Eigen::Ref<const Eigen::VectorXd>& response) {
  OlsFit fit;
  const Eigen::Index n = design.rows();
  const Eigen::Index k = design.cols();
  if (n == 0 || k == 0 || response.size() != n) return fit;
  fit.nobs = n;
  if (!design.allFinite() || !response.allFinite()) {
    fit.status = OlsStatus::nonfinite_input;
    return fit;
  }

  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(design);
  qr.setThreshold(rank_tolerance(k));
  fit.rank = qr.rank();
  Eigen::VectorXd inverse_gram_diagonal(k);

  if (fit.rank == k) {
    fit.coefficients = qr.solve(response);
    // diag((X'X)^-1) with X P = Q R: the squared norms of the rows of R^-1, permuted back.
    const Eigen::MatrixXd r_inverse = qr.matrixR()
                                          .topLeftCorner(k, k)
                                          .triangularView<Eigen::Upper>()
                                          .solve(Eigen::MatrixXd::Identity(k, k));
    const Eigen::VectorXd row_norms = r_inverse.rowwise().squaredNorm();
    const auto& permutation = qr.colsPermutation().indices();
    for (Eigen::Index p = 0; p < k; ++p) inverse_gram_diagonal[permutation[p]] = row_norms[p];
    fit.status = OlsStatus::ok;
  } else {
    // Minimum-norm solution and pseudo-inverse, the answer statsmodels' pinv method gives.
    Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(design);
    cod.setThreshold(rank_tolerance(k));
    fit.coefficients = cod.solve(response);
    const Eigen::MatrixXd pseudo_inverse = cod.pseudoInverse();
    inverse_gram_diagonal = pseudo_inverse.rowwise().squaredNorm();
    fit.rank = cod.rank();
    fit.status = OlsStatus::rank_deficient;
  }

  fit.rss = (response - design * fit.coefficients).squaredNorm();
  fill_summary(fit);
  fit.standard_errors = standard_errors(inverse_gram_diagonal, fit);
  if (!(fit.df_resid > 0.0)) fit.status = OlsStatus::no_residual_df;
  return fit;
}

}  // namespace legcnet::stats
