#pragma once
// The largest Lyapunov exponent of one window by Rosenstein, Collins and De Luca (1993), defined
// exactly as nolds.lyap_r(x, emb_dim, lag, min_tsep, tau=dt, trajectory_len=traj_len, fit='poly'):
//
//   v_i = (x_i, x_{i+lag}, ..., x_{i+(emb_dim-1)lag}),  i = 0 .. M-1,  M = N - (emb_dim-1)*lag
//   ntraj = M - traj_len + 1 (the vectors that can be followed traj_len - 1 steps)
//   nb(i) = argmin over j < ntraj with |i - j| > min_tsep of ||v_j - v_i|| (Euclidean), for every
//           i < ntraj; among equal distances (equal as doubles) the lowest j
//   d(k)  = mean over i < ntraj of ln ||v_{i+k} - v_{nb(i)+k}||, skipping pairs at distance 0;
//           -inf when every pair is at distance 0 (k = 0 .. traj_len-1)
//   exponent = least-squares slope of d(k) against k over the fit range, leaving out k whose d(k)
//              is not finite, divided by dt
//
// docs/rosenstein.md explains the defaults and where this departs from nolds (only in
// cases nolds answers with -inf, a warning or an exception).
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace legcnet::dynamics {

// fit_last value meaning "up to the last step, traj_len - 1".
inline constexpr std::size_t fit_to_end = std::numeric_limits<std::size_t>::max();

struct RosensteinParams {
  // Embedding dimension m and delay in samples (the authors ran TISEAN lyap_r -m2 -d1).
  std::size_t emb_dim = 2;
  std::size_t lag = 1;
  // Theiler window: a neighbour must be more than this many samples away in time.
  std::size_t min_tsep = 10;
  // Steps k = 0 .. traj_len-1 over which each pair's divergence is followed.
  std::size_t traj_len = 10;
  // The k range of the line fit, both ends included; fit_to_end means traj_len - 1.
  std::size_t fit_first = 0;
  std::size_t fit_last = fit_to_end;
  // Sampling interval (nolds' tau): the exponent is the per-step slope divided by dt.
  double dt = 1.0;
};

enum class LyapunovStatus {
  ok,
  too_short,     // N < rosenstein_min_length(params): some vector would have no candidate neighbour
  non_finite,    // the window holds nan or inf, or |x| > 1e150 (squared distances could overflow)
  constant,      // every value in the window is the same
  no_neighbour,  // fewer than two k in the fit range have a pair at non-zero distance
};

std::string_view status_name(LyapunovStatus status);  // "ok", "too_short", ...

struct LyapunovResult {
  double exponent = std::numeric_limits<double>::quiet_NaN();  // quiet NaN unless status is ok
  LyapunovStatus status = LyapunovStatus::ok;
  // d(k), k = 0 .. traj_len-1, per step (not divided by dt), when asked for and when the curve
  // was computed (statuses ok and no_neighbour); empty otherwise.
  std::vector<double> divergence;
};

enum class DivergenceCurve { skip, keep };

// Why the parameters are unusable, or nothing: emb_dim, lag >= 1, traj_len >= 2, fit range inside
// 0 .. traj_len-1 holding at least two steps, dt finite and > 0, counts at most 1,000,000.
std::optional<std::string> rosenstein_params_problem(const RosensteinParams& params);

// Shortest window with a result other than too_short:
// (emb_dim - 1) * lag + traj_len + 2 * min_tsep + 1, the same count as nolds.lyap_r_len.
// It makes ntraj >= 2 * min_tsep + 2, so every vector has a candidate neighbour.
std::size_t rosenstein_min_length(const RosensteinParams& params);

// Owns the scratch memory: make one per thread and call estimate() many times. After the first
// call with a window of a given length, calls with windows no longer than it do not allocate
// (unless DivergenceCurve::keep, which fills the result's vector). The result depends on the
// window's values only, never on the order of earlier calls.
class RosensteinEstimator {
 public:
  // Throws legcnet::InputError when rosenstein_params_problem(params) names a problem.
  explicit RosensteinEstimator(const RosensteinParams& params = {});

  const RosensteinParams& params() const { return params_; }
  LyapunovResult estimate(std::span<const double> window,
                          DivergenceCurve curve = DivergenceCurve::skip);

 private:
  struct Ranked {
    double key;         // first coordinate x_i
    std::size_t index;  // i
  };

  void rank_vectors(std::span<const double> x, std::size_t ntraj);
  void find_neighbours(std::size_t ntraj);
  void accumulate_divergence(std::span<const double> x, std::size_t ntraj);
  double fit_slope() const;  // NaN when fewer than two usable k

  RosensteinParams params_;
  std::size_t fit_last_;  // fit_last with fit_to_end resolved

  // Scratch, sized by the longest window seen so far.
  std::vector<std::size_t> bucket_of_;   // counting-sort bucket of vector i
  std::vector<std::size_t> bucket_end_;  // counting-sort bucket boundaries
  std::vector<Ranked> ranked_;           // vectors 0 .. ntraj-1 by increasing (x_i, i)
  std::vector<double> key_;              // the same order split into arrays: x_i,
  std::vector<std::size_t> index_;       // i,
  std::vector<double> time_;             // i as a double,
  std::vector<double> rest_;             // and the other coordinates, emb_dim-1 per vector
  std::vector<std::size_t> neighbour_;   // nb(i), indexed by i
  std::vector<double> curve_;            // d(k)
};

// One-off convenience: builds an estimator and runs it once. Throws InputError on bad params.
LyapunovResult rosenstein_exponent(std::span<const double> window,
                                   const RosensteinParams& params = {},
                                   DivergenceCurve curve = DivergenceCurve::skip);

}  // namespace legcnet::dynamics
