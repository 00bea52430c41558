// "Is training chaotic?": the divergence of the perturbed run from the dense run per dataset and
// seed (runs/D/seedK/divergence-summary.csv, docs/divergence.md), and the share of LEGCNet-FT's
// windows whose exponent beats all its IAAFT surrogates (runs/D/seedK/ft/surrogate-p.csv,
// docs/surrogates.md). Appears when some run has a divergence summary.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <limits>
#include <map>

#include "legcnet/io/number_format.hpp"
#include "legcnet/io/series.hpp"
#include "legcnet/stages/divergence.hpp"
#include "sections.hpp"

namespace legcnet::stages::report_detail {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct SeedChaos {
  const Run* dense = nullptr;  // the seed's dense run: its directory's parent is the seed's
  DivergenceSummary divergence;
  std::size_t windows = 0, significant = 0;  // FT (window, weight) pairs with a p-value, and p <= 0.05
  bool surrogates = false;
  double share() const { return windows > 0 ? static_cast<double>(significant) / static_cast<double>(windows) : nan; }
};

std::vector<SeedChaos> gather(const RunIndex& index) {
  std::vector<SeedChaos> seeds;
  for (const auto& dataset : index.datasets())
    for (const Run* dense : index.group(dataset, "dense")) {
      const auto seed_dir = dense->dir.parent_path();
      const auto summary = seed_dir / "divergence-summary.csv";
      if (!std::filesystem::is_regular_file(summary)) continue;
      SeedChaos item{dense, read_divergence_summary(summary.string())};
      const auto p_file = seed_dir / "ft" / "surrogate-p.csv";
      if (std::filesystem::is_regular_file(p_file)) {
        const io::Series p = io::read_series(p_file.string(), {"window", "start_step", "end_step"});
        item.surrogates = true;
        for (Eigen::Index i = 0; i < p.values.size(); ++i)
          if (std::isfinite(p.values.data()[i])) ++item.windows, item.significant += p.values.data()[i] <= 0.05;
      }
      seeds.push_back(std::move(item));
    }
  return seeds;
}

std::string short_number(double value) {
  if (!std::isfinite(value)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, std::abs(value) >= 1000 ? "%.1e" : "%.3g", value);
  return text;
}

std::string markdown(const std::vector<SeedChaos>& seeds) {
  std::string md =
      "\n## Is training chaotic?\n\n"
      "The distance d(t) between the dense run and the perturbed run (one weight nudged by 1e-4) at every step "
      "(`legcnet divergence`, docs/divergence.md). Exponent: least-squares slope of ln d over the run (up to "
      "saturation, d >= 0.1 ||w||), per epoch, mean ± sd over seeds; its 95% interval (batch means of the increments "
      "of ln d, t with 9 df) is counted as above 0 / holding 0 / below 0 over the seeds. Growth: d at the end of the "
      "fit over d(0), median (range). Verdict: chaotic when the interval is above 0 and the fitted growth is at least "
      "100-fold, or d grew that much up to saturation; neutral otherwise (contracting in mirror image). Last column: "
      "the share of LEGCNet-FT's (window, weight) exponents larger than all 19 of their IAAFT surrogates' "
      "(docs/surrogates.md), mean ± sd over seeds; linearly correlated noise gives 5%. Every seed: chaos.csv.\n\n"
      "| dataset | seeds | exponent per epoch | intervals above / holding / below 0 | growth | verdicts | "
      "FT windows beating IAAFT surrogates |\n|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < seeds.size();) {
    std::size_t j = i;
    std::vector<double> exponents, growths, shares;
    std::size_t above = 0, holding = 0, below = 0;
    std::map<std::string, std::size_t> verdicts;
    for (; j < seeds.size() && seeds[j].dense->dataset == seeds[i].dense->dataset; ++j) {
      const auto& d = seeds[j].divergence;
      exponents.push_back(d.value("exponent_per_epoch"));
      growths.push_back(d.value("growth"));
      if (d.value("ci_low") > 0) ++above;
      else if (d.value("ci_high") < 0) ++below;
      else if (std::isfinite(d.value("ci_low"))) ++holding;
      ++verdicts[d.verdict];
      if (seeds[j].surrogates) shares.push_back(100.0 * seeds[j].share());
    }
    std::vector<double> finite_growths;
    for (double g : growths)
      if (std::isfinite(g)) finite_growths.push_back(g);
    std::sort(finite_growths.begin(), finite_growths.end());
    std::string growth = "n/a";
    if (!finite_growths.empty()) {
      const std::size_t n = finite_growths.size();
      const double median = n % 2 ? finite_growths[n / 2] : 0.5 * (finite_growths[n / 2 - 1] + finite_growths[n / 2]);
      growth = short_number(median) + " (" + short_number(finite_growths.front()) + "–" + short_number(finite_growths.back()) + ")";
    }
    std::string verdict_text;
    for (const auto& [verdict, count] : verdicts) verdict_text += (verdict_text.empty() ? "" : ", ") + std::to_string(count) + " " + verdict;
    const std::string exponent = finite_mean_sd(exponents, 4, true);
    md += "| " + seeds[i].dense->dataset + " | " + std::to_string(j - i) + " | " + exponent + " | " + std::to_string(above) +
          " / " + std::to_string(holding) + " / " + std::to_string(below) + " | " + growth + " | " + verdict_text + " | " +
          (shares.empty() ? std::string("not computed") : finite_mean_sd(shares, 1, true) + "%") + " |\n";
    i = j;
  }
  return md;
}

std::string csv(const std::vector<SeedChaos>& seeds) {
  std::string text = "dataset,seed,exponent_per_step,exponent_per_epoch,ci_low,ci_high,growth,max_growth,verdict,basis,"
                     "last_step,saturation_step,ft_windows,ft_significant,ft_share\n";
  for (const auto& s : seeds) {
    const auto& d = s.divergence;
    text += s.dense->dataset + "," + std::to_string(s.dense->seed);
    for (const char* column : {"exponent_per_step", "exponent_per_epoch", "ci_low", "ci_high", "growth", "max_growth"})
      text += "," + io::format_double(d.value(column));
    text += "," + d.verdict + "," + d.basis + "," + io::format_double(d.value("last_step")) + "," +
            io::format_double(d.value("saturation_step"));
    if (s.surrogates) text += "," + std::to_string(s.windows) + "," + std::to_string(s.significant) + "," + io::format_double(s.share());
    else text += ",,,";
    text += "\n";
  }
  return text;
}

}  // namespace

Section chaos_section(const RunIndex& index) {
  const auto seeds = gather(index);
  if (seeds.empty()) return {};
  return {markdown(seeds), {{"chaos.csv", csv(seeds)}}};
}

}  // namespace legcnet::stages::report_detail
