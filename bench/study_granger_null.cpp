// The calibration and power study of the null-calibrated Granger decision (docs/stats.md, "Null
// calibration"): pairs of AR(1) series, independent (size) or with y driving x at lag 1 (power),
// the raw min-p decision against the decision by p_null. Not a benchmark and not a test: a study
// that takes minutes; its table is copied into docs/stats.md.
//
//   build/study_granger_null [pairs=1000] [surrogates=100] [threads=2] [mode=weight|target]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "legcnet/random.hpp"
#include "legcnet/stats/granger_null.hpp"

using namespace legcnet;
using namespace legcnet::stats;

namespace {

std::vector<double> ar1(std::size_t n, double phi, RandomStream& stream, const std::vector<double>* driver = nullptr,
                        double beta = 0.0) {
  std::vector<double> series(n);
  double value = 0.0;
  for (int t = 0; t < 100; ++t) value = phi * value + stream.normal();
  for (std::size_t t = 0; t < n; ++t) {
    value = phi * value + stream.normal();
    if (driver != nullptr && t > 0) value += beta * (*driver)[t - 1];
    series[t] = value;
  }
  return series;
}

// One decision rule: how the lag is chosen, and the least residual degrees of freedom.
struct Rule {
  const char* name;
  LagSelection selection;
  int min_df;
};

struct Rates {
  double raw = 0, sidak = 0, null = 0;
};

// Rejection rates at 0.05 of the raw rule, of the same rule Sidak-adjusted (min-p only), and of p_null.
Rates rejection_rates(std::size_t n, double phi, double beta, const Rule& rule, int pairs, int surrogates,
                      NullShift mode, unsigned threads) {
  std::vector<int> raw(static_cast<std::size_t>(pairs)), sidak(raw.size()), null(raw.size());
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < threads; ++w) {
    pool.emplace_back([&, w] {
      for (int pair = static_cast<int>(w); pair < pairs; pair += static_cast<int>(threads)) {
        RandomStream stream(static_cast<std::uint64_t>(pair) + 100000 * n, "study");
        const auto y = ar1(n, phi, stream);
        const auto x = ar1(n, phi, stream, &y, beta);
        GrangerOptions options;
        options.lag_selection = rule.selection;
        options.min_df = rule.min_df;
        const NullTest t = GrangerNullTester(x, options, surrogates, static_cast<std::uint64_t>(pair), mode).test(y);
        const auto k = static_cast<std::size_t>(pair);
        raw[k] = t.decision.testable && t.decision.p_value < 0.05;
        null[k] = t.decision.testable && t.p_null < 0.05;
        if (rule.selection == LagSelection::min_p) {
          options.lag_selection = LagSelection::min_p_sidak;
          const GrangerDecision d = GrangerTester(x, options).test(y);
          sidak[k] = d.testable && d.p_value < 0.05;
        }
      }
    });
  }
  for (auto& t : pool) t.join();
  Rates r;
  for (std::size_t k = 0; k < raw.size(); ++k) r.raw += raw[k], r.sidak += sidak[k], r.null += null[k];
  r.raw /= pairs;
  r.sidak /= pairs;
  r.null /= pairs;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const int pairs = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int surrogates = argc > 2 ? std::atoi(argv[2]) : 100;
  const unsigned threads = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 2;
  const NullShift mode = argc > 4 && std::string(argv[4]) == "target" ? NullShift::target : NullShift::weight;
  const int power_pairs = std::max(1, pairs * 2 / 5);
  std::printf("AR(1) pairs, maxlag 14, chi2 form, ADF; %d surrogates shifting the %s; rejection rates at alpha 0.05\n"
              "(%d pairs per cell with beta = 0 (size), %d with beta > 0 (power); x_t = phi x_{t-1} + beta y_{t-1} + e_t)\n\n",
              surrogates, mode == NullShift::target ? "target" : "weight's series", pairs, power_pairs);
  std::printf("| rule | phi | beta | n | raw | raw, Sidak | p_null |\n|---|---|---|---|---|---|---|\n");
  const Rule rules[] = {{"min-p", LagSelection::min_p, 1}, {"min-p, --min-df 10", LagSelection::min_p, 10},
                        {"bic", LagSelection::bic, 1}};
  struct Cell {
    double phi, beta;
  };
  for (const Rule& rule : rules) {
    for (const Cell cell : {Cell{0.5, 0.0}, Cell{0.9, 0.0}, Cell{0.5, 0.2}, Cell{0.5, 0.4}}) {
      for (const std::size_t n : {30, 100, 170}) {
        const int count = cell.beta == 0.0 ? pairs : power_pairs;
        const Rates r = rejection_rates(n, cell.phi, cell.beta, rule, count, surrogates, mode, threads);
        std::printf("| %s | %.1f | %.1f | %zu | %.3f | %s | %.3f |\n", rule.name, cell.phi, cell.beta, n, r.raw,
                    rule.selection == LagSelection::min_p ? std::to_string(r.sidak).substr(0, 5).c_str() : "-", r.null);
        std::fflush(stdout);
      }
    }
  }
  return 0;
}
