#include "legcnet/dynamics/rosenstein.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "legcnet/error.hpp"

namespace legcnet::dynamics {
namespace {

constexpr std::size_t largest_count = 1'000'000;
constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr std::size_t no_index = std::numeric_limits<std::size_t>::max();

// nolds ranks neighbours by the rounded Euclidean distance sqrt(d2), so two squared distances a
// few ulps apart can tie there. A squared distance above best * (1 + 8 eps) has a strictly larger
// rounded sqrt (sqrt halves relative gaps, and 8 eps leaves more than two ulps), so only
// candidates below this margin need their sqrt taken to apply the lowest-index tie rule.
constexpr double tie_margin = 1.0 + 8.0 * std::numeric_limits<double>::epsilon();
constexpr double below_tie_margin = 1.0 - 8.0 * std::numeric_limits<double>::epsilon();

constexpr std::uint64_t mantissa_bits = 0x000F'FFFF'FFFF'FFFFull;
constexpr std::uint64_t exponent_of_one =
    0x3FF0'0000'0000'0000ull;  // the bits of 1.0 less mantissa
constexpr double ln_two = 0.693147180559945309417232121458176568;
constexpr double smallest_normal = std::numeric_limits<double>::min();
// (2^52 + e) has the bits two_to_52_bits | e for an integer 0 <= e < 2^52.
constexpr std::uint64_t two_to_52_bits = 0x4330'0000'0000'0000ull;
constexpr double two_to_52 = 0x1.0p52;
// Windows with a value beyond this are refused: squared distances could overflow.
constexpr double largest_magnitude = 1e150;

double square(double value) {
  return value * value;
}

// The near-tie case of the neighbour search: compares rounded Euclidean distances as nolds does,
// the lower index winning a tie.
bool rounded_distance_wins(double squared, std::size_t index, double best_squared,
                           std::size_t best_index) {
  const double distance = std::sqrt(squared);
  const double best_distance = std::sqrt(best_squared);
  return distance < best_distance || (distance == best_distance && index < best_index);
}

std::size_t resolved_fit_last(const RosensteinParams& params) {
  return params.fit_last == fit_to_end ? params.traj_len - 1 : params.fit_last;
}

// One vector's best neighbour so far. offer() keeps the lexicographic minimum of
// (rounded distance, index) over everything offered, in whatever order it comes: nolds' argmin
// with its lowest-index tie rule.
struct Nearest {
  double squared = infinity;  // squared distance of the best candidate so far
  double limit = infinity;    // squared distances above this cannot win
  std::size_t index = no_index;

  void offer(double squared_distance, std::size_t candidate) {
    if (squared_distance > limit) return;
    if (squared_distance < squared * below_tie_margin ||
        rounded_distance_wins(squared_distance, candidate, squared, index)) {
      squared = squared_distance;
      index = candidate;
      limit = squared_distance * tie_margin;
    }
  }
};

// emb_dim or emb_dim - 1 known only at run time (the templates below fix the common ones).
constexpr std::size_t any_count = std::numeric_limits<std::size_t>::max();

// Two doubles (and their bits) in the GCC/Clang vector extension: one SSE2 register on x86-64,
// emulated elsewhere. Arithmetic is lane by lane IEEE, so results do not depend on the target.
typedef double double2 __attribute__((vector_size(16)));
typedef std::uint64_t unsigned2 __attribute__((vector_size(16)));

// Sum of ln sqrt(s) over many squared distances s, without a logarithm each: every normal s is
// split into its mantissa in [1, 2) and its exponent, so the sum becomes
// 0.5 * (ln(product of mantissas) + ln 2 * (sum of exponents)). Two lanes take every other
// term, in one vector register. Zeros are skipped (nolds leaves them out of the mean); subnormal
// s are only flagged, for the caller to add one by one. The result differs from adding
// logarithms one at a time only by round-off, about 1e-16 relative per term.
class LogSum {
 public:
  static constexpr std::size_t lanes = 2;

