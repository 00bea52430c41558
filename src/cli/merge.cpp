#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/merge.hpp"

namespace legcnet::cli {

Command setup_merge(CLI::App& parent) {
  auto options = std::make_shared<stages::MergeOptions>();
  CLI::App* app = parent.add_subcommand(
      "merge", "Join the shards of windowed-le, granger or chain (--shard k/n) into the file the whole run writes");
  add_config_option(app);
  app->add_option("shards", options->shards, "Shard files (le.csv, le.npy or granger.csv), each with its .shard.toml")
      ->required()->check(CLI::ExistingFile);
  app->add_option("--out", options->out, "The joined file")->required();
  return {app, [options](const std::string&) { stages::merge(*options); }};
}

}  // namespace legcnet::cli
