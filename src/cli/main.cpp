// legcnet: one binary, one subcommand per pipeline stage. This is the one place that catches
// errors: bad input or usage -> one line on stderr, exit 2; anything else -> exit 1.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "common_options.hpp"
#include "numeric_options.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"

int main(int argc, char** argv) {
  using namespace legcnet;
  CLI::App app{"legcnet: prune dense networks by chaos (Lyapunov exponents) and causality (Granger tests)"};
  app.set_version_flag("--version", std::string(LEGCNET_VERSION));
  app.require_subcommand(1);
  std::vector<cli::Command> commands{cli::setup_train_dense(app), cli::setup_perturb_retrain(app),
                                     cli::setup_diff_series(app),     cli::setup_windowed_le(app),
                                     cli::setup_granger(app),         cli::setup_prune(app),
                                     cli::setup_retrain_sparse(app),  cli::setup_shap(app),
                                     cli::setup_shap_compare(app),    cli::setup_esd(app),
                                     cli::setup_report(app),
                                     cli::setup_complexity(app),
                                     cli::setup_merge(app)};
  commands.push_back(cli::setup_divergence(app));
  commands.push_back(cli::setup_export(app));
  commands.push_back(cli::setup_compare_masks(app));
  commands.push_back(cli::setup_generate_docs(app));
  commands.push_back(cli::setup_evaluate(app));
  commands.push_back(cli::setup_chain(app));
  try {
    cli::check_numeric_options(app);  // every numeric option of every subcommand, read strictly
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "legcnet: " << e.what() << " (see --help)\n";
    return 2;
  }
  io::install_signal_cleanup();  // SIGINT/TERM/HUP/QUIT remove the temporaries of unwritten outputs
  auto logger = spdlog::stderr_color_mt("legcnet");
  logger->set_pattern("[%H:%M:%S] %v");
  spdlog::set_default_logger(logger);
  try {
    for (auto& command : commands) {
      if (!command.app->parsed()) continue;
      cli::apply_config_file(app, *command.app);
      const CLI::Option* quiet = command.app->get_option_no_throw("--quiet");
      if (quiet != nullptr && quiet->count() > 0) spdlog::set_level(spdlog::level::warn);
      command.run(cli::resolved_config(*command.app));
    }
    cli::check_standard_output();  // results printed to a full disk or a closed stdout: exit 2
  } catch (const InputError& e) {
    std::cerr << "legcnet: " << e.what() << "\n";
    return 2;
  } catch (const CLI::Error& e) {
    std::cerr << "legcnet: " << e.what() << "\n";
    return 2;
  } catch (const std::filesystem::filesystem_error& e) {
    // The system refused an operation on a path given by the user (too long, a directory, no
    // permission, no space): bad input or environment, not a bug.
    std::cerr << "legcnet: " << printable(e.what(), 2000) << "\n";
    return 2;
  } catch (const CheckFailure& e) {
    std::cerr << "legcnet: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "legcnet: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