  // Adds one term to each lane.
  void add(const double (&squared)[lanes]) {
    double2 terms;
    std::memcpy(&terms, squared, sizeof terms);
    add_terms(terms);
    if (++since_normalised_ == 1000) normalise();  // factors < 2: 1000 stay below 2^1000
  }
  // Adds one term to the first lane (a zero changes nothing in the others).
  void add_one(double squared) {
    add_terms(double2{squared, 0.0});
    normalise();
  }
  bool saw_subnormal() const { return (subnormal_[0] | subnormal_[1]) != 0; }
  double count() const { return counted_[0] + counted_[1]; }

  double log_sum() {
    normalise();
    const double product = mantissa_product_[0] * mantissa_product_[1];  // below 4
    const double exponent = exponent_sum_[0] + exponent_sum_[1];
    return 0.5 * (std::log(product) + ln_two * exponent);
  }

 private:
  // Mantissa in [1, 2) and unbiased exponent (as a double) of positive normal numbers.
  static double2 mantissa(unsigned2 bits) {
    return reinterpret_cast_vector<double2>((bits & mantissa_bits) | exponent_of_one);
  }
  static double2 exponent(unsigned2 bits) {
    return reinterpret_cast_vector<double2>((bits >> 52) | two_to_52_bits) - (two_to_52 + 1023.0);
  }
  template <typename To, typename From>
  static To reinterpret_cast_vector(From from) {
    To to;
    std::memcpy(&to, &from, sizeof to);
    return to;
  }

  void add_terms(double2 squared) {
    const auto bits = reinterpret_cast_vector<unsigned2>(squared);
    const auto normal = squared >= smallest_normal;  // all ones or zero per lane
    const auto normal_bits = reinterpret_cast_vector<unsigned2>(normal);
    const double2 one = {1.0, 1.0};
    mantissa_product_ *= normal ? mantissa(bits) : one;
    exponent_sum_ += reinterpret_cast_vector<double2>(
        reinterpret_cast_vector<unsigned2>(exponent(bits)) & normal_bits);
    counted_ +=
        reinterpret_cast_vector<double2>(reinterpret_cast_vector<unsigned2>(one) & normal_bits);
    subnormal_ |= bits & ~normal_bits;  // zero has no bits set
  }
  void normalise() {
    const auto bits = reinterpret_cast_vector<unsigned2>(mantissa_product_);
    exponent_sum_ += exponent(bits);
    mantissa_product_ = mantissa(bits);
    since_normalised_ = 0;
  }

  double2 mantissa_product_ = {1.0, 1.0};
  double2 exponent_sum_ = {0.0, 0.0};  // whole numbers, exact in a double
  double2 counted_ = {0.0, 0.0};
  unsigned2 subnormal_ = {0, 0};
  int since_normalised_ = 0;
};

// d(k) = mean over i of ln ||v_{i+k} - v_{nb(i)+k}||, pairs at distance zero left out.
struct DivergenceCurveSum {
  const double* data;
  const std::size_t* neighbour;
  std::size_t count;  // ntraj
  std::size_t dims;
  std::size_t lag;
  std::size_t steps;

  template <std::size_t FixedDims>
  void run(double* curve) const {
    const std::size_t used_dims = FixedDims == any_count ? dims : FixedDims;
    for (std::size_t k = 0; k < steps; ++k) {
      // The squared distance of pair i at step k, coordinates added in order as nolds does.
      const auto squared_distance = [&](std::size_t i) {
        const double* a = data + i + k;
        const double* b = data + neighbour[i] + k;
        double sum = square(b[0] - a[0]);
        for (std::size_t c = 1; c < used_dims; ++c) sum += square(b[c * lag] - a[c * lag]);
        return sum;
      };
      LogSum sum;
      std::size_t i = 0;
      for (; i + LogSum::lanes <= count; i += LogSum::lanes) {
        double squared[LogSum::lanes];
        for (std::size_t l = 0; l < LogSum::lanes; ++l) squared[l] = squared_distance(i + l);
        sum.add(squared);
      }
      for (; i < count; ++i) sum.add_one(squared_distance(i));
      double small_sum = 0.0;
      double small_count = 0.0;
      if (sum.saw_subnormal()) {  // differences below 1e-154: not worth a fast path
        for (std::size_t j = 0; j < count; ++j) {
          const double squared = squared_distance(j);
          if (squared != 0.0 && squared < smallest_normal) {
            small_sum += std::log(std::sqrt(squared));
            small_count += 1.0;
          }
        }
      }
      const double total = sum.count() + small_count;
      curve[k] = total == 0.0 ? -infinity : (sum.log_sum() + small_sum) / total;
    }
  }
};

// Exact nearest neighbours of the vectors 0 .. count-1, given in increasing order of their first
// coordinate. From each vector the search walks up and then down that order: every candidate
// further out has |x_j - x_i| at least the current gap, and its computed squared distance is at
// least the square of that gap, so once the gap alone exceeds the limit the rest of that side
// cannot win. Candidates go in blocks of eight computed without branches (so they can stay in
// vector registers); only a block that holds a possible winner is looked at one by one. Squared
// distances add the coordinates in order 0 .. emb_dim-1, as nolds does.
struct NeighbourSearch {
  const double* key;         // first coordinate, by rank
  const double* time;        // vector index as a double (exact), by rank: compares in SIMD lanes
  const std::size_t* index;  // vector index, by rank
  const double* rest;        // other coordinates, `others` per rank
  std::size_t others;
  std::size_t min_tsep;
  std::size_t count;

