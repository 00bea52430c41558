#include "legcnet/dynamics/surrogates.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <unsupported/Eigen/FFT>

namespace legcnet::dynamics {

std::string_view surrogate_kind_name(SurrogateKind kind) {
  return kind == SurrogateKind::shuffle ? "shuffle" : "iaaft";
}

std::optional<SurrogateKind> parse_surrogate_kind(std::string_view text) {
  if (text == "shuffle") return SurrogateKind::shuffle;
  if (text == "iaaft") return SurrogateKind::iaaft;
  return std::nullopt;
}

RandomStream surrogate_stream(std::uint64_t seed, std::uint64_t column, std::uint64_t window) {
  // Distinct (column, window) pairs give distinct seeds (column < 2^40, window < 2^24 in practice);
  // RandomStream runs them through SplitMix64.
  return RandomStream(seed ^ (column * 0x9E3779B97F4A7C15ULL) ^ (window * 0xD1B54A32D192ED03ULL), "surrogate");
}

// Eigen's FFT (kissfft inside: mixed radix, any length), with its plans cached per length.
struct SurrogateGenerator::Fft {
  Eigen::FFT<double> fft;
};

SurrogateGenerator::SurrogateGenerator(SurrogateKind kind, std::size_t max_iterations)
    : kind_(kind), max_iterations_(max_iterations), fft_(std::make_unique<Fft>()) {}
SurrogateGenerator::~SurrogateGenerator() = default;
SurrogateGenerator::SurrogateGenerator(SurrogateGenerator&&) noexcept = default;
SurrogateGenerator& SurrogateGenerator::operator=(SurrogateGenerator&&) noexcept = default;

void SurrogateGenerator::set_window(std::span<const double> window) {
  window_.assign(window.begin(), window.end());
  if (kind_ == SurrogateKind::iaaft) {
    sorted_ = window_;
    std::sort(sorted_.begin(), sorted_.end());
    if (window_.size() < 2) {  // kissfft cannot plan a transform of length 1; its DFT is the value
      amplitudes_.assign(1, window_.empty() ? 0.0 : std::abs(window_[0]));
      amplitudes_.resize(window_.size());
      return;
    }
    fft_->fft.fwd(spectrum_, window_);
    amplitudes_.resize(spectrum_.size());
    for (std::size_t f = 0; f < spectrum_.size(); ++f) amplitudes_[f] = std::sqrt(std::norm(spectrum_[f]));
  }
}

// Replaces the Fourier amplitudes of `values` by the window's, keeping the phases (a zero
// coefficient gets phase 0), and transforms back.
void SurrogateGenerator::impose_amplitudes(std::span<double> values) {
  work_.assign(values.begin(), values.end());
  fft_->fft.fwd(spectrum_, work_);
  for (std::size_t f = 0; f < spectrum_.size(); ++f) {
    // sqrt(re^2 + im^2), not std::abs (hypot, several times slower): |x| <= 1e150 in any window
    // with an exponent, so the squares cannot overflow.
    const double magnitude = std::sqrt(std::norm(spectrum_[f]));
    spectrum_[f] = magnitude > 0.0 ? spectrum_[f] * (amplitudes_[f] / magnitude) : std::complex<double>(amplitudes_[f], 0.0);
  }
  fft_->fft.inv(work_, spectrum_);
  std::copy(work_.begin(), work_.end(), values.begin());
}

// out[i] = the window's value of the same rank as target[i], ranks by (value, position), a total
// order, so the result does not depend on the sorting method. Sorting is most of IAAFT's cost:
// after the first rounds the ranks barely change, so `ranked_` keeps the previous round's order and
// an insertion sort repairs it in about n steps (a full sort when it is far off).
void SurrogateGenerator::rank_remap(std::span<const double> target, std::span<double> out, bool first_round) {
  const auto before = [](const Ranked& a, const Ranked& b) {
    return a.value < b.value || (a.value == b.value && a.index < b.index);
  };
  const std::size_t n = target.size();
  bool sorted = false;
  if (!first_round && ranked_.size() == n) {
    for (auto& item : ranked_) item.value = target[item.index];
    std::size_t moves = 0;
    sorted = true;
    for (std::size_t i = 1; i < n && sorted; ++i) {
      const Ranked item = ranked_[i];
      std::size_t j = i;
      for (; j > 0 && before(item, ranked_[j - 1]); --j) ranked_[j] = ranked_[j - 1];
      ranked_[j] = item;
      moves += i - j;
      sorted = moves <= 8 * n;
    }
  }
  if (!sorted) {
    ranked_.resize(n);
    for (std::size_t i = 0; i < n; ++i) ranked_[i] = {target[i], i};
    std::sort(ranked_.begin(), ranked_.end(), before);
  }
  for (std::size_t rank = 0; rank < n; ++rank) out[ranked_[rank].index] = sorted_[rank];
}

void SurrogateGenerator::generate(RandomStream& random, std::span<double> out) {
  std::copy(window_.begin(), window_.end(), out.begin());
  random.shuffle(out);
  last_iterations_ = 0;
  if (kind_ == SurrogateKind::shuffle || out.size() < 2) return;
  for (last_iterations_ = 1; last_iterations_ <= max_iterations_; ++last_iterations_) {
    filtered_.assign(out.begin(), out.end());
    impose_amplitudes(filtered_);
    previous_.assign(out.begin(), out.end());
    rank_remap(filtered_, out, last_iterations_ == 1);
    if (std::equal(out.begin(), out.end(), previous_.begin())) return;  // the ranks no longer change
  }
  last_iterations_ = max_iterations_;
}

double rank_p_value(double observed, std::span<const double> surrogate_exponents) {
  if (!std::isfinite(observed)) return std::numeric_limits<double>::quiet_NaN();
  std::size_t finite = 0, at_least = 0;
  for (double value : surrogate_exponents)
    if (std::isfinite(value)) {
      ++finite;
      at_least += value >= observed;
    }
  if (finite == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(1 + at_least) / static_cast<double>(1 + finite);
}

std::vector<double> direct_dft_amplitudes(std::span<const double> x) {
  const std::size_t n = x.size();
  std::vector<double> amplitudes(n);
  for (std::size_t f = 0; f < n; ++f) {
    std::complex<double> sum = 0.0;
    for (std::size_t t = 0; t < n; ++t) {
      // The angle reduced modulo n first, so that large f * t lose no precision.
      const double angle = -2.0 * std::numbers::pi * static_cast<double>((f * t) % n) / static_cast<double>(n);
      sum += x[t] * std::complex<double>(std::cos(angle), std::sin(angle));
    }
    amplitudes[f] = std::abs(sum);
  }
  return amplitudes;
}

std::vector<double> fft_amplitudes(std::span<const double> x) {
  SurrogateGenerator generator(SurrogateKind::iaaft);
  generator.set_window(x);
  return generator.amplitudes();
}

}  // namespace legcnet::dynamics
