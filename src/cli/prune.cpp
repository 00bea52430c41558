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
  app->add_option("--method", options->method, "legc | random | magnitude | spectral");
  app->add_option("--out", options->out, "Output file (mask.csv)");
  app->add_option("--scores", options->scores, "Also write the method's per-weight (or per-unit) scores to this file");
  app->add_flag("--allow-disconnected", options->allow_disconnected, "Write a mask even if it cuts an output off the inputs");
  // Budget
  app->add_option("--fraction", options->fraction, "Share of the weights to prune, in [0, 1) (methods with a budget)");
  app->add_option("--match", options->match, "Prune exactly as many weights as this mask.csv (methods with a budget)");
  app->add_option("--prune-seed", options->seed, "Seed of every random choice of a method")->capture_default_str();
  app->add_option("--model", options->model, "The trained model.csv (magnitude, spectral; random: any name,value file of the net)");
  // legc
  app->add_option("--granger", options->granger, "legc: granger.csv");
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
  add_force_option(app, options->force);
  return {app, [options](const std::string& config) {
            options->provenance.resolved_config = config;
            std::cout << stages::prune(*options);
          }};
}

}  // namespace legcnet::cli
