#include "legcnet/stages/prune.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>
#include <optional>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/prune/strategies.hpp"
#include "legcnet/stages/common.hpp"

namespace legcnet::stages {
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

std::string layer_table(const nn::Mask& mask, const nn::Mlp& net) {
  std::string text = "layer,total,pruned,kept,pct_pruned\n";
  char line[128];
  std::size_t first = 0;
  auto add = [&](const std::string& label, std::size_t begin, std::size_t size) {
    std::size_t kept = 0;
    for (std::size_t k = begin; k < begin + size; ++k) kept += mask.keep[k];
    std::snprintf(line, sizeof line, "%s,%zu,%zu,%zu,%.2f\n", label.c_str(), size, size - kept, kept,
                  size > 0 ? 100.0 * static_cast<double>(size - kept) / static_cast<double>(size) : 0.0);
    text += line;
  };
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    const auto size = static_cast<std::size_t>(net.weights[l].size());
    add(std::to_string(l + 1), first, size);
    first += size;
  }
  add("all", 0, mask.keep.size());
  return text;
}

}  // namespace

std::string prune(const PruneOptions& options) {
  if (options.out.empty()) throw InputError("--out FILE is required");
  nn::Mask mask;
  std::optional<nn::Mlp> net;
  if (options.method == "legc") {
    if (options.granger.empty()) throw InputError("--method legc needs --granger FILE");
    if (!std::isnan(options.fraction) || !options.match.empty())
      throw InputError("--fraction and --match apply to random and magnitude pruning, not legc");
    const auto table = read_granger(options.granger);
    net.emplace(nn::Architecture{nn::layer_sizes_from_weight_names(table.weights, options.granger)});
    if (options.prune_which != "non-causal" && options.prune_which != "causal")
      throw InputError("--prune must be non-causal or causal");
    if (options.untestable != "keep" && options.untestable != "prune")
      throw InputError("--untestable must be keep or prune");
    mask = prune::legc_mask(table.verdicts,
                            options.prune_which == "causal" ? prune::PruneWhich::causal : prune::PruneWhich::non_causal,
                            options.untestable == "prune" ? prune::UntestablePolicy::prune : prune::UntestablePolicy::keep);
  } else if (options.method == "random" || options.method == "magnitude") {
    const bool fraction_given = !std::isnan(options.fraction);
    if (fraction_given && !options.match.empty()) throw InputError("give --fraction or --match, not both");
    if (!fraction_given && options.match.empty()) throw InputError("--method " + options.method + " needs --fraction or --match");
    if (fraction_given && !(options.fraction >= 0.0 && options.fraction < 1.0))
      throw InputError("--fraction must lie in [0, 1)");
    if (options.method == "magnitude" && options.model.empty()) throw InputError("--method magnitude needs --model FILE");
    if (!options.model.empty()) net.emplace(network_from_parameters(options.model));
    std::size_t count = 0;
    if (!options.match.empty()) {
      const auto matched = io::read_named_values(options.match, "weight", "keep");
      if (!net) net.emplace(nn::Architecture{nn::layer_sizes_from_weight_names(matched.names, options.match)});
      const auto names = net->weight_names();
      if (matched.names != names)
        throw InputError(options.match + " and " + options.model + " do not fit: their weight names differ");
      for (double keep : matched.values) count += keep == 0.0;
    } else {
      if (!net) throw InputError("--method random needs --model FILE (any name,value file of the network) or --match");
      count = prune::count_for_fraction(options.fraction, net->weight_count());
    }
    if (options.scope != "global" && options.scope != "layer") throw InputError("--scope must be global or layer");
    mask = options.method == "random"
               ? prune::random_mask(net->weight_count(), count, options.seed)
               : prune::magnitude_mask(*net, count,
                                       options.scope == "layer" ? prune::MagnitudeScope::layer : prune::MagnitudeScope::global);
  } else {
    throw InputError("--method must be legc, random or magnitude");
  }
  if (!options.allow_disconnected && !nn::outputs_connected(mask, *net))
    throw InputError("this mask cuts every path from the inputs to some output; refusing (use --allow-disconnected to "
                     "write it anyway)");
  io::AtomicFile out(options.out);
  nn::write_mask(out.stream(), mask, *net);
  out.commit();
  spdlog::info("prune ({}): {} of {} weights pruned -> {}", options.method, mask.pruned(), mask.keep.size(), options.out);
  return layer_table(mask, *net);
}

}  // namespace legcnet::stages
