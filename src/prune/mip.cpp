// prune --method mip: the samples, and the cutting-plane loop around the solver that turns the
// outer approximation of the cross-entropy into the program's optimum.
#include "legcnet/prune/mip.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <span>

#include "legcnet/error.hpp"
#include "legcnet/io/number_format.hpp"
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

// One solve's point, judged with the exact loss.
struct Point {
  std::vector<double> values;
  double model_objective = 0.0;  // the solver's, with the loss's outer approximation
  double exact = 0.0;            // with the exact loss
  double bound = 0.0;            // the solver's lower bound on its program
  solver::Status status = solver::Status::failed;
};

// The outer-approximation algorithm (Duran and Grossmann) with Kelley's cutting planes for the
// convex loss. Without binaries: solve the LP, add the tangents it violates, again, until the gap
// closes. With binaries: cuts first from the LP relaxation; then alternately the master MIP (all
// cuts so far; its bound is the proven lower bound) and, with the master's binaries fixed, the
// cutting-plane LP of that configuration (its solution is the exact optimum of that configuration
// to the tolerance: the incumbent, and cuts where the next master needs them). The loop always
// ends with a master solve, so the final model's optimum is the reported bound.
class OuterApproximation {
 public:
  OuterApproximation(const nn::Mlp& net, const MipSamples& samples, const MipOptions& options)
      : samples_(samples), options_(options), f_(build_formulation(net, samples, options)), start_(Clock::now()),
        weight_(options.lambda / static_cast<double>(samples.inputs.cols())) {}

  MipResult run() {
    MipReport& report = result_.report;
    report.form = to_string(options_.form);
    report.samples = static_cast<std::size_t>(samples_.inputs.cols());
    report.binaries = f_.model.integer_count();
    report.pwl_error = f_.pwl_error;
    if (options_.form == MipForm::pwl && report.binaries > options_.max_pwl_binaries && options_.time_limit <= 0)
      throw InputError("--mip-form pwl needs " + std::to_string(report.binaries) + " binaries here, more than the " +
                       std::to_string(options_.max_pwl_binaries) +
                       " it solves in minutes; use --mip-form linear or fewer samples, or give --mip-time-limit to try "
                       "anyway (the gap at the limit is reported)");
    std::string status;
    if (report.binaries == 0) {
      solver::Solver lp(f_.model);
      status = kelley(lp, true);
    } else {
      status = alternate();
    }
    finish(status);
    return std::move(result_);
  }

 private:
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  double gap(double upper, double lower) const { return (upper - lower) / std::max(1.0, std::abs(upper)); }

  // One solve; false when out of time or rounds (status set).
  bool solve(solver::Solver& solver, Point& point, std::string& status) {
    if (result_.report.rounds >= options_.max_rounds) {
      status = "round_limit";
      return false;
    }
    solver::Settings settings;
    settings.seed = options_.seed;
    if (options_.time_limit > 0) {
      settings.time_limit = options_.time_limit - elapsed();
      if (settings.time_limit <= 0) {
        status = "time_limit";
        return false;
      }
    }
    const auto solution = solver.solve(settings);
    ++result_.report.rounds;
    if (solution.values.empty()) {
      if (solution.status == solver::Status::time_limit) {
        status = "time_limit";
        return false;
      }
      throw std::runtime_error("the solver returned " + solver::to_string(solution.status) +
                               " on a program that the dense network satisfies");
    }
    point.values = solution.values;
    point.model_objective = solution.objective;
    point.bound = solution.bound;
    point.status = solution.status;
    double shortfall = 0.0;  // sum over samples of (exact loss - its approximation)
    const auto z = logits(point.values);
    for (std::size_t n = 0; n < f_.loss_columns.size(); ++n)
      shortfall += loss_epigraph_value(z.col(static_cast<Eigen::Index>(n)), samples_.labels[n]) -
                   point.values[static_cast<std::size_t>(f_.loss_columns[n])];
    point.exact = solution.objective + weight_ * shortfall;
    return true;
  }

  // The tangents `point` violates, into the model and every live solver; false when none.
  bool add_cuts(const Point& point, std::vector<solver::Solver*> solvers) {
    std::vector<double> theta;
    for (int column : f_.loss_columns) theta.push_back(point.values[static_cast<std::size_t>(column)]);
    auto cuts = loss_cuts(f_, samples_, logits(point.values), theta, 1e-9, "oa" + std::to_string(++cut_rounds_) + "_");
    if (cuts.empty()) return false;
    for (auto* solver : solvers) solver->add_rows(cuts);
    for (auto& cut : cuts) f_.model.add_row(std::move(cut));
    return true;
  }

