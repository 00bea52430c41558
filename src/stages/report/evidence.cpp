// "Does the decision carry information?" (issue 12): for LEGCNet-FT and -PT per dataset, the
// causal share with the real target, under the null and with the null-calibrated decision; the
// agreement of masks from different perturbed weights against chance; nominal and effective %
// pruned; and the accuracy of the consensus and null-decided masks beside the paper's rule.
// Reads, per seed directory, <v>/granger.csv, <v>-null/granger.csv and <v>[-pK]/mask.csv.
#include <algorithm>
#include <cmath>
#include <limits>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/stages/compare_masks.hpp"
#include "sections.hpp"

namespace legcnet::stages::report_detail {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Shares over the weights a granger.csv tested: causal; mean null_share; and, for a file decided
// by p_null, causal is the null-decided share. NaN where the file or the column is missing.
struct GrangerShares {
  double causal = nan, null_share = nan;
};

GrangerShares read_shares(const std::filesystem::path& file) {
  GrangerShares shares;
  if (!std::filesystem::is_regular_file(file)) return shares;
  const std::string path = file.string();
  io::CsvReader reader(path);
  std::vector<std::string> header, fields;
  if (!reader.next(header)) throw InputError(path, 1, "empty file: not a granger.csv");
  const auto testable = io::header_column(header, "testable", path), causal = io::header_column(header, "causal", path);
  const auto has_null = std::find(header.begin(), header.end(), "null_share") != header.end();
  const std::size_t null_column = has_null ? io::header_column(header, "null_share", path) : 0;
  double tested = 0, called = 0, null_sum = 0, null_count = 0;
  while (reader.next(fields)) {
    if (fields.size() != header.size()) throw InputError(path, reader.line(), "wrong field count");
    if (fields[testable] != "1") continue;
    tested += 1;
    called += fields[causal] == "1";
    double value = nan;
    if (has_null && io::parse_double(fields[null_column], value) && std::isfinite(value)) null_sum += value, null_count += 1;
  }
  if (tested > 0) shares.causal = called / tested;
  if (null_count > 0) shares.null_share = null_sum / null_count;
  return shares;
}

// The masks of one variant in a seed directory: <v>/mask.csv, then <v>-p1/mask.csv, <v>-p2/... .
std::vector<std::string> perturbation_masks(const std::filesystem::path& seed_dir, const std::string& variant) {
  std::vector<std::string> masks;
  if (std::filesystem::is_regular_file(seed_dir / variant / "mask.csv")) masks.push_back((seed_dir / variant / "mask.csv").string());
  for (int k = 1;; ++k) {
    const auto mask = seed_dir / (variant + "-p" + std::to_string(k)) / "mask.csv";
    if (!std::filesystem::is_regular_file(mask)) break;
    masks.push_back(mask.string());
  }
  return masks;
}

struct SeedEvidence {
  long long seed = 0;
  double causal_share = nan, null_share = nan, null_decided_share = nan;
  std::size_t masks = 0, pairs = 0, pairs_beyond_chance = 0;  // overlap p < 0.05
  double jaccard = nan, expected_jaccard = nan;                 // means over the pairs
};

SeedEvidence seed_evidence(const Run& run, const std::string& variant) {
  SeedEvidence e;
  e.seed = run.seed;
  const auto seed_dir = run.dir.parent_path();
  e.causal_share = read_shares(seed_dir / variant / "granger.csv").causal;
  const GrangerShares null = read_shares(seed_dir / (variant + "-null") / "granger.csv");
  e.null_share = null.null_share;
  e.null_decided_share = null.causal;
  const auto masks = perturbation_masks(seed_dir, variant);
  e.masks = masks.size();
  if (masks.size() >= 2) {
    double jaccard = 0, expected = 0, defined = 0;
    for (const auto& c : compare_mask_files(masks)) {
      ++e.pairs;
      e.pairs_beyond_chance += c.overlap.p_value < 0.05;
      if (std::isnan(c.overlap.jaccard)) continue;
      jaccard += c.overlap.jaccard;
      expected += c.overlap.expected_jaccard;
      defined += 1;
    }
    if (defined > 0) e.jaccard = jaccard / defined, e.expected_jaccard = expected / defined;
  }
  return e;
}

std::string share_cell(const std::vector<SeedEvidence>& seeds, double SeedEvidence::*field) {
  std::vector<double> values;
  for (const auto& s : seeds) values.push_back(s.*field);
  return finite_mean_sd(values, 2, false);
}

// "mean % pruned (effective)" and "accuracy mean ± sd (Δ vs dense)" of a method's runs.
std::string pruned_cell(const std::vector<const Run*>& runs) {
  if (runs.empty()) return "-";
  const Spread nominal = spread_of(runs, [](const Run& r) { return r.pct_pruned; });
  const Spread effective = spread_of(runs, [](const Run& r) { return r.value("pct_pruned_effective"); });
  return fixed(nominal.mean, 1) + (effective.n == runs.size() ? " (" + fixed(effective.mean, 1) + ")" : "");
}

std::string accuracy_cell(const RunIndex& index, const std::vector<const Run*>& runs) {
  if (runs.empty()) return "-";
  std::vector<double> differences;
  for (const Run* run : runs)
    if (const Run* dense = index.find(run->dataset, "dense", run->seed)) differences.push_back(run->test_acc - dense->test_acc);
  const Spread delta = spread_of_values(differences);
  return mean_sd(spread_of(runs, [](const Run& r) { return r.test_acc; }), 3) +
         (delta.n > 0 ? " (" + std::string(delta.mean >= 0 ? "+" : "") + fixed(delta.mean, 3) + ")" : "");
}

}  // namespace

