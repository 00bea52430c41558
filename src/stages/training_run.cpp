#include "training_run.hpp"

#include <spdlog/spdlog.h>

#include <cmath>

#include <memory>

#include "legcnet/dynamics/windows.hpp"
#include "legcnet/error.hpp"
#include "legcnet/eval/metrics.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/eval/flops.hpp"
#include "legcnet/io/series.hpp"
#include "legcnet/nn/trainer.hpp"

namespace legcnet::stages {
namespace {

class RecordingObserver : public nn::TrainObserver {
 public:
  RecordingObserver(const data::Dataset& dataset, const TrainingOptions& training, long long steps_per_epoch,
                    long long total_steps, std::optional<double> benchmark, io::SeriesWriter* weights,
                    const SeriesRecording& series, io::SeriesWriter& metrics, std::size_t weight_count)
      : dataset_(dataset), training_(training), steps_per_epoch_(steps_per_epoch), benchmark_(benchmark),
        weights_(weights), sink_(series.sink), metrics_(metrics), row_(weight_count), progress_("training", "steps", total_steps),
        train_evaluator_(dataset.train_x, dataset.train_y, dataset.num_classes(), nn::output_units_for(dataset.num_classes()),
                         false),
        test_evaluator_(dataset.test_x, dataset.test_y, dataset.num_classes(), nn::output_units_for(dataset.num_classes()),
                        false) {
    if (dataset.has_validation())
      validation_evaluator_.emplace(dataset.validation_x, dataset.validation_y, dataset.num_classes(),
                                    nn::output_units_for(dataset.num_classes()), false);
    if (training.record_every > 0 && training.metrics_at_window_ends) {
      // Window ends are counted in series rows; a row is every record_every-th step. Without
      // --window, the window windowed-le will choose for this series by default.
      const auto rows = static_cast<std::size_t>(total_steps / training.record_every + 1);
      const auto window = training.window > 0 ? static_cast<std::size_t>(training.window) : dynamics::default_window(rows);
      for (const auto& range : dynamics::window_ranges(rows, window, training.overlap))
        window_end_steps_.insert(static_cast<long long>(range.end_row) * training.record_every);
    }
  }

  void record(long long step, int epoch, const nn::Mlp& net) {
    if ((weights_ != nullptr || sink_) && training_.record_every > 0 && step % training_.record_every == 0) {
      net.copy_weights(row_.data());
      const long long index[1] = {step};
      if (weights_ != nullptr) weights_->write_row(index, std::span<const double>(row_));
      if (sink_) sink_(step, std::span<const double>(row_));
    }
    // Metrics where a stage reads them: step 0, epoch ends (retrain-sparse's benchmark,
    // windowed-le --max-epoch) and window ends (granger); every K-th step only with --eval-every K.
    const bool epoch_end = step > 0 && step % steps_per_epoch_ == 0;
    const bool asked = training_.eval_every > 0 && step % training_.eval_every == 0;
    if (step == 0 || asked || epoch_end || window_end_steps_.count(step) > 0) {
      const auto train = train_evaluator_(net);
      const auto test = test_evaluator_(net);
      const long long index[1] = {step};
      double values[5] = {static_cast<double>(epoch), train.loss, train.accuracy, test.accuracy, 0.0};
      std::size_t count = 4;
      if (validation_evaluator_) {
        values[4] = (*validation_evaluator_)(net).accuracy;
        count = 5;
      }
      metrics_.write_row(index, std::span<const double>(values, count));
      if (epoch_end) {
        last_epoch_train_accuracy_ = train.accuracy;
        last_epoch_validation_accuracy_ = values[4];
      }
    }
  }

  void on_step(long long step, int epoch, const nn::Mlp& net) override {
    record(step, epoch, net);
    progress_.advance(step);
  }

  // The benchmark is read on the validation split when there is one, never on the test split.
  bool on_epoch_end(int /*epoch*/, long long /*step*/, const nn::Mlp& /*net*/) override {
    const double accuracy = validation_evaluator_ ? last_epoch_validation_accuracy_ : last_epoch_train_accuracy_;
    return !(benchmark_ && accuracy >= *benchmark_);
  }

  void finish(long long steps) { progress_.finish(steps); }

