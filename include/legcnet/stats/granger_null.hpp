#pragma once
// Null calibration of the Granger decision: the same decision repeated with the target and the
// weight's series circularly shifted against each other by more than the longest lag, so that
// each keeps its own autocorrelation but loses their alignment, and the Monte Carlo p-value of the
// observed decision statistic among the shifted ones. Method, choices and the calibration study:
// docs/stats.md, "Null calibration".
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "legcnet/random.hpp"
#include "legcnet/stats/granger.hpp"

namespace legcnet::stats {

// How the surrogates of a series of n points are made: the series cut into blocks of
// block_length consecutive points (the last one shorter), each block replaced by the same stretch
// taken `shift` points later, circularly, with a shift drawn per block and per surrogate from the
// admissible ones. Within a block the series keeps its autocorrelation; no block is ever aligned
// within largest_lag + 1 of where it was, where it would keep a lagged relation.
struct SurrogatePlan {
  int largest_lag = 0;        // L: the longest lag the decision can test on n points
  int admissible_shifts = 0;  // m = n - 2L - 3: the shifts s = L+2 .. n-L-2
  int blocks = 0;             // ceil(n / ceil(n^(1/3))); 1 when m = 1; 0 when m = 0
  int block_length = 0;       // ceil(n / blocks), about n^(1/3)
  int surrogates = 0;         // as asked; 1 when m = 1 (every surrogate would be the same); 0 when m = 0;
                              // m^blocks when that is fewer than asked (exhaustive)
  // Fewer distinct surrogates (m^blocks, m >= 2) than asked: every one of them once, in a fixed
  // order, instead of draws that would repeat them (and let p_null fall below 1 / (1 + m^blocks)).
  bool exhaustive = false;
};

// The plan for n points, `requested` surrogates and the decision's options, without drawing.
// Why blocks of n^(1/3) and not one circular shift per surrogate: docs/stats.md, "Null calibration".
[[nodiscard]] SurrogatePlan plan_surrogates(std::size_t n, int requested, const GrangerOptions& options);

// The shifts of `plan`'s surrogates drawn from `stream`: one row per surrogate, one shift per
// block, each uniform on the admissible shifts (independently, so surrogates may repeat). An
// exhaustive plan draws nothing: every combination of shifts once, the first block's fastest.
[[nodiscard]] std::vector<std::vector<std::size_t>> draw_shifts(const SurrogatePlan& plan, RandomStream& stream);

// The series with block b (rows b l .. (b + 1) l - 1, l = ceil(n / shifts.size())) taken
// shifts[b] rows later, circularly: out[t] = series[(t + shifts[t / l]) mod n].
[[nodiscard]] std::vector<double> shifted(std::span<const double> series, std::span<const std::size_t> shifts);

// draw_shifts then shifted, one series per surrogate.
[[nodiscard]] std::vector<std::vector<double>> make_surrogates(std::span<const double> series, const SurrogatePlan& plan,
                                                               RandomStream& stream);

// (1 + #{finite surrogate statistics <= observed}) / (1 + #{finite surrogate statistics}), for a
// statistic where smaller is more extreme (a p-value or its log). NaN when `observed` is NaN or no
// surrogate statistic is finite.
[[nodiscard]] double monte_carlo_p(double observed, std::span<const double> surrogates);

// Which series the surrogates shift. Both misalign the pair by the same shifts and calibrate
// equally in the study of docs/stats.md; shifting the weight's series keeps the target exactly as
// observed (its trend, its discrete steps), which the misclassification series needs.
enum class NullShift {
  weight,  // the weight's series y; the target x stays exactly as observed (the default)
  target,  // the target x
};

struct NullTest {
  GrangerDecision decision;         // with the observed pair, as GrangerTester::test
  std::vector<double> surrogate_p;  // the decision p-value of each surrogate pair (NaN: untestable)
  // monte_carlo_p of decision.log_p_value among the surrogates' log p-values; NaN when untestable.
  double p_null = std::numeric_limits<double>::quiet_NaN();
};

// One target tested against many y, each with its surrogates. The surrogates are tested on the
// path the observed pair took: when the observed decision differenced x and y (Stationarity::adf),
// the differenced series are shifted; otherwise the series as given; either way the surrogate pairs
// get no second ADF. So p_null is conditional on the stationarity decision and calibrates the lag
// search and selection that followed it. Every y gets the same shifts (drawn once from the seed's
// "granger-null" stream), so the surrogates of all weights form K coherent null worlds. Everything
// that depends on x alone is done once; test() is const and thread-safe.
class GrangerNullTester {
 public:
  // Throws legcnet::InputError for invalid options or surrogates < 1.
  GrangerNullTester(std::span<const double> x, const GrangerOptions& options, int surrogates, std::uint64_t seed,
                    NullShift shift = NullShift::weight);
  ~GrangerNullTester();
  GrangerNullTester(GrangerNullTester&&) noexcept;
  GrangerNullTester& operator=(GrangerNullTester&&) noexcept;

  [[nodiscard]] NullTest test(std::span<const double> y) const;
  [[nodiscard]] const GrangerTester& real() const noexcept;
  // The plans for the series as given and differenced once (the latter empty with Stationarity::none).
  [[nodiscard]] const SurrogatePlan& levels_plan() const noexcept;
  [[nodiscard]] const SurrogatePlan& differenced_plan() const noexcept;

  struct State;

 private:
  std::unique_ptr<const State> state_;
};

}  // namespace legcnet::stats
