// TOML configs (--config): read and applied as main applies them, to train-dense (the subcommand
// with the most keys) in an app that also has windowed-le and granger, so that keys of other
// subcommands are known; then resolved into run.toml text. Bad input is an InputError or a
// CLI::Error (both exit 2 in main).
#include "../src/cli/command.hpp"
#include "../src/cli/common_options.hpp"
#include "../src/cli/numeric_options.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace legcnet;
  const std::string path = fuzz::write_scratch(".toml", data, size).string();
  CLI::App app{"legcnet"};
  std::vector<cli::Command> commands{cli::setup_train_dense(app), cli::setup_windowed_le(app), cli::setup_granger(app)};
  cli::check_numeric_options(app);
  std::vector<std::string> args{"legcnet", "train-dense", "--config", path};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  app.parse(static_cast<int>(argv.size()), argv.data());
  try {
    cli::apply_config_file(app, *commands.front().app);
    (void)cli::resolved_config(*commands.front().app);
  } catch (const InputError&) {
  } catch (const CLI::Error&) {
  }
  return 0;
}
