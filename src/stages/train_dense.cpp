#include "legcnet/stages/train_dense.hpp"

#include <spdlog/spdlog.h>

#include <cmath>

#include "legcnet/error.hpp"
#include "legcnet/eval/metrics.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/number_format.hpp"
#include "training_run.hpp"

namespace legcnet::stages {
namespace {

io::NamedValues parameters_of(const nn::Mlp& net) {
  io::NamedValues table;
  table.names = net.parameter_names();
  table.values = net.parameter_values();
  return table;
}

// The weight's name, and K when K chose it (not --weight).
std::string perturbation_lines(const std::string& weight, const PerturbationOptions& choice) {
  std::string text = "perturbed_weight = " + toml_string(weight) + "\n";
  if (choice.weight.empty()) text += "perturbation = " + std::to_string(choice.perturbation) + "\n";
  return text;
}

}  // namespace

void train_and_write(const TrainDenseOptions& options, const data::Dataset& dataset, nn::Mlp& net,
                     const ProvenanceCheck& check, const std::string& extra_run, bool write_summary,
                     const SeriesRecording& series) {
  const std::filesystem::path dir(options.out);
  io::AtomicFileSet files;
  io::write_named_values(files.open(dir / "init.csv").stream(), parameters_of(net));
  const auto result = run_training(net, dataset, options.training, nullptr, std::nullopt, options.out, files, series);
  io::write_named_values(files.open(dir / "model.csv").stream(), parameters_of(net));
  if (write_summary)
    files.open(dir / "summary.csv").stream()
        << summary_table("dense-trained", options.training.seed, result.epochs, net, nn::Mask::keep_all(net), dataset, 0);
  files.open(dir / "run.toml").stream() << run_record(options.provenance, options.training.seed, dataset, net, check,
                                                       extra_run);
  files.commit_all();
  const auto test = eval::evaluate(net, dataset.test_x, dataset.test_y, dataset.num_classes());
  spdlog::info("{}: {} epochs, {} steps, test accuracy {:.4f}, macro-F1 {:.4f} -> {}", options.provenance.stage,
               result.epochs, result.steps, test.accuracy, test.f1_macro, options.out);
}

std::string perturbation_record(const nn::Mlp& net, const data::Dataset& dataset, std::uint64_t seed,
                                const PerturbationOptions& choice) {
  return perturbation_lines(choose_perturbed_weight(net, dataset, seed, choice), choice);
}

std::string perturb_weight(nn::Mlp& net, const data::Dataset& dataset, std::uint64_t seed,
                           const PerturbationOptions& choice, double delta) {
  const std::string weight = choose_perturbed_weight(net, dataset, seed, choice);
  int layer = 0, row = 0, column = 0;
  net.locate_weight(weight, layer, row, column);
  net.weights[static_cast<std::size_t>(layer)](row, column) += delta;
  spdlog::info("perturbed run: {} + {}", weight, io::format_double(delta));
  return perturbation_lines(weight, choice) + "delta = " + io::format_double(delta) + "\n";
}

void train_dense(const TrainDenseOptions& options) {
  if (options.out.empty()) throw InputError("--out DIR is required");
  const auto dataset = load_dataset(options.data, options.training.seed);
  nn::Mlp net = build_network(dataset, options.network);
  const std::string record = perturbation_record(net, dataset, options.training.seed, options.perturbation);
  nn::initialize(net, nn::parse_initializer(options.network.init), options.training.seed);
  train_and_write(options, dataset, net, {}, record, true);
}

void perturb_retrain(const PerturbRetrainOptions& options) {
  if (options.init.empty()) throw InputError("--init FILE (the baseline's init.csv) is required");
  if (options.run.out.empty()) throw InputError("--out DIR is required");
  if (!std::isfinite(options.delta)) throw InputError("--delta must be a finite number");
  const auto dataset = load_dataset(options.run.data, options.run.training.seed);
  nn::Mlp net = build_network(dataset, options.run.network);
  const RunIdentity own = run_identity(dataset, options.run.training.seed, net);
  const ProvenanceCheck check = check_provenance({options.init}, options.force, &own);
  choose_perturbed_weight(net, dataset, options.run.training.seed, options.run.perturbation);  // fails before reading
  const auto init = io::read_named_values(options.init);
  net.set_parameters(init.names, init.values, options.init);
  const std::string record = perturb_weight(net, dataset, options.run.training.seed, options.run.perturbation, options.delta);
  train_and_write(options.run, dataset, net, check, record, false);
}

}  // namespace legcnet::stages
