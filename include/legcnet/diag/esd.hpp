#pragma once
// Empirical spectral density of a layer's weights, WeightWatcher-style (Martin and Mahoney).
// For W (out x in), N = max(out, in), M = min(out, in):
//
//   eigenvalues   the M eigenvalues of the smaller Gram matrix divided by N: W W^T / N when
//                 out <= in, else W^T W / N. These are the nonzero spectrum of X = W^T W / N
//                 (the other in - M eigenvalues of X are exactly 0 and are not reported).
//   alpha         the power-law exponent of their tail (power_law.hpp), xmin by smallest KS distance
//   alpha_weighted = alpha * log10(lambda_max)
//   Marchenko-Pastur edges lambda_-+ = sigma^2 (1 -+ 1/sqrt(Q))^2, Q = N / M >= 1, sigma^2 the
//                 population variance (mean removed, divided by out * in) of W's entries:
//                 where an i.i.d. random W of that variance would put its bulk.
//
// A mask is applied by the caller (pruned entries set to 0; the zeros count in sigma^2), or by
// network_spectra(net, mask). docs/diag.md explains the thresholds.
#include <Eigen/Core>
#include <cstddef>
#include <limits>
#include <string_view>
#include <vector>

#include "legcnet/diag/power_law.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::diag {

enum class EsdStatus {
  ok,
  too_few_eigenvalues,  // M < min_eigenvalues: reported, but a tail fit means nothing
  non_finite,           // W holds NaN or infinity: nothing computed
};

std::string_view status_name(EsdStatus status);  // "ok", "too_few_eigenvalues", "non_finite"

struct EsdOptions {
  std::size_t min_eigenvalues = 5;  // fewer: status too_few_eigenvalues
  PowerLawOptions power_law;        // min_tail for the xmin search
};

struct LayerSpectrum {
  EsdStatus status = EsdStatus::ok;
  Eigen::Index rows = 0, columns = 0;  // out, in
  Eigen::Index n = 0, m = 0;           // N = max(out, in), M = min(out, in)
  std::vector<double> eigenvalues;     // M values, ascending; round-off may leave tiny negatives
  double lambda_max = std::numeric_limits<double>::quiet_NaN();
  // Eigenvalues <= N * machine epsilon * lambda_max: zero up to round-off (rank lost to pruning,
  // or dead units). They are left out of the fit.
  std::size_t zero_eigenvalues = 0;
  double weight_variance = std::numeric_limits<double>::quiet_NaN();  // sigma^2
  double mp_lambda_minus = std::numeric_limits<double>::quiet_NaN();
  double mp_lambda_plus = std::numeric_limits<double>::quiet_NaN();
  std::size_t above_bulk = 0;  // eigenvalues > mp_lambda_plus
  PowerLawFit fit;             // fitted to the eigenvalues above the zero threshold
  double alpha_weighted = std::numeric_limits<double>::quiet_NaN();  // NaN unless fit.status is ok
};

// Throws legcnet::InputError for an empty matrix.
[[nodiscard]] LayerSpectrum layer_spectrum(const Eigen::MatrixXd& weights, const EsdOptions& options = {});

// One per layer, from the first hidden layer to the output layer.
[[nodiscard]] std::vector<LayerSpectrum> network_spectra(const nn::Mlp& net, const EsdOptions& options = {});
// The same with pruned weights set to 0. Throws InputError when the mask does not fit the network.
[[nodiscard]] std::vector<LayerSpectrum> network_spectra(const nn::Mlp& net, const nn::Mask& mask,
                                                         const EsdOptions& options = {});

}  // namespace legcnet::diag
