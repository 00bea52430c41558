// prune --method mip: the samples, and the cutting-plane loop around the solver that turns the
// outer approximation of the cross-entropy into the program's optimum.
#include "legcnet/prune/mip.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <span>

#include "legcnet/error.hpp"
#include "legcnet/random.hpp"

namespace legcnet::prune {

MipForm parse_mip_form(const std::string& text) {
  if (text == "relu") return MipForm::relu;
  if (text == "linear") return MipForm::linear;
  if (text == "pwl") return MipForm::pwl;
  throw InputError("--mip-form must be relu, linear or pwl, not '" + text + "'");
}

LayerPenalty parse_layer_penalty(const std::string& text) {
  if (text == "code") return LayerPenalty::code;
  if (text == "sum") return LayerPenalty::sum;
  throw InputError("--mip-layer-penalty must be code or sum, not '" + text + "'");
}

std::string to_string(MipForm form) {
  return form == MipForm::relu ? "relu" : form == MipForm::linear ? "linear" : "pwl";
}

MipForm default_mip_form(nn::Activation hidden) {
  return hidden == nn::Activation::relu ? MipForm::relu : MipForm::linear;
}

std::vector<std::size_t> draw_mip_samples(const std::vector<int>& labels, const std::vector<int>& predicted, int classes,
                                          int per_class, std::uint64_t seed, std::vector<int>* short_classes) {
  RandomStream stream(seed, "mip-samples");
  std::vector<std::size_t> chosen;
  for (int c = 0; c < classes; ++c) {
    std::vector<std::size_t> correct;
    for (std::size_t k = 0; k < labels.size(); ++k)
      if (labels[k] == c && predicted[k] == c) correct.push_back(k);
    stream.shuffle(std::span<std::size_t>(correct));
    const auto take = std::min(correct.size(), static_cast<std::size_t>(std::max(per_class, 0)));
    if (take < static_cast<std::size_t>(per_class) && short_classes != nullptr) short_classes->push_back(c);
    std::vector<std::size_t> drawn(correct.begin(), correct.begin() + static_cast<std::ptrdiff_t>(take));
    std::sort(drawn.begin(), drawn.end());
    chosen.insert(chosen.end(), drawn.begin(), drawn.end());
  }
  return chosen;
}

namespace {

using Clock = std::chrono::steady_clock;

void check_options(const nn::Mlp& net, const MipOptions& options) {
  const auto hidden = net.architecture().hidden;
  if (options.form == MipForm::relu && hidden != nn::Activation::relu)
    throw InputError("--mip-form relu is the ReLU network's program; this network's hidden units are " +
                     nn::to_string(hidden) + " (use linear or, for sigmoid, pwl)");
  if (options.form == MipForm::pwl && hidden != nn::Activation::sigmoid)
    throw InputError("--mip-form pwl interpolates the sigmoid; this network's hidden units are " + nn::to_string(hidden) +
                     " (use " + (hidden == nn::Activation::relu ? "relu" : "linear") + ")");
  if (!(options.lambda > 0.0) || !std::isfinite(options.lambda)) throw InputError("--mip-lambda must be positive");
  if (!(options.eps >= 0.0) || !std::isfinite(options.eps)) throw InputError("--mip-eps must be 0 or positive");
  if (!(options.time_limit >= 0.0)) throw InputError("--mip-time-limit must be 0 (none) or positive");
}

struct Incumbent {
  std::vector<double> values;
  double objective = std::numeric_limits<double>::infinity();  // with the exact loss
};

class CuttingPlanes {
 public:
  CuttingPlanes(const nn::Mlp& net, const MipSamples& samples, const MipOptions& options)
      : samples_(samples), options_(options), f_(build_formulation(net, samples, options)), start_(Clock::now()) {}

  MipResult run() {
    MipReport& report = result_.report;
    report.form = to_string(options_.form);
    report.samples = static_cast<std::size_t>(samples_.inputs.cols());
    report.binaries = f_.model.integer_count();
    report.pwl_error = f_.pwl_error;
    // With binaries, the cuts are first found on the relaxation (cheap LPs, warm-started), then
    // each integer solution adds its own.
    if (report.binaries > 0) {
      solver::Model relaxation = f_.model;
      for (auto& column : relaxation.columns) column.integer = false;
      solver::Solver lp(relaxation);
      loop(lp, nullptr);
    }
    solver::Solver main(f_.model);
    const auto status = loop(main, &main);
    finish(status);
    return std::move(result_);
  }