  void offer(const Point& point) {
    if (point.exact >= incumbent_.objective) return;
    incumbent_.objective = point.exact;
    incumbent_.values = point.values;
    // The exact loss satisfies every tangent: a feasible start for the next master.
    const auto z = logits(point.values);
    for (std::size_t n = 0; n < f_.loss_columns.size(); ++n)
      incumbent_.values[static_cast<std::size_t>(f_.loss_columns[n])] =
          loss_epigraph_value(z.col(static_cast<Eigen::Index>(n)), samples_.labels[n]);
  }

  // Kelley's loop on an LP until its own gap closes. `final`: its solutions are the answer (the
  // LP is the whole program); otherwise (relaxation, fixed configuration) they only feed cuts
  // and, when integral, the incumbent.
  std::string kelley(solver::Solver& lp, bool final, solver::Solver* master = nullptr, bool integral = false) {
    std::string status;
    Point point;
    while (solve(lp, point, status)) {
      // The relaxation's optimum (with the cuts so far) is a lower bound of the program's: the
      // bound a solve stopped in the first master reports. A fixed configuration's is not.
      if (final || (master == nullptr && !integral)) bound_ = std::max(bound_, point.bound);
      if (final) result_.report.approximation_objective = point.model_objective;
      if (final || integral) offer(point);
      if (gap(point.exact, point.bound) <= options_.gap_tolerance) return "optimal";
      std::vector<solver::Solver*> solvers{&lp};
      if (master != nullptr) solvers.push_back(master);
      if (!add_cuts(point, solvers)) return "stalled";
    }
    return status;
  }

  std::string alternate() {
    solver::Model relaxation = f_.model;
    std::vector<int> integers;
    for (std::size_t k = 0; k < relaxation.columns.size(); ++k)
      if (relaxation.columns[k].integer) {
        relaxation.columns[k].integer = false;
        integers.push_back(static_cast<int>(k));
      }
    solver::Solver lp(relaxation);
    std::string status = kelley(lp, false);
    if (status == "time_limit" || status == "round_limit") return status;
    solver::Solver master(f_.model);
    Point point;
    while (true) {
      if (!incumbent_.values.empty()) master.set_start(incumbent_.values);
      if (!solve(master, point, status)) return status;
      offer(point);
      // Stopped by the time limit, CBC's best possible value is still a lower bound.
      if (point.status == solver::Status::optimal || point.status == solver::Status::time_limit)
        bound_ = std::max(bound_, point.bound);
      result_.report.approximation_objective = point.model_objective;
      if (point.status == solver::Status::time_limit) return "time_limit";
      if (gap(incumbent_.objective, bound_) <= options_.gap_tolerance) return "optimal";
      for (int column : integers) {
        const double value = std::round(point.values[static_cast<std::size_t>(column)]);
        lp.set_column_bounds(column, value, value);
      }
      status = kelley(lp, false, &master, true);
      for (int column : integers)
        lp.set_column_bounds(column, f_.model.columns[static_cast<std::size_t>(column)].lower,
                             f_.model.columns[static_cast<std::size_t>(column)].upper);
      if (status == "time_limit" || status == "round_limit") return status;
      if (status == "stalled" && !add_cuts(point, {&lp, &master})) return "stalled";
    }
  }

  Eigen::MatrixXd logits(const std::vector<double>& values) const {
    Eigen::MatrixXd z(f_.logit_columns.rows(), f_.logit_columns.cols());
    for (Eigen::Index k = 0; k < z.size(); ++k) z(k) = values[static_cast<std::size_t>(f_.logit_columns(k))];
    return z;
  }

  void finish(const std::string& status) {
    MipReport& report = result_.report;
    if (incumbent_.values.empty())
      throw InputError(status == "time_limit" ? "the MIP found no solution within --mip-time-limit " +
                                                    io::format_double(options_.time_limit) + " s; give it more time"
                                              : "the MIP found no solution (" + status + " after " +
                                                    std::to_string(result_.report.rounds) + " solves)");
    report.objective = incumbent_.objective;
    report.bound = std::min(bound_, incumbent_.objective);
    report.gap = gap(report.objective, report.bound);
    // Stopped after a configuration's LP closed the gap, before the next master could say so.
    report.status = report.gap <= options_.gap_tolerance ? "optimal" : status;
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
  double weight_;
  MipResult result_;
  Incumbent incumbent_;
  double bound_ = -std::numeric_limits<double>::infinity();
  int cut_rounds_ = 0;
};

}  // namespace

MipResult critical_neuron_scores(const nn::Mlp& net, const MipSamples& samples, const MipOptions& options) {
  check_options(net, options);
  if (samples.labels.size() != static_cast<std::size_t>(samples.inputs.cols()))
    throw std::logic_error("critical_neuron_scores: one label per sample");
  return OuterApproximation(net, samples, options).run();
}

}  // namespace legcnet::prune
