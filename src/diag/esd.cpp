#include "legcnet/diag/esd.hpp"

#include "legcnet/error.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace legcnet::diag {

std::string_view status_name(EsdStatus status) {
  switch (status) {
    case EsdStatus::ok: return "ok";
    case EsdStatus::too_few_eigenvalues: return "too_few_eigenvalues";
    case EsdStatus::non_finite: return "non_finite";
  }
  return "unknown";
}

LayerSpectrum layer_spectrum(const Eigen::MatrixXd& weights, const EsdOptions& options) {
  if (weights.size() == 0) throw InputError("layer_spectrum: empty weight matrix");
  LayerSpectrum spectrum;
  spectrum.rows = weights.rows();
  spectrum.columns = weights.cols();
  spectrum.n = std::max(weights.rows(), weights.cols());
  spectrum.m = std::min(weights.rows(), weights.cols());
  if (!weights.allFinite()) {
    spectrum.status = EsdStatus::non_finite;
    return spectrum;
  }
  const auto n = static_cast<double>(spectrum.n), m = static_cast<double>(spectrum.m);

  // The smaller Gram matrix has the same nonzero eigenvalues as W^T W, and only those.
  const Eigen::MatrixXd gram = weights.rows() <= weights.cols() ? Eigen::MatrixXd(weights * weights.transpose() / n)
                                                                : Eigen::MatrixXd(weights.transpose() * weights / n);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram, Eigen::EigenvaluesOnly);
  const Eigen::VectorXd& values = solver.eigenvalues();  // ascending
  spectrum.eigenvalues.assign(values.data(), values.data() + values.size());
  spectrum.lambda_max = spectrum.eigenvalues.back();

  // Through the Gram matrix an eigenvalue is only known to about eps * lambda_max (not the
  // eps^2 of a singular value), so numpy's rank rule, max(out, in) * eps * largest, applies here.
  const double zero_threshold = n * std::numeric_limits<double>::epsilon() * std::max(spectrum.lambda_max, 0.0);
  std::vector<double> nonzero;
  for (const double v : spectrum.eigenvalues) {
    if (v > zero_threshold) {
      nonzero.push_back(v);
    } else {
      ++spectrum.zero_eigenvalues;
    }
  }

  const double mean = weights.mean();
  spectrum.weight_variance = (weights.array() - mean).square().mean();
  const double inverse_root_q = std::sqrt(m / n);
  spectrum.mp_lambda_minus = spectrum.weight_variance * (1.0 - inverse_root_q) * (1.0 - inverse_root_q);
  spectrum.mp_lambda_plus = spectrum.weight_variance * (1.0 + inverse_root_q) * (1.0 + inverse_root_q);
  spectrum.above_bulk = static_cast<std::size_t>(
      std::count_if(spectrum.eigenvalues.begin(), spectrum.eigenvalues.end(),
                    [&](double v) { return v > spectrum.mp_lambda_plus; }));

  spectrum.fit = fit_power_law(nonzero, options.power_law);
  if (spectrum.fit.status == PowerLawStatus::ok) {
    spectrum.alpha_weighted = spectrum.fit.alpha * std::log10(spectrum.lambda_max);
  }
  if (static_cast<std::size_t>(spectrum.m) < options.min_eigenvalues) spectrum.status = EsdStatus::too_few_eigenvalues;
  return spectrum;
}

std::vector<LayerSpectrum> network_spectra(const nn::Mlp& net, const EsdOptions& options) {
  std::vector<LayerSpectrum> spectra;
  spectra.reserve(net.weights.size());
  for (const auto& w : net.weights) spectra.push_back(layer_spectrum(w, options));
  return spectra;
}

std::vector<LayerSpectrum> network_spectra(const nn::Mlp& net, const nn::Mask& mask, const EsdOptions& options) {
  if (mask.keep.size() != net.weight_count()) {
    throw InputError("network_spectra: the mask has " + std::to_string(mask.keep.size()) + " entries, the network " +
                     std::to_string(net.weight_count()) + " weights");
  }
  const std::vector<Eigen::MatrixXd> factors = mask.layer_factors(net);
  std::vector<LayerSpectrum> spectra;
  spectra.reserve(net.weights.size());
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    spectra.push_back(layer_spectrum(net.weights[l].cwiseProduct(factors[l]), options));
  }
  return spectra;
}

}  // namespace legcnet::diag