 private:
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  // Solves, adds the cuts the solution violates, and again, until the gap closes. `main` is the
  // solver whose solutions are the answer (nullptr for the relaxation's rounds, whose cuts go
  // into the model only). Returns the status to report.
  std::string loop(solver::Solver& solver, solver::Solver* main) {
    const double weight = options_.lambda / static_cast<double>(samples_.inputs.cols());
    double bound = -std::numeric_limits<double>::infinity();
    for (int round = 0; round < options_.max_rounds; ++round) {
      solver::Settings settings;
      settings.seed = options_.seed;
      if (options_.time_limit > 0) {
        settings.time_limit = options_.time_limit - elapsed();
        if (settings.time_limit <= 0) return "time_limit";
      }
      if (main != nullptr && !incumbent_.values.empty()) solver.set_start(incumbent_.values);
      const auto solution = solver.solve(settings);
      ++result_.report.rounds;
      if (solution.values.empty()) {
        if (solution.status == solver::Status::time_limit) return "time_limit";
        throw std::runtime_error("the MIP solver returned " + solver::to_string(solution.status) +
                                 " on a program that the dense network satisfies");
      }
      const auto z = logits(solution.values);
      std::vector<double> theta;
      double shortfall = 0.0;  // sum over samples of (exact loss - its approximation)
      for (std::size_t n = 0; n < f_.loss_columns.size(); ++n) {
        theta.push_back(solution.values[static_cast<std::size_t>(f_.loss_columns[n])]);
        shortfall += loss_epigraph_value(z.col(static_cast<Eigen::Index>(n)), samples_.labels[n]) - theta.back();
      }
      const double exact = solution.objective + weight * shortfall;
      bound = std::max(bound, solution.bound);
      const double gap = (exact - bound) / std::max(1.0, std::abs(exact));
      if (main != nullptr) {
        result_.report.approximation_objective = solution.objective;
        result_.report.bound = bound;
        if (exact < incumbent_.objective) {
          incumbent_.objective = exact;
          incumbent_.values = solution.values;
          // The exact loss satisfies every tangent cut: a feasible start for the next round.
          for (std::size_t n = 0; n < theta.size(); ++n)
            incumbent_.values[static_cast<std::size_t>(f_.loss_columns[n])] =
                loss_epigraph_value(z.col(static_cast<Eigen::Index>(n)), samples_.labels[n]);
        }
        if (solution.status == solver::Status::time_limit) return "time_limit";
      }
      if (gap <= options_.gap_tolerance) return "optimal";
      auto cuts = loss_cuts(f_, samples_, z, theta, 1e-9, "oa" + std::to_string(++cut_rounds_) + "_");
      if (cuts.empty()) return "stalled";
      solver.add_rows(cuts);
      for (auto& cut : cuts) f_.model.add_row(std::move(cut));
    }
    return "round_limit";
  }

  Eigen::MatrixXd logits(const std::vector<double>& values) const {
    Eigen::MatrixXd z(f_.logit_columns.rows(), f_.logit_columns.cols());
    for (Eigen::Index k = 0; k < z.size(); ++k) z(k) = values[static_cast<std::size_t>(f_.logit_columns(k))];
    return z;
  }

  void finish(const std::string& status) {
    MipReport& report = result_.report;
    if (incumbent_.values.empty()) throw InputError("the MIP found no solution within --mip-time-limit " +
                                                    std::to_string(options_.time_limit) + " s; give it more time");
    report.status = status;
    report.objective = incumbent_.objective;
    report.gap = (report.objective - report.bound) / std::max(1.0, std::abs(report.objective));
    report.variables = f_.model.columns.size();
    report.rows = f_.model.rows.size();
    report.seconds = elapsed();
    for (const auto& layer : f_.score_columns) {
      Eigen::VectorXd scores(static_cast<Eigen::Index>(layer.size()));
      for (std::size_t j = 0; j < layer.size(); ++j)
        scores(static_cast<Eigen::Index>(j)) = std::clamp(incumbent_.values[static_cast<std::size_t>(layer[j])], 0.0, 1.0);
      result_.scores.push_back(std::move(scores));
    }
    result_.model = std::move(f_.model);
  }

  const MipSamples& samples_;
  const MipOptions& options_;
  MipFormulation f_;
  Clock::time_point start_;
  MipResult result_;
  Incumbent incumbent_;
  int cut_rounds_ = 0;
};

}  // namespace

MipResult critical_neuron_scores(const nn::Mlp& net, const MipSamples& samples, const MipOptions& options) {
  check_options(net, options);
  if (samples.labels.size() != static_cast<std::size_t>(samples.inputs.cols()))
    throw std::logic_error("critical_neuron_scores: one label per sample");
  return CuttingPlanes(net, samples, options).run();
}

}  // namespace legcnet::prune
