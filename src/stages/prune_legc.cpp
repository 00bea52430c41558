// prune --method legc: the non-causal weights of a granger.csv go; with several granger.csv (one per
// perturbed run), those that fewer than --min-share of the tests call causal.
#include <cmath>
#include <string>
#include <vector>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/prune/legc.hpp"
#include "prune_methods.hpp"

namespace legcnet::stages::prune_method {
namespace {

struct GrangerTable {
  std::vector<std::string> weights;
  std::vector<prune::GrangerVerdict> verdicts;
};

GrangerTable read_granger(const std::string& path) {
  io::CsvReader reader(path);
  std::vector<std::string> header, fields;
  if (!reader.next(header)) throw InputError(path, 1, "empty file: no header line");
  const auto weight = io::header_column(header, "weight", path);
  const auto testable = io::header_column(header, "testable", path);
  const auto causal = io::header_column(header, "causal", path);
  GrangerTable table;
  while (reader.next(fields)) {
    if (fields.size() != header.size())
      throw InputError(path, reader.line(), "expected " + std::to_string(header.size()) + " fields, found " +
                                                std::to_string(fields.size()));
    auto flag = [&](std::size_t column) {
      if (fields[column] != "0" && fields[column] != "1")
        throw InputError(path, reader.line(), column + 1, "expected 0 or 1, found '" + fields[column] + "'");
      return fields[column] == "1";
    };
    table.weights.push_back(fields[weight]);
    table.verdicts.push_back({flag(testable), flag(causal)});
  }
  return table;
}

}  // namespace

Result legc(const PruneOptions& options) {
  if (options.granger.empty()) throw InputError("--method legc needs --granger FILE");
  if (!std::isnan(options.fraction) || !options.match.empty())
    throw InputError("--fraction and --match set a budget; --method legc has none (the Granger tests decide)");
  if (!(options.min_share > 0.0 && options.min_share <= 1.0)) throw InputError("--min-share must lie in (0, 1]");
  if (options.prune_which != "non-causal" && options.prune_which != "causal")
    throw InputError("--prune must be non-causal or causal");
  if (options.untestable != "keep" && options.untestable != "prune") throw InputError("--untestable must be keep or prune");
  // One decision per file, of the same weights; with one file the consensus is that file's verdicts.
  std::vector<std::string> weights;
  std::vector<std::vector<prune::GrangerVerdict>> decisions;
  for (const auto& path : options.granger) {
    auto table = read_granger(path);
    if (weights.empty()) weights = std::move(table.weights);
    else if (table.weights != weights)
      throw InputError(path + " and " + options.granger.front() + " do not fit: they test different weights");
    decisions.push_back(std::move(table.verdicts));
  }
  nn::Mlp net(nn::Architecture{nn::layer_sizes_from_weight_names(weights, options.granger.front())});
  const prune::Consensus consensus = prune::consensus(decisions, options.min_share);
  auto mask = prune::legc_mask(consensus.verdicts,
                               options.prune_which == "causal" ? prune::PruneWhich::causal : prune::PruneWhich::non_causal,
                               options.untestable == "prune" ? prune::UntestablePolicy::prune : prune::UntestablePolicy::keep);
  // Scores: per weight, how many files tested it, how many called it causal, and the share.
  std::string scores = "weight,tests,causal,share\n";
  for (std::size_t k = 0; k < weights.size(); ++k) {
    scores += io::quote_csv_field(weights[k]) + "," + std::to_string(consensus.tested[k]) + "," +
              std::to_string(consensus.causal[k]) + ",";
    io::append_double(scores, consensus.share[k]);
    scores += '\n';
  }
  return {std::move(mask), std::move(net), std::move(scores), {}};
}

}  // namespace legcnet::stages::prune_method