  static constexpr std::size_t block = 8;

  template <std::size_t FixedOthers>
  void run(std::size_t* neighbour) const {
    const std::size_t stride = FixedOthers == any_count ? others : FixedOthers;
    const double separation = static_cast<double>(min_tsep);
    for (std::size_t r = 0; r < count; ++r) {
      const double own_key = key[r];
      const double own_time = time[r];
      const double* own = rest + r * stride;
      Nearest best;
      // Offers ranks first .. first+block-1; false once the block's far end shows this side done.
      const auto scan_block = [&](std::size_t first, std::size_t far_end) {
        double squared[block];
        for (std::size_t q = 0; q < block; ++q) {
          const std::size_t s = first + q;
          double sum = square(key[s] - own_key);
          for (std::size_t c = 0; c < stride; ++c) sum += square(rest[s * stride + c] - own[c]);
          const double apart = time[s] - own_time;
          squared[q] = (apart > separation || apart < -separation) ? sum : infinity;
        }
        double smallest = squared[0];
        for (std::size_t q = 1; q < block; ++q) smallest = std::min(smallest, squared[q]);
        if (smallest <= best.limit) {
          // The others are out of the running unless one is within the tie margin of the
          // smallest (then its index may decide), which is rare: one offer, one branch.
          const double near = smallest * tie_margin;
          std::size_t close = 0;
          std::size_t close_at = 0;
          for (std::size_t q = 0; q < block; ++q) {
            const std::size_t is_close = squared[q] <= near ? 1 : 0;
            close += is_close;
            close_at += is_close * q;
          }
          if (close == 1) {
            best.offer(smallest, index[first + close_at]);
          } else {
            for (std::size_t q = 0; q < block; ++q)
              if (squared[q] != infinity) best.offer(squared[q], index[first + q]);  // not Theiler
          }
        }
        return square(key[far_end] - own_key) <= best.limit;
      };
      const auto scan_one = [&](std::size_t s) {
        double sum = square(key[s] - own_key);
        if (sum > best.limit) return false;
        const std::size_t i = index[r];
        const std::size_t j = index[s];
        if ((j > i ? j - i : i - j) <= min_tsep) return true;
        for (std::size_t c = 0; c < stride; ++c) sum += square(rest[s * stride + c] - own[c]);
        best.offer(sum, j);
        return true;
      };

      std::size_t s = r + 1;
      bool going = true;
      for (; going && s + block <= count; s += block) going = scan_block(s, s + block - 1);
      for (; going && s < count; ++s) going = scan_one(s);
      s = r;
      going = true;
      for (; going && s >= block; s -= block) going = scan_block(s - block, s - block);
      for (; going && s > 0; --s) going = scan_one(s - 1);
      // Never no_index: count >= 2 * min_tsep + 2 leaves every vector a candidate, and distances
      // are finite (estimate() turns away windows whose squares could overflow).
      neighbour[index[r]] = best.index;
    }
  }
};

}  // namespace

std::string_view status_name(LyapunovStatus status) {
  switch (status) {
    case LyapunovStatus::ok: return "ok";
    case LyapunovStatus::too_short: return "too_short";
    case LyapunovStatus::non_finite: return "non_finite";
    case LyapunovStatus::constant: return "constant";
    case LyapunovStatus::no_neighbour: return "no_neighbour";
  }
  return "unknown";
}

std::optional<std::string> rosenstein_params_problem(const RosensteinParams& params) {
  if (params.emb_dim < 1) return "emb_dim must be at least 1";
  if (params.lag < 1) return "lag must be at least 1";
  if (params.traj_len < 2) return "traj_len must be at least 2 (a slope needs two points)";
  if (params.emb_dim > largest_count || params.lag > largest_count ||
      params.min_tsep > largest_count || params.traj_len > largest_count)
    return "emb_dim, lag, min_tsep and traj_len must each be at most 1000000";
  if (params.fit_last != fit_to_end && params.fit_last >= params.traj_len)
    return "fit range must end before traj_len (k runs from 0 to traj_len - 1)";
  if (params.fit_first >= resolved_fit_last(params))
    return "fit range must hold at least two steps (fit_first < fit_last)";
  if (!std::isfinite(params.dt) || params.dt <= 0.0) return "dt must be finite and positive";
  return std::nullopt;
}

std::size_t rosenstein_min_length(const RosensteinParams& params) {
  return (params.emb_dim - 1) * params.lag + params.traj_len + 2 * params.min_tsep + 1;
}

RosensteinEstimator::RosensteinEstimator(const RosensteinParams& params)
    : params_(params), fit_last_(resolved_fit_last(params)) {
  if (auto problem = rosenstein_params_problem(params))
    throw InputError("Rosenstein estimator: " + *problem);
  curve_.resize(params.traj_len);
}

LyapunovResult RosensteinEstimator::estimate(std::span<const double> window,
                                             DivergenceCurve curve) {
  LyapunovResult result;
  if (window.size() < rosenstein_min_length(params_)) {
    result.status = LyapunovStatus::too_short;
    return result;
  }
  bool varies = false;
  for (const double value : window) {
    if (!(std::fabs(value) <= largest_magnitude)) {  // also catches nan and inf
      result.status = LyapunovStatus::non_finite;
      return result;
    }
    varies = varies || value != window[0];
  }
  if (!varies) {
    result.status = LyapunovStatus::constant;
    return result;
  }

  const std::size_t vectors = window.size() - (params_.emb_dim - 1) * params_.lag;
  const std::size_t ntraj = vectors - params_.traj_len + 1;
  rank_vectors(window, ntraj);
  find_neighbours(ntraj);
  accumulate_divergence(window, ntraj);

  const double slope = fit_slope();
  if (std::isnan(slope)) {
    result.status = LyapunovStatus::no_neighbour;
  } else {
    result.exponent = slope / params_.dt;
  }
  if (curve == DivergenceCurve::keep) result.divergence.assign(curve_.begin(), curve_.end());
  return result;
}

// Orders vectors 0 .. ntraj-1 by (first coordinate, index). A counting sort into ntraj buckets
// of equal width does most of the work in linear time (the bucket of a value is a monotone
// function of it, so buckets come out in order); each bucket is then sorted on its own.
void RosensteinEstimator::rank_vectors(std::span<const double> x, std::size_t ntraj) {
  const auto by_key_then_index = [](const Ranked& a, const Ranked& b) {
    return a.key < b.key || (a.key == b.key && a.index < b.index);
  };
  ranked_.resize(ntraj);
  const auto [low, high] =
      std::minmax_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(ntraj));
  const double range = *high - *low;
  const double scale = static_cast<double>(ntraj) / range;
  if (range == 0.0 || !std::isfinite(scale) || !std::isfinite(range)) {
    for (std::size_t i = 0; i < ntraj; ++i) ranked_[i] = {x[i], i};
    std::sort(ranked_.begin(), ranked_.end(), by_key_then_index);
  } else {
    const double lowest = *low;
    bucket_of_.resize(ntraj);
    bucket_end_.assign(ntraj + 1, 0);
    for (std::size_t i = 0; i < ntraj; ++i) {
      const double position = (x[i] - lowest) * scale;
      const std::size_t bucket =
          position < static_cast<double>(ntraj) ? static_cast<std::size_t>(position) : ntraj - 1;
      bucket_of_[i] = bucket;
      ++bucket_end_[bucket + 1];
    }
    for (std::size_t b = 1; b <= ntraj; ++b) bucket_end_[b] += bucket_end_[b - 1];
    // Scatter in index order; afterwards bucket_end_[b] is where bucket b ends.
    for (std::size_t i = 0; i < ntraj; ++i) ranked_[bucket_end_[bucket_of_[i]]++] = {x[i], i};
    std::size_t begin = 0;
    for (std::size_t b = 0; b < ntraj; ++b) {
      const std::size_t end = bucket_end_[b];
      if (end - begin > 1) {
        const auto first = ranked_.begin() + static_cast<std::ptrdiff_t>(begin);
        const auto last = ranked_.begin() + static_cast<std::ptrdiff_t>(end);
        if (end - begin <= 16) {
          for (auto it = first + 1; it != last; ++it)  // insertion sort
            for (auto back = it; back != first && by_key_then_index(*back, *(back - 1)); --back)
              std::iter_swap(back, back - 1);
        } else {
          std::sort(first, last, by_key_then_index);
        }
      }
      begin = end;
    }
  }
  const std::size_t others = params_.emb_dim - 1;
  key_.resize(ntraj);
  time_.resize(ntraj);
  index_.resize(ntraj);
  rest_.resize(ntraj * others);
  for (std::size_t r = 0; r < ntraj; ++r) {
    key_[r] = ranked_[r].key;
    index_[r] = ranked_[r].index;
    time_[r] = static_cast<double>(ranked_[r].index);
    for (std::size_t c = 0; c < others; ++c)
      rest_[r * others + c] = x[ranked_[r].index + (c + 1) * params_.lag];
  }
}

