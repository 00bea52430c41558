#include "legcnet/stats/granger_null.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>

#include "legcnet/error.hpp"
#include "legcnet/random.hpp"

namespace legcnet::stats {

namespace {

// The longest lag the decision can test on n points (before any differencing, so never less).
int largest_lag(std::size_t n, const GrangerOptions& options) {
  if (options.lag_selection == LagSelection::fixed) return options.fixed_lag;
  const long long spare = static_cast<long long>(n) - 1 - options.min_df;
  return spare < 3 ? 0 : static_cast<int>(std::min<long long>(options.max_lag, spare / 3));
}

}  // namespace

SurrogatePlan plan_surrogates(std::size_t n, int requested, const GrangerOptions& options) {
  if (requested < 1) throw InputError("granger: the number of surrogates must be >= 1, got " + std::to_string(requested));
  SurrogatePlan plan;
  plan.largest_lag = largest_lag(n, options);
  // Shifts s = L+2 .. n-L-2: circular distance from zero at least L + 2.
  plan.admissible_shifts = static_cast<int>(std::max<long long>(0, static_cast<long long>(n) - 2LL * plan.largest_lag - 3));
  if (plan.admissible_shifts == 0) return plan;
  if (plan.admissible_shifts == 1) {  // every block would get the same shift: one surrogate
    plan.block_length = static_cast<int>(n);
    plan.blocks = 1;
    plan.surrogates = 1;
    return plan;
  }
  plan.block_length = static_cast<int>(std::ceil(std::cbrt(static_cast<double>(n)) - 1e-9));
  const auto length = static_cast<std::size_t>(plan.block_length);
  plan.blocks = static_cast<int>((n + length - 1) / length);
  plan.block_length = static_cast<int>((n + static_cast<std::size_t>(plan.blocks) - 1) / static_cast<std::size_t>(plan.blocks));
  plan.surrogates = requested;
  // m^blocks distinct surrogates: when that is no more than asked, each once (computed without
  // overflow: stop multiplying once past `requested`).
  long long distinct = 1;
  for (int b = 0; b < plan.blocks && distinct <= requested; ++b) distinct *= plan.admissible_shifts;
  if (distinct <= requested) {
    plan.surrogates = static_cast<int>(distinct);
    plan.exhaustive = true;
  }
  return plan;
}

std::vector<std::vector<std::size_t>> draw_shifts(const SurrogatePlan& plan, RandomStream& stream) {
  const auto first = static_cast<std::size_t>(plan.largest_lag) + 2;
  std::vector<std::vector<std::size_t>> shifts;
  if (plan.exhaustive) {  // surrogate k: its shifts are k's digits in base m
    const auto m = static_cast<std::size_t>(plan.admissible_shifts);
    for (int k = 0; k < plan.surrogates; ++k) {
      std::vector<std::size_t> per_block(static_cast<std::size_t>(plan.blocks));
      auto rest = static_cast<std::size_t>(k);
      for (auto& s : per_block) s = first + rest % m, rest /= m;
      shifts.push_back(std::move(per_block));
    }
    return shifts;
  }
  for (int k = 0; k < plan.surrogates; ++k) {
    std::vector<std::size_t> per_block(static_cast<std::size_t>(plan.blocks));
    for (auto& s : per_block) s = first + static_cast<std::size_t>(stream.below(static_cast<std::uint64_t>(plan.admissible_shifts)));
    shifts.push_back(std::move(per_block));
  }
  return shifts;
}

std::vector<double> shifted(std::span<const double> series, std::span<const std::size_t> shifts) {
  const std::size_t n = series.size();
  std::vector<double> out(n);
  if (shifts.empty()) return out;
  const std::size_t length = (n + shifts.size() - 1) / shifts.size();
  for (std::size_t t = 0; t < n; ++t) out[t] = series[(t + shifts[t / length]) % n];
  return out;
}

std::vector<std::vector<double>> make_surrogates(std::span<const double> series, const SurrogatePlan& plan,
                                                 RandomStream& stream) {
  std::vector<std::vector<double>> surrogates;
  for (const auto& s : draw_shifts(plan, stream)) surrogates.push_back(shifted(series, s));
  return surrogates;
}

double monte_carlo_p(double observed, std::span<const double> surrogates) {
  if (std::isnan(observed)) return std::numeric_limits<double>::quiet_NaN();
  std::size_t valid = 0, extreme = 0;
  for (double p : surrogates) {
    if (std::isnan(p)) continue;
    ++valid;
    extreme += p <= observed;
  }
  if (valid == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(1 + extreme) / static_cast<double>(1 + valid);
}

struct GrangerNullTester::State {
  // One path: the series as given, or both differenced once. Tested without ADF.
  struct Path {
    SurrogatePlan plan;
    std::vector<std::vector<std::size_t>> shifts;  // per surrogate, per block
    std::optional<GrangerTester> target;           // NullShift::weight: x (or its differences) as observed
    std::vector<GrangerTester> shifted_targets;    // NullShift::target: one per surrogate
  };
  GrangerTester real;
  NullShift shift = NullShift::weight;
  Path levels;
  Path differenced;
};

namespace {

std::vector<double> difference(std::span<const double> s) {
  std::vector<double> d(s.size() > 1 ? s.size() - 1 : 0);
  for (std::size_t t = 0; t < d.size(); ++t) d[t] = s[t + 1] - s[t];
  return d;
}

GrangerNullTester::State::Path make_path(std::span<const double> x, const GrangerOptions& options, int surrogates,
                                         NullShift shift, RandomStream& stream) {
  GrangerNullTester::State::Path path;
  path.plan = plan_surrogates(x.size(), surrogates, options);
  path.shifts = draw_shifts(path.plan, stream);
  GrangerOptions plain = options;
  plain.stationarity = Stationarity::none;
  plain.keep_lag_details = false;
  if (shift == NullShift::weight) {
    path.target.emplace(x, plain);
  } else {
    for (const auto& s : path.shifts) path.shifted_targets.emplace_back(shifted(x, s), plain);
  }
  return path;
}

}  // namespace

GrangerNullTester::GrangerNullTester(std::span<const double> x, const GrangerOptions& options, int surrogates,
                                     std::uint64_t seed, NullShift shift) {
  auto state = std::make_unique<State>(GrangerTester(x, options), shift);
  RandomStream stream(seed, "granger-null");
  state->levels = make_path(x, options, surrogates, shift, stream);
  if (options.stationarity == Stationarity::adf) state->differenced = make_path(difference(x), options, surrogates, shift, stream);
  state_ = std::move(state);
}

GrangerNullTester::~GrangerNullTester() = default;
GrangerNullTester::GrangerNullTester(GrangerNullTester&&) noexcept = default;
GrangerNullTester& GrangerNullTester::operator=(GrangerNullTester&&) noexcept = default;

const GrangerTester& GrangerNullTester::real() const noexcept { return state_->real; }
const SurrogatePlan& GrangerNullTester::levels_plan() const noexcept { return state_->levels.plan; }
const SurrogatePlan& GrangerNullTester::differenced_plan() const noexcept { return state_->differenced.plan; }

NullTest GrangerNullTester::test(std::span<const double> y) const {
  const State& s = *state_;
  NullTest result;
  result.decision = s.real.test(y);
  if (!result.decision.testable) return result;
  const bool differenced = result.decision.differenced;
  const std::vector<double> y_differenced = differenced ? difference(y) : std::vector<double>{};
  const std::span<const double> aligned = differenced ? std::span<const double>(y_differenced) : y;
  const State::Path& path = differenced ? s.differenced : s.levels;
  std::vector<double> log_p;
  log_p.reserve(path.shifts.size());
  result.surrogate_p.reserve(path.shifts.size());
  for (std::size_t k = 0; k < path.shifts.size(); ++k) {
    const GrangerDecision d = s.shift == NullShift::weight ? path.target->test(shifted(aligned, path.shifts[k]))
                                                           : path.shifted_targets[k].test(aligned);
    result.surrogate_p.push_back(d.testable ? d.p_value : std::numeric_limits<double>::quiet_NaN());
    log_p.push_back(d.testable ? d.log_p_value : std::numeric_limits<double>::quiet_NaN());
  }
  result.p_null = monte_carlo_p(result.decision.log_p_value, log_p);
  return result;
}

}  // namespace legcnet::stats
