#include "legcnet/stages/retrain_sparse.hpp"

#include <spdlog/spdlog.h>

#include "legcnet/error.hpp"
#include "legcnet/eval/flops.hpp"
#include "legcnet/eval/metrics.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/number_format.hpp"
#include "training_run.hpp"

namespace legcnet::stages {

void retrain_sparse(const RetrainSparseOptions& options) {
  if (options.init.empty()) throw InputError("--init FILE (the dense run's init.csv) is required");
  if (options.out.empty()) throw InputError("--out DIR is required");
  if (!(options.benchmark > 0.0 && options.benchmark <= 1.0)) throw InputError("--benchmark must lie in (0, 1]");
  if (options.max_epochs < 1) throw InputError("--max-epochs must be at least 1");
  if (options.fixed_epochs < 0) throw InputError("--epochs must be positive (a fixed budget) or absent");
  const bool fixed_budget = options.fixed_epochs > 0;
  const auto dataset = load_dataset(options.data, options.training.seed);
  nn::Mlp net = build_network(dataset, options.network);
  const RunIdentity own = run_identity(dataset, options.training.seed, net);
  const ProvenanceCheck check = check_provenance({options.init, options.mask}, options.force, &own);
  const auto init = io::read_named_values(options.init);
  net.set_parameters(init.names, init.values, options.init);
  const nn::Mask mask = options.mask.empty() ? nn::Mask::keep_all(net) : nn::read_mask(options.mask, net);
  if (!nn::outputs_connected(mask, net))
    spdlog::warn("retrain-sparse: {} cuts every path from the inputs to some output; that output can only learn its bias",
                 options.mask);
  const auto factors = mask.layer_factors(net);
  for (std::size_t l = 0; l < net.weights.size(); ++l) net.weights[l].array() *= factors[l].array();

  TrainingOptions training = options.training;
  training.epochs = fixed_budget ? options.fixed_epochs : options.max_epochs;
  const std::filesystem::path dir(options.out);
  io::AtomicFileSet files;
  const auto result = run_training(net, dataset, training, &mask,
                                   fixed_budget ? std::nullopt : std::optional<double>(options.benchmark), options.out, files);

  io::NamedValues model;
  model.names = net.parameter_names();
  model.values = net.parameter_values();
  io::write_named_values(files.open(dir / "model.csv").stream(), model);

  const auto test = eval::evaluate(net, dataset.test_x, dataset.test_y, dataset.num_classes());
  const std::string summary = summary_table(options.method, options.training.seed, result.epochs, net, mask, dataset,
                                            options.fixed_epochs);
  files.open(dir / "summary.csv").stream() << summary;
  // The fixed budget is a command-line option only (a config's `epochs` is the dense run's length),
  // so it is recorded here rather than in [config].
  const std::string basis =
      fixed_budget ? "fixed_epochs = " + std::to_string(options.fixed_epochs) + "\n"
                   : std::string("benchmark_split = ") + (dataset.has_validation() ? "\"validation\"" : "\"train\"") + "\n";
  files.open(dir / "run.toml").stream() << run_record(options.provenance, options.training.seed, dataset, net, check, basis);
  files.commit_all();
  spdlog::info("retrain-sparse: {} of {} weights kept ({:.2f}% pruned), {} epochs, test accuracy {:.4f}, macro-F1 {:.4f}",
               mask.kept(), mask.keep.size(), 100.0 * static_cast<double>(mask.pruned()) / static_cast<double>(mask.keep.size()),
               result.epochs, test.accuracy, test.f1_macro);
}

}  // namespace legcnet::stages