void RosensteinEstimator::find_neighbours(std::size_t ntraj) {
  neighbour_.resize(ntraj);
  const NeighbourSearch search{key_.data(),         time_.data(),     index_.data(), rest_.data(),
                               params_.emb_dim - 1, params_.min_tsep, ntraj};
  switch (params_.emb_dim) {
    case 1: search.run<0>(neighbour_.data()); break;
    case 2: search.run<1>(neighbour_.data()); break;
    case 3: search.run<2>(neighbour_.data()); break;
    default: search.run<any_count>(neighbour_.data()); break;
  }
}

void RosensteinEstimator::accumulate_divergence(std::span<const double> x, std::size_t ntraj) {
  const DivergenceCurveSum sum{x.data(),        neighbour_.data(), ntraj,
                               params_.emb_dim, params_.lag,       params_.traj_len};
  switch (params_.emb_dim) {
    case 1: sum.run<1>(curve_.data()); break;
    case 2: sum.run<2>(curve_.data()); break;
    case 3: sum.run<3>(curve_.data()); break;
    default: sum.run<any_count>(curve_.data()); break;
  }
}

double RosensteinEstimator::fit_slope() const {
  double count = 0.0;
  double k_sum = 0.0;
  double d_sum = 0.0;
  for (std::size_t k = params_.fit_first; k <= fit_last_; ++k) {
    if (!std::isfinite(curve_[k])) continue;
    count += 1.0;
    k_sum += static_cast<double>(k);
    d_sum += curve_[k];
  }
  if (count < 2.0) return quiet_nan;
  const double k_mean = k_sum / count;
  const double d_mean = d_sum / count;
  double cross = 0.0;
  double spread = 0.0;
  for (std::size_t k = params_.fit_first; k <= fit_last_; ++k) {
    if (!std::isfinite(curve_[k])) continue;
    const double centred = static_cast<double>(k) - k_mean;
    cross += centred * (curve_[k] - d_mean);
    spread += centred * centred;
  }
  return cross / spread;
}

LyapunovResult rosenstein_exponent(std::span<const double> window, const RosensteinParams& params,
                                   DivergenceCurve curve) {
  RosensteinEstimator estimator(params);
  return estimator.estimate(window, curve);
}

}  // namespace legcnet::dynamics