 private:
  const data::Dataset& dataset_;
  const TrainingOptions& training_;
  long long steps_per_epoch_;
  std::optional<double> benchmark_;
  io::SeriesWriter* weights_;
  const std::function<void(long long, std::span<const double>)>& sink_;
  io::SeriesWriter& metrics_;
  std::vector<double> row_;
  std::set<long long> window_end_steps_;
  double last_epoch_train_accuracy_ = 0.0, last_epoch_validation_accuracy_ = 0.0;
  ProgressMeter progress_;
  eval::Evaluator train_evaluator_, test_evaluator_;
  std::optional<eval::Evaluator> validation_evaluator_;
};

}  // namespace

TrainingRunResult run_training(nn::Mlp& net, const data::Dataset& dataset, const TrainingOptions& training,
                               const nn::Mask* mask, std::optional<double> benchmark, const std::string& out_dir,
                               io::AtomicFileSet& files, const SeriesRecording& series) {
  if (!(training.learning_rate > 0.0 && std::isfinite(training.learning_rate)))
    throw InputError("--lr must be a positive finite number");
  if (auto problem = dynamics::window_options_problem(training.window > 0 ? static_cast<std::size_t>(training.window) : 1,
                                                      training.overlap))
    throw InputError("--window/--overlap: " + *problem);
  if (training.epochs < 1) throw InputError("--epochs must be at least 1");
  if (training.batch_size < 1) throw InputError("--batch-size must be at least 1");
  if (training.eval_every < 0) throw InputError("--eval-every must be 0 (epoch and window ends only) or positive");
  if (training.record_every < 0) throw InputError("--record-every must be 0 (no series) or positive");
  if (dataset.train_x.rows() == 0) throw InputError("the training split is empty");

  const std::filesystem::path dir(out_dir);
  if (training.series_format != "csv" && training.series_format != "npy")
    throw InputError("--series-format must be csv or npy");
  // What the run saw, exactly: the scaler it applied and the subset of every data row.
  files.open(dir / "scaler.csv").stream() << scaler_table(dataset);
  files.open(dir / "split.csv").stream() << split_table(dataset);
  std::unique_ptr<io::SeriesWriter> weights;
  if (training.record_every > 0 && series.to_file)
    weights = io::open_series_writer(files, dir / ("weights." + training.series_format), {"step"}, net.weight_names());
  std::vector<std::string> metric_names{"epoch", "train_loss", "train_acc", "test_acc"};
  if (dataset.has_validation()) metric_names.push_back("val_acc");  // only then, so older readers keep working
  io::SeriesWriter metrics(files.open(dir / "metrics.csv").stream(), {"step"}, metric_names);
  const long long per_epoch = nn::steps_per_epoch(static_cast<std::size_t>(dataset.train_x.rows()), training.batch_size);
  RecordingObserver observer(dataset, training, per_epoch, per_epoch * training.epochs, benchmark, weights.get(),
                             series, metrics, net.weight_count());
  observer.record(0, 0, net);
  nn::TrainOptions options{training.learning_rate, training.epochs, training.batch_size, training.seed};
  TrainingRunResult result;
  result.epochs = nn::train(net, dataset, options, mask, observer);
  result.steps = per_epoch * result.epochs;
  observer.finish(result.steps);
  if (weights) weights->finish();
  metrics.finish();
  return result;
}

std::string summary_table(const std::string& method, std::uint64_t seed, int epochs, const nn::Mlp& net,
                          const nn::Mask& mask, const data::Dataset& dataset, int fixed_epochs) {
  const auto train = eval::evaluate(net, dataset.train_x, dataset.train_y, dataset.num_classes());
  const auto test = eval::evaluate(net, dataset.test_x, dataset.test_y, dataset.num_classes());
  const std::size_t total = net.weight_count(), kept = mask.kept();
  const double pct_pruned = 100.0 * static_cast<double>(total - kept) / static_cast<double>(total);
  // In effect: weights on some input-to-output path (nn::connectivity); the rest change nothing.
  const std::size_t effective = nn::connectivity(mask, net).effective_count();
  const double pct_pruned_effective = 100.0 * static_cast<double>(total - effective) / static_cast<double>(total);
  const double forward = eval::flops_forward(net, kept);
  const double training_flops =
      eval::flops_train(forward, static_cast<std::size_t>(epochs) * static_cast<std::size_t>(dataset.train_x.rows()));
  // Further columns after the eleven of the first version, so that older readers keep working;
  // the optional ones last.
  std::string summary =
      "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,flops_forward,flops_train,"
      "weights_effective,pct_pruned_effective";
  summary += std::string(dataset.has_validation() ? ",val_acc" : "") + (fixed_epochs > 0 ? ",epochs_budget" : "") + "\n";
  summary += io::quote_csv_field(method) + "," + std::to_string(seed) + "," + std::to_string(epochs);
  for (double value : {train.accuracy, test.accuracy, test.f1_macro}) summary += "," + io::format_double(value);
  summary += "," + std::to_string(total) + "," + std::to_string(kept);
  for (double value : {pct_pruned, forward, training_flops}) summary += "," + io::format_double(value);
  summary += "," + std::to_string(effective) + "," + io::format_double(pct_pruned_effective);
  if (dataset.has_validation())
    summary += "," + io::format_double(
                         eval::evaluate(net, dataset.validation_x, dataset.validation_y, dataset.num_classes()).accuracy);
  if (fixed_epochs > 0) summary += "," + std::to_string(fixed_epochs);
  return summary + "\n";
}

}  // namespace legcnet::stages
