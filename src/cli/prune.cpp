#include <iostream>
#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/prune.hpp"

namespace legcnet::cli {

Command setup_prune(CLI::App& parent) {
  auto options = std::make_shared<stages::PruneOptions>();
  CLI::App* app = parent.add_subcommand(
      "prune", "Write mask.csv by one pruning method; prints the per-layer counts");
  add_config_option(app);
  app->add_option("--method", options->method, "legc | random | magnitude | spectral | mip | mils");
  app->add_option("--out", options->out, "Output file (mask.csv)");
  app->add_option("--scores", options->scores, "Also write the method's per-weight (or per-unit) scores to this file");
  app->add_flag("--allow-disconnected", options->allow_disconnected, "Write a mask even if it cuts an output off the inputs");
  // Budget
  app->add_option("--fraction", options->fraction, "Share of the weights to prune, in [0, 1) (methods with a budget)");
  app->add_option("--match", options->match, "Prune exactly as many weights as this mask.csv (methods with a budget)");
  app->add_option("--prune-seed", options->seed, "Seed of every random choice of a method")->capture_default_str();
  app->add_option("--model", options->model,
                  "The trained model.csv (magnitude, spectral, mip; random: any name,value file of the net)");
  app->add_option("--level", options->level, "random, magnitude, mils: prune weights, or whole hidden units "
                  "(node: --fraction counts units, --match the units its mask cuts off)")
      ->capture_default_str()->check(CLI::IsMember({"weight", "node"}));
  app->add_option("--neuron-mask", options->neuron_mask, "node level and mip: a removed unit loses its incoming and "
                  "outgoing weights (inout) or only its incoming ones (in)")
      ->capture_default_str()->check(CLI::IsMember({"inout", "in"}));
  // legc
  app->add_option("--granger", options->granger,
                  "legc: granger.csv; several (one per perturbed run) decide by consensus (--min-share)");
  app->add_option("--min-share", options->min_share,
                  "legc with several --granger files: a weight is causal when at least this share of the tests that "
                  "tested it call it causal")
      ->capture_default_str();
  app->add_option("--prune", options->prune_which, "legc: prune the non-causal (the paper's tables) or the causal weights")
      ->capture_default_str()->check(CLI::IsMember({"non-causal", "causal"}));
  app->add_option("--untestable", options->untestable, "legc: keep or prune weights whose test was impossible")
      ->capture_default_str()->check(CLI::IsMember({"keep", "prune"}));
  // magnitude, random and spectral (their defaults differ, so none is captured here)
  app->add_option("--scope", options->scope,
                  "Budget over the whole net (global) or each layer's share (layer); magnitude and random: global by "
                  "default, spectral: layer by default")
      ->check(CLI::IsMember({"global", "layer"}));
  // spectral
  app->add_option("--spectral-select", options->spectral_select,
                  "spectral: sample edges with probability proportional to leverage, or keep the top leverages")
      ->capture_default_str()->check(CLI::IsMember({"sample", "top"}));
  app->add_option("--spectral-weights", options->spectral_weights,
                  "spectral: the graph's weights are |W| of --model, or of --init (pruning at initialisation)")
      ->capture_default_str()->check(CLI::IsMember({"model", "init"}));
  app->add_option("--init", options->init, "spectral: init.csv, with --spectral-weights init");
  // mip
  add_data_options(app, options->data);
  add_network_options(app, options->network);
  app->add_option("--seed", options->run_seed, "mip: the run's seed (its train/test split); draws the samples")
      ->capture_default_str();
  app->add_option("--mip-form", options->mip_form, "mip: relu | linear | pwl (default: relu for ReLU nets, else linear)")
      ->check(CLI::IsMember({"relu", "linear", "pwl"}));
  app->add_option("--mip-per-class", options->mip_per_class, "mip: correctly classified training samples per class")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--mip-lambda", options->mip_lambda, "mip: weight of the mean cross-entropy")->capture_default_str();
  app->add_option("--mip-threshold", options->mip_threshold, "mip: units scoring below this are pruned")->capture_default_str();
  app->add_option("--mip-eps", options->mip_eps, "mip: half-width of the input box of the bounds")->capture_default_str();
  app->add_option("--mip-layer-penalty", options->mip_layer_penalty,
                  "mip: code (the H-1 largest layer terms, as the authors' code) | sum")
      ->capture_default_str()->check(CLI::IsMember({"code", "sum"}));
  app->add_option("--mip-time-limit", options->mip_time_limit, "mip: seconds for the whole solve (0: none)")
      ->capture_default_str();
  app->add_option("--write-lp", options->write_lp, "mip: write the final program, cuts included (CPLEX LP format)");
  app->add_option("--solver-log", options->solver_log,
                  "mip: write one CSV row: form,samples,variables,binaries,rows,status,objective,bound,gap,seconds");
  // mils
  app->add_option("--measure", options->measure, "mils: complexity of the sign pattern, bdm or block entropy")
      ->capture_default_str()->check(CLI::IsMember({"bdm", "entropy"}));
  app->add_option("--strategy", options->strategy, "mils: removal order by the complexity change (docs/mils.md)")
      ->capture_default_str()
      ->check(CLI::IsMember({"min_absolute", "max_absolute", "min_increase", "max_increase", "min_decrease", "max_decrease"}));
  app->add_option("--mils-step", options->mils_step, "mils: weights (or units) removed per step")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--bdm-boundary", options->bdm_boundary, "mils: parts outside complete 4x4 blocks: ignore, or cut "
                  "into 3x3 and 2x2 blocks")
      ->capture_default_str()->check(CLI::IsMember({"ignore", "recursive"}));
  app->add_option("--ctm", options->ctm, "mils: the CTM table (default: $LEGCNET_CTM, the installed copy, the source tree's)");
  add_force_option(app, options->force);
  return {app, [options](const std::string& config) {
            options->provenance.resolved_config = config;
            std::cout << stages::prune(*options);
          }};
}

}  // namespace legcnet::cli