Section evidence_section(const RunIndex& index) {
  std::string information, masks, csv =
      "dataset,variant,seed,causal_share,null_share,null_decided_share,masks,pairs,pairs_beyond_chance,jaccard,"
      "expected_jaccard\n";
  bool any = false;
  for (const auto& dataset : index.datasets()) {
    for (const std::string variant : {"ft", "pt"}) {
      const auto& runs = index.group(dataset, variant);
      if (runs.empty()) continue;
      std::vector<SeedEvidence> seeds;
      for (const Run* run : runs) seeds.push_back(seed_evidence(*run, variant));
      std::size_t pairs = 0, beyond = 0, mask_count = 0;
      for (const auto& s : seeds) {
        pairs += s.pairs, beyond += s.pairs_beyond_chance, mask_count = std::max(mask_count, s.masks);
        csv += dataset + "," + variant + "," + std::to_string(s.seed);
        for (double v : {s.causal_share, s.null_share, s.null_decided_share}) csv += "," + io::format_double(v);
        csv += "," + std::to_string(s.masks) + "," + std::to_string(s.pairs) + "," + std::to_string(s.pairs_beyond_chance);
        for (double v : {s.jaccard, s.expected_jaccard}) csv += "," + io::format_double(v);
        csv += "\n";
      }
      any = true;
      const std::string label = method_label(variant);
      information += "| " + dataset + " | " + label + " | " + std::to_string(seeds.size()) + " | " +
                     share_cell(seeds, &SeedEvidence::causal_share) + " | " + share_cell(seeds, &SeedEvidence::null_share) +
                     " | " + share_cell(seeds, &SeedEvidence::null_decided_share) + " | " +
                     (pairs == 0 ? "-"
                                 : share_cell(seeds, &SeedEvidence::jaccard) + " (" +
                                       share_cell(seeds, &SeedEvidence::expected_jaccard) + "), " + std::to_string(beyond) +
                                       "/" + std::to_string(pairs) + " (" + std::to_string(mask_count) + " masks a seed)") +
                     " |\n";
      const auto& consensus = index.group(dataset, variant + "-consensus");
      const auto& null_decided = index.group(dataset, variant + "-null");
      masks += "| " + dataset + " | " + label + " | " + pruned_cell(runs) + " | " + pruned_cell(consensus) + " | " +
               pruned_cell(null_decided) + " | " + accuracy_cell(index, runs) + " | " + accuracy_cell(index, consensus) +
               " | " + accuracy_cell(index, null_decided) + " |\n";
    }
  }
  if (!any) return {};
  std::string md =
      "\n## Does the decision carry information?\n\n"
      "Per dataset and variant, means over seeds (n/N: only n of N seeds have the file). **Causal share**: of the "
      "weights tested, the share called causal by the paper's rule with the real target; **under the null**: the "
      "share the same rule calls causal when each weight's exponent series is shifted against the target by more "
      "than the longest lag (granger --null, mean null_share); **by p_null**: the share whose null-calibrated "
      "p-value is below 0.05 (granger --decision null). **Masks across perturbations**: the paper's rule applied to "
      "runs that perturbed different weights (PERTURBATIONS); mean Jaccard of their pruned sets, in brackets the "
      "mean for random masks of the same counts, then the pairs whose overlap is beyond chance (hypergeometric "
      "p < 0.05) of all pairs.\n\n"
      "| dataset | variant | seeds | causal share | under the null | by p_null | masks across perturbations: Jaccard "
      "(chance), pairs beyond chance |\n|---|---|---|---|---|---|---|\n" +
      information +
      "\n% pruned as mean nominal (in brackets: in effect, counting weights on no input-output path as pruned) and "
      "test accuracy as mean ± sd (in brackets: mean paired difference to the dense model of the same seed), for the "
      "paper's rule on one perturbation, the consensus of the perturbations (prune --granger ... --min-share 0.5: "
      "pruned unless at least half of the tests call a weight causal), and the null-decided rule (p_null < 0.05).\n\n"
      "| dataset | variant | % pruned: paper's rule | consensus | null-decided | accuracy: paper's rule | consensus | "
      "null-decided |\n|---|---|---|---|---|---|---|---|\n" +
      masks;
  return {md, {{"evidence.csv", csv}}};
}

}  // namespace legcnet::stages::report_detail
