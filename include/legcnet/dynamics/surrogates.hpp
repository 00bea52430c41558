#pragma once
// Surrogate windows for a test of the windowed exponents (docs/surrogates.md): is a window's
// exponent larger than those of series that share its values (shuffle) or its values and its
// power spectrum (IAAFT) but nothing else?
//
//   shuffle  a uniformly random permutation of the window: the null of independent values
//   iaaft    Schreiber and Schmitz (1996): start from a shuffle, then alternately impose the
//            window's Fourier amplitudes and its exact values (rank-order remapping) until the
//            ranks stop changing (at most `max_iterations` rounds); the result is a permutation
//            of the window with nearly its periodogram: the null of a linear Gaussian process
//            seen through a monotone static transform
//
//   p-value  (1 + #{surrogate exponents >= observed}) / (1 + #{finite surrogate exponents}),
//            one-sided: chaos shows as faster divergence than the surrogates'
#include <complex>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "legcnet/random.hpp"

namespace legcnet::dynamics {

enum class SurrogateKind { shuffle, iaaft };
std::string_view surrogate_kind_name(SurrogateKind kind);
std::optional<SurrogateKind> parse_surrogate_kind(std::string_view text);

// One random stream per (seed, column, window), so that the surrogates of a window do not depend
// on which thread or block computed it, or on the other columns.
RandomStream surrogate_stream(std::uint64_t seed, std::uint64_t column, std::uint64_t window);

// Owns the scratch and the FFT plans: one per thread. Surrogates of a window depend on the
// window's values and the random stream only.
class SurrogateGenerator {
 public:
  explicit SurrogateGenerator(SurrogateKind kind, std::size_t max_iterations = 200);
  ~SurrogateGenerator();
  SurrogateGenerator(SurrogateGenerator&&) noexcept;
  SurrogateGenerator& operator=(SurrogateGenerator&&) noexcept;

  SurrogateKind kind() const { return kind_; }
  // Prepares for surrogates of `window` (sorted values; for IAAFT its Fourier amplitudes).
  void set_window(std::span<const double> window);
  // One surrogate of the current window into `out` (the window's length).
  void generate(RandomStream& random, std::span<double> out);
  // IAAFT rounds the last surrogate took (0 for shuffle); max_iterations when it did not converge.
  std::size_t last_iterations() const { return last_iterations_; }
  // |FFT(window)_f|, f = 0 .. n-1 (IAAFT only: what every surrogate's spectrum is made to match).
  const std::vector<double>& amplitudes() const { return amplitudes_; }

 private:
  void impose_amplitudes(std::span<double> values);
  void rank_remap(std::span<const double> target, std::span<double> out, bool first_round);

  SurrogateKind kind_;
  std::size_t max_iterations_;
  std::size_t last_iterations_ = 0;
  std::vector<double> window_, sorted_, amplitudes_, work_, filtered_, previous_;
  struct Ranked {
    double value;
    std::size_t index;
  };
  std::vector<Ranked> ranked_;
  std::vector<std::complex<double>> spectrum_;
  struct Fft;
  std::unique_ptr<Fft> fft_;
};

// (1 + #{s >= observed}) / (1 + #{finite s}) over the finite surrogate exponents; NaN when the
// observed exponent is not finite or no surrogate exponent is.
double rank_p_value(double observed, std::span<const double> surrogate_exponents);

// |DFT(x)_f| for f = 0 .. n-1 by the O(n^2) definition (for tests of the FFT path).
std::vector<double> direct_dft_amplitudes(std::span<const double> x);
// The same through the generator's FFT.
std::vector<double> fft_amplitudes(std::span<const double> x);

}  // namespace legcnet::dynamics
