// prune --method mils: minimal-information-loss pruning by the BDM or block entropy of the weights'
// sign pattern (docs/mils.md), at weight or node level.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "legcnet/error.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/prune/budget.hpp"
#include "legcnet/prune/mils.hpp"
#include "legcnet/stages/common.hpp"
#include "legcnet/stages/ctm_table.hpp"
#include "prune_methods.hpp"

namespace legcnet::stages::prune_method {
namespace {

// Node level: --fraction counts hidden units over all hidden layers (MILS ranks them together;
// random and magnitude at node level budget each layer), --match the hidden units its mask cuts off.
std::size_t mils_unit_count(const PruneOptions& options, const nn::Mlp& net) {
  const bool fraction_given = !std::isnan(options.fraction);
  if (fraction_given == !options.match.empty()) {
    budget_count(options, net);  // refuses the same way as every other method
    throw InputError("--level node needs --fraction or --match");
  }
  if (fraction_given) {
    if (!(options.fraction >= 0.0 && options.fraction < 1.0)) throw InputError("--fraction must lie in [0, 1)");
    return prune::count_for_fraction(options.fraction, prune::hidden_unit_count(net));
  }
  return prune::units_cut_off(nn::read_mask(options.match, net), net);
}

std::string scores_csv(const prune::MilsResult& result, const std::vector<std::string>& names, bool node_level) {
  std::vector<std::size_t> step(names.size(), 0), order(names.size(), 0);
  std::vector<double> delta = result.final_delta;
  for (std::size_t k = 0; k < result.removals.size(); ++k) {
    const auto& removal = result.removals[k];
    step[removal.candidate] = removal.step;
    order[removal.candidate] = k + 1;
    delta[removal.candidate] = removal.delta;
  }
  std::string text = node_level ? "unit,delta,pruned,step,order\n" : "weight,polarity,delta,pruned,step,order\n";
  for (std::size_t c = 0; c < names.size(); ++c) {
    text += names[c] + ",";
    if (!node_level) text += result.polarity[c] > 0 ? "positive," : result.polarity[c] < 0 ? "negative," : "zero,";
    io::append_double(text, delta[c]);
    text += "," + std::string(order[c] > 0 ? "1" : "0") + "," + std::to_string(step[c]) + "," + std::to_string(order[c]) + "\n";
  }
  return text;
}

}  // namespace

Result mils(const PruneOptions& options) {
  if (options.model.empty()) throw InputError("--method mils needs --model FILE");
  prune::MilsOptions mils_options;
  mils_options.measure = complexity::parse_measure(options.measure);
  mils_options.level = prune::parse_mils_level(options.level);
  mils_options.strategy = prune::parse_mils_strategy(options.strategy);
  mils_options.boundary = complexity::parse_boundary(options.bdm_boundary);
  mils_options.step = options.mils_step;
  if (mils_options.step == 0) throw InputError("--mils-step must be at least 1");
  nn::Mlp net = network_from_parameters(options.model);
  const bool node_level = mils_options.level == prune::MilsLevel::node;
  const std::size_t count = node_level ? mils_unit_count(options, net) : budget_count(options, net);
  const auto ctm = load_ctm_table(options.ctm);

  ProgressMeter meter("mils", node_level ? "units" : "weights", static_cast<long long>(count));
  const auto result = prune::mils_prune(net, ctm, count, mils_options,
                                        [&](std::size_t removed) { meter.advance(static_cast<long long>(removed)); });
  meter.finish();

  const std::string outside = fmt::format("mils: {} of {} weights lie outside every complete block (--bdm-boundary {})",
                                          result.uncovered, net.weight_count(), options.bdm_boundary);
  if (result.uncovered_removed > 0)
    spdlog::warn("{}; their delta is exactly 0 and {} of them were removed", outside, result.uncovered_removed);
  else
    spdlog::info("{}", outside);
  if (node_level)
    spdlog::info("mils: {} of {} hidden units removed ({} weights)", count, prune::hidden_unit_count(net),
                 result.mask.pruned());
  std::string scores;
  if (!options.scores.empty())
    scores = scores_csv(result, node_level ? prune::hidden_unit_names(net) : net.weight_names(), node_level);
  return {result.mask, std::move(net), std::move(scores), {}};
}

}  // namespace legcnet::stages::prune_method
