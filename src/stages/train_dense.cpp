#include "legcnet/stages/train_dense.hpp"

#include <spdlog/spdlog.h>

#include "legcnet/error.hpp"
#include "legcnet/eval/metrics.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/named_values.hpp"
#include "training_run.hpp"

namespace legcnet::stages {
namespace {

io::NamedValues parameters_of(const nn::Mlp& net) {
  io::NamedValues table;
  table.names = net.parameter_names();
  table.values = net.parameter_values();
  return table;
}

// Trains from the given initial parameters and writes the whole output directory at once.
void train_and_write(const TrainDenseOptions& options, const data::Dataset& dataset, nn::Mlp& net) {
  if (options.out.empty()) throw InputError("--out DIR is required");
  const std::filesystem::path dir(options.out);
  io::AtomicFileSet files;
  io::write_named_values(files.open(dir / "init.csv").stream(), parameters_of(net));
  const auto result = run_training(net, dataset, options.training, nullptr, std::nullopt, options.out, files);
  io::write_named_values(files.open(dir / "model.csv").stream(), parameters_of(net));
  files.open(dir / "run.toml").stream() << run_record(options.provenance, options.training.seed, &dataset);
  files.commit_all();
  const auto test = eval::evaluate(net, dataset.test_x, dataset.test_y, dataset.num_classes());
  spdlog::info("{}: {} epochs, {} steps, test accuracy {:.4f}, macro-F1 {:.4f} -> {}", options.provenance.stage,
               result.epochs, result.steps, test.accuracy, test.f1_macro, options.out);
}

}  // namespace

void train_dense(const TrainDenseOptions& options) {
  const auto dataset = load_dataset(options.data, options.training.seed);
  nn::Mlp net = build_network(dataset, options.network);
  nn::initialize(net, nn::parse_initializer(options.network.init), options.training.seed);
  train_and_write(options, dataset, net);
}

void perturb_retrain(const PerturbRetrainOptions& options) {
  if (options.init.empty()) throw InputError("--init FILE (the baseline's init.csv) is required");
  const auto dataset = load_dataset(options.run.data, options.run.training.seed);
  nn::Mlp net = build_network(dataset, options.run.network);
  const auto init = io::read_named_values(options.init);
  net.set_parameters(init.names, init.values, options.init);
  int layer = 0, row = 0, column = 0;
  net.locate_weight(options.weight, layer, row, column);
  // A first-layer weight on a feature that is 0 in every training sample gets no gradient and
  // moves no output: its nudge would leave every difference series constant (MNIST's border
  // pixels, e.g. w1_0_0).
  if (layer == 0 && options.delta != 0.0 && (dataset.train_x.col(column).array() == 0.0).all())
    throw InputError("--weight " + options.weight + " multiplies feature " + std::to_string(column) + " (" +
                     dataset.feature_names[static_cast<std::size_t>(column)] +
                     "), which is 0 in every training sample: its perturbation cannot change the run; choose another "
                     "weight (e.g. --weight w2_0_0)");
  net.weights[static_cast<std::size_t>(layer)](row, column) += options.delta;
  train_and_write(options.run, dataset, net);
}

}  // namespace legcnet::stages
