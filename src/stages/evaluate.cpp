#include "legcnet/stages/evaluate.hpp"

#include <spdlog/spdlog.h>

#include "legcnet/error.hpp"
#include "legcnet/eval/metrics.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/nn/mask.hpp"
#include "training_run.hpp"

namespace legcnet::stages {

void evaluate(const EvaluateOptions& options) {
  if (options.model.empty()) throw InputError("--model FILE (model.csv) is required");
  if (options.out.empty()) throw InputError("--out FILE is required");
  RunModel run = load_run_model(options.data, options.network, options.seed, options.model, {options.mask}, options.force);
  const data::Dataset& dataset = run.dataset;
  nn::Mlp& net = run.net;
  const ProvenanceCheck& check = run.check;
  const nn::Mask mask = options.mask.empty() ? nn::Mask::keep_all(net) : nn::read_mask(options.mask, net);
  const auto factors = mask.layer_factors(net);
  for (std::size_t l = 0; l < net.weights.size(); ++l) net.weights[l].array() *= factors[l].array();
  const std::string summary = summary_table(options.method, options.seed, 0, net, mask, dataset, 0);
  io::AtomicFileSet files;
  files.open(options.out).stream() << summary;
  files.open(record_path_for(options.out)).stream() << file_record(options.provenance, check);
  files.commit_all();
  const auto test = eval::evaluate(net, dataset.test_x, dataset.test_y, dataset.num_classes());
  spdlog::info("evaluate: {} of {} weights kept ({:.2f}% pruned), no retraining: test accuracy {:.4f}, macro-F1 {:.4f}",
               mask.kept(), mask.keep.size(), 100.0 * static_cast<double>(mask.pruned()) / static_cast<double>(mask.keep.size()),
               test.accuracy, test.f1_macro);
}

}  // namespace legcnet::stages
