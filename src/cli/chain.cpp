#include <algorithm>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "command.hpp"
#include "common_options.hpp"
#include "le_options.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/stages/chain.hpp"

namespace legcnet::cli {
namespace {

// The stages the chain runs as subcommands.
Command setup_inner(const std::string& name, CLI::App& scratch) {
  if (name == "granger") return setup_granger(scratch);
  if (name == "prune") return setup_prune(scratch);
  if (name == "retrain-sparse") return setup_retrain_sparse(scratch);
  throw std::logic_error("chain: no inner stage " + name);
}

// `legcnet ARGS` in this process: parsed by the subcommand's own definition, with the chain's
// --config (its keys and [section] resolved as for any subcommand, checked against every
// subcommand's options) and the chain options in `passed_on` (given on the chain's command line,
// not from its config, which the subcommand reads itself) that the subcommand has, unless ARGS set them.
void run_inner(CLI::App& root, const CLI::App& chain_app, const std::set<std::string>& passed_on,
               const std::vector<std::string>& args, const std::string& stdout_file) {
  CLI::App scratch;
  Command command = setup_inner(args.front(), scratch);
  std::vector<std::string> argv(args);
  const CLI::Option* config = chain_app.get_option("--config");
  if (config->count() > 0) argv.insert(argv.end(), {"--config", config->as<std::string>()});
  for (const auto& name : passed_on) {
    const CLI::Option* option = chain_app.get_option("--" + name);
    if (option->count() == 0 || command.app->get_option_no_throw("--" + name) == nullptr ||
        std::find(argv.begin(), argv.end(), "--" + name) != argv.end())
      continue;
    argv.push_back("--" + name);
    if (option->get_expected_max() > 0)  // not a flag: its values
      for (const auto& value : option->results()) argv.push_back(value);
  }
  std::reverse(argv.begin(), argv.end());  // CLI11 takes the arguments last first
  scratch.parse(argv);
  apply_config_file(root, *command.app);
  if (stdout_file.empty()) {
    command.run(resolved_config(*command.app));
    return;
  }
  std::ostringstream captured;
  struct Restore {
    std::streambuf* old;
    ~Restore() { std::cout.rdbuf(old); }
  } restore{std::cout.rdbuf(captured.rdbuf())};
  command.run(resolved_config(*command.app));
  io::AtomicFile out(stdout_file);
  out.stream() << captured.str();
  out.commit();
}

}  // namespace

Command setup_chain(CLI::App& parent) {
  auto options = std::make_shared<stages::ChainOptions>();
  auto fit_range = std::make_shared<std::string>();
  auto passed_on = std::make_shared<std::vector<std::string>>();
  auto given = std::make_shared<std::set<std::string>>();  // passed_on options on the command line
  options->run.provenance.stage = "chain";
  CLI::App* app = parent.add_subcommand(
      "chain", "LEGCNet FT and PT in one process: dense and perturbed runs side by side, windows estimated as they "
               "fill, then granger, prune and retrain-sparse");
  add_config_option(app);
  // The dense run's options; given to the chain on its command line they reach retrain-sparse too,
  // except those that mean something else there: the series (no retraining records one) and
  // --epochs (the dense run's length; retrain-sparse --epochs N is a fixed budget).
  const std::size_t first = app->get_options().size();
  add_data_options(app, options->run.data);
  add_network_options(app, options->run.network);
  add_training_options(app, options->run.training);
  for (std::size_t k = first; k < app->get_options().size(); ++k) {
    const std::string name = app->get_options()[k]->get_single_name();
    if (name != "record-every" && name != "series-format" && name != "epochs") passed_on->push_back(name);
  }
  add_perturbation_options(app, options->run.perturbation);
  app->add_option("--delta", options->delta, "Amount added to the perturbed weight before training")->capture_default_str();
  app->add_option("--perturbations", options->perturbations,
                  "Perturbed runs: --weight W or --perturbation K, then --perturbation K+1, K+2, ... (perturbed/, ft/, pt/; "
                  "then perturbed-p1/, ft-p1/, pt-p1/, ...)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  add_rosenstein_options(app, options->rosenstein, *fit_range);
  app->add_option("--pt-epochs", options->pt_epochs, "LEGCNet-PT: windows up to the end of this epoch (the config's pt-epochs)");
  app->add_flag("--keep-series", options->keep_series,
                "Also write every run's weights.csv/.npy and DIR/diff (diff-p1, ... for further perturbations)");
  app->add_option("--threads", options->threads, "Estimator threads (0: every core; the runs train on threads of their own)")
      ->capture_default_str();
  app->add_flag("--allow-disconnected")->description("prune: write a mask even if it cuts an output off the inputs");
  app->add_option("--shard", options->shard, "k/n: train whole, estimate only shard k (from 0) of n blocks of the "
                  "weights; no granger, prune or retraining (finish with --merge)");
  app->add_option("--merge", options->merge, "Finish a sharded chain: join these shard directories' le.csv, then "
                  "granger, prune and retrain-sparse")->expected(1, -1);
  app->add_option("--out", options->out, "Output directory (as one seed directory of make experiment)");
  passed_on->insert(passed_on->end(), {"allow-disconnected", "threads"});
  // Runs once the command line is parsed, before main applies the config file.
  app->callback([app, passed_on, given] {
    for (const auto& name : *passed_on)
      if (app->get_option("--" + name)->count() > 0) given->insert(name);
  });
  return {app, [&parent, app, options, fit_range, given](const std::string& config) {
            options->run.provenance.resolved_config = config;
            apply_fit_range(*fit_range, options->rosenstein);
            const CLI::Option* config_option = app->get_option("--config");
            options->config = config_option->count() > 0 ? config_option->as<std::string>() : "";
            stages::chain(*options, [&](const std::vector<std::string>& args, const std::string& stdout_file) {
              run_inner(parent, *app, *given, args, stdout_file);
            });
          }};
}

}  // namespace legcnet::cli
