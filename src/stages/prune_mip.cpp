// prune --method mip: critical-neuron scores of --model from a mixed-integer program over
// correctly classified training samples (ElAraby, Wolf, Carvalho); units scoring below
// --mip-threshold are removed.
#include <spdlog/spdlog.h>

#include <cmath>
#include <sstream>

#include "legcnet/error.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/prune/mip.hpp"
#include "legcnet/prune/units.hpp"
#include "legcnet/stages/provenance.hpp"
#include "prune_methods.hpp"

namespace legcnet::stages::prune_method {
namespace {

prune::MipOptions mip_options(const PruneOptions& options, nn::Activation hidden) {
  prune::MipOptions mip;
  mip.form = options.mip_form.empty() ? prune::default_mip_form(hidden) : prune::parse_mip_form(options.mip_form);
  mip.lambda = options.mip_lambda;
  mip.eps = options.mip_eps;
  mip.layer_penalty = prune::parse_layer_penalty(options.mip_layer_penalty);
  mip.time_limit = options.mip_time_limit;
  mip.seed = options.seed;
  return mip;
}

prune::MipSamples draw_samples(const PruneOptions& options, const data::Dataset& dataset, const nn::Mlp& net) {
  const auto predicted = nn::predicted_classes(net.predict(dataset.train_x));
  std::vector<int> short_classes;
  const auto rows = prune::draw_mip_samples(dataset.train_y, predicted, dataset.num_classes(), options.mip_per_class,
                                            options.run_seed, &short_classes);
  for (int c : short_classes)
    spdlog::warn("prune (mip): class '{}' has fewer than {} correctly classified training samples; using what it has",
                 dataset.class_names[static_cast<std::size_t>(c)], options.mip_per_class);
  if (rows.empty()) throw InputError(options.model + ": the network classifies no training sample correctly");
  prune::MipSamples samples;
  samples.inputs.resize(dataset.train_x.cols(), static_cast<Eigen::Index>(rows.size()));
  for (std::size_t n = 0; n < rows.size(); ++n) {
    samples.inputs.col(static_cast<Eigen::Index>(n)) = dataset.train_x.row(static_cast<Eigen::Index>(rows[n])).transpose();
    samples.labels.push_back(dataset.train_y[rows[n]]);
  }
  return samples;
}

std::string scores_table(const std::vector<Eigen::VectorXd>& scores, const prune::UnitSet& pruned) {
  std::string text = "unit,score,pruned\n";
  for (std::size_t l = 0; l < scores.size(); ++l)
    for (Eigen::Index j = 0; j < scores[l].size(); ++j) {
      text += prune::unit_name(l, static_cast<std::size_t>(j)) + ",";
      io::append_double(text, scores[l](j));
      text += pruned[l][static_cast<std::size_t>(j)] ? ",1\n" : ",0\n";
    }
  return text;
}

std::string solver_log(const prune::MipReport& report) {
  std::string text = "form,samples,variables,binaries,rows,status,objective,bound,gap,seconds\n";
  text += report.form + "," + std::to_string(report.samples) + "," + std::to_string(report.variables) + "," +
          std::to_string(report.binaries) + "," + std::to_string(report.rows) + "," + report.status;
  for (double value : {report.objective, report.bound, report.gap, report.seconds}) text += "," + io::format_double(value);
  return text + "\n";
}

}  // namespace

Result mip(const PruneOptions& options) {
  if (options.model.empty()) throw InputError("--method mip needs --model FILE (the trained model.csv)");
  if (!std::isnan(options.fraction) || !options.match.empty())
    throw InputError("--fraction and --match set a budget; --method mip has none (--mip-threshold decides)");
  if (options.mip_per_class < 1) throw InputError("--mip-per-class must be at least 1");
  if (!(options.mip_threshold > 0.0 && options.mip_threshold <= 1.0)) throw InputError("--mip-threshold must lie in (0, 1]");
  const auto neuron_mask = prune::parse_neuron_mask(options.neuron_mask);
  // The model must be the run's whose data, split and network --config and --seed describe.
  RunModel run = load_run_model(options.data, options.network, options.run_seed, options.model, {}, options.force);
  const data::Dataset& dataset = run.dataset;
  nn::Mlp& net = run.net;
  ProvenanceCheck& check = run.check;
  if (net.weights.size() < 2) throw InputError(options.model + ": the network has no hidden units to score");
  const auto settings = mip_options(options, net.architecture().hidden);
  const auto samples = draw_samples(options, dataset, net);
  spdlog::info("prune (mip): {} form, {} samples ({} per class, seed {})", prune::to_string(settings.form),
               samples.labels.size(), options.mip_per_class, options.run_seed);
  const auto result = prune::critical_neuron_scores(net, samples, settings);
  const auto& report = result.report;
  spdlog::info("prune (mip): {} variables ({} binaries), {} rows: {}, objective {:.6g}, bound {:.6g}, gap {:.2g}, "
               "{:.2f} s, {} solves",
               report.variables, report.binaries, report.rows, report.status, report.objective, report.bound, report.gap,
               report.seconds, report.rounds);
  if (report.status != "optimal")
    spdlog::warn("prune (mip): stopped with status {} at a gap of {:.3g} (tolerance 1e-4); the scores are the best found",
                 report.status, report.gap);

  prune::UnitSet pruned = prune::no_units(net);
  for (std::size_t l = 0; l < pruned.size(); ++l)
    for (Eigen::Index j = 0; j < result.scores[l].size(); ++j)
      pruned[l][static_cast<std::size_t>(j)] = result.scores[l](j) < options.mip_threshold;
  Result out{prune::unit_mask(net, pruned, neuron_mask), net, scores_table(result.scores, pruned), {}, std::move(check)};
  if (!options.write_lp.empty()) {
    std::ostringstream lp;
    solver::write_lp(lp, result.model);
    out.files.emplace_back(options.write_lp, lp.str());
  }
  if (!options.solver_log.empty()) out.files.emplace_back(options.solver_log, solver_log(report));
  const auto counts = prune::units_per_layer(pruned);
  std::string per_layer;
  for (std::size_t l = 0; l < counts.size(); ++l)
    per_layer += (l ? ", " : "") + std::to_string(counts[l]) + " of " + std::to_string(pruned[l].size());
  spdlog::info("prune (mip): units pruned per hidden layer: {}", per_layer);
  return out;
}

}  // namespace legcnet::stages::prune_method
