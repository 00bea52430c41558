// prune --method mip's program against answers found without the solver or the formulation:
// logits by a plain forward pass, chord errors of the sigmoid by calculus, optimality conditions
// of the penalty, and glpsol on the LP files.
#include "legcnet/prune/mip.hpp"
#include "legcnet/error.hpp"
#include "legcnet/nn/init.hpp"
#include "legcnet/random.hpp"
#include "legcnet/solver/solver.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "glpsol.hpp"

namespace legcnet::prune {
namespace {

nn::Mlp random_net(std::vector<int> sizes, nn::Activation activation, std::uint64_t seed) {
  nn::Architecture architecture{std::move(sizes), activation};
  nn::Mlp net(architecture);
  nn::initialize(net, activation == nn::Activation::relu ? nn::Initializer::he : nn::Initializer::xavier, seed);
  RandomStream stream(seed, "test-biases");
  for (auto& b : net.biases)
    for (Eigen::Index j = 0; j < b.size(); ++j) b(j) = 0.3 * stream.normal();
  return net;
}

double plain_activation(nn::Activation activation, double a) {
  if (activation == nn::Activation::relu) return a > 0 ? a : 0;
  if (activation == nn::Activation::tanh) return std::tanh(a);
  return 1 / (1 + std::exp(-a));
}

// The logits by loops, one sample at a time: the reference the program must reproduce.
Eigen::MatrixXd plain_logits(const nn::Mlp& net, const Eigen::MatrixXd& inputs) {
  Eigen::MatrixXd z(net.weights.back().rows(), inputs.cols());
  for (Eigen::Index n = 0; n < inputs.cols(); ++n) {
    std::vector<double> values(inputs.col(n).data(), inputs.col(n).data() + inputs.rows());
    for (std::size_t l = 0; l < net.weights.size(); ++l) {
      std::vector<double> next;
      for (Eigen::Index j = 0; j < net.weights[l].rows(); ++j) {
        double a = net.biases[l](j);
        for (std::size_t i = 0; i < values.size(); ++i) a += net.weights[l](j, static_cast<Eigen::Index>(i)) * values[i];
        next.push_back(l + 1 < net.weights.size() ? plain_activation(net.architecture().hidden, a) : a);
      }
      values = next;
    }
    for (Eigen::Index k = 0; k < z.rows(); ++k) z(k, n) = values[static_cast<std::size_t>(k)];
  }
  return z;
}

MipSamples random_samples(const nn::Mlp& net, Eigen::Index n, std::uint64_t seed) {
  RandomStream stream(seed, "test-samples");
  MipSamples samples;
  samples.inputs.resize(net.weights.front().cols(), n);
  for (Eigen::Index k = 0; k < samples.inputs.size(); ++k) samples.inputs(k) = stream.normal();
  // Labels as the network predicts them: the program's samples are correctly classified ones.
  const auto z = plain_logits(net, samples.inputs);
  for (Eigen::Index k = 0; k < n; ++k) {
    Eigen::Index best = 0;
    if (z.rows() == 1) best = z(0, k) >= 0 ? 1 : 0;
    else z.col(k).maxCoeff(&best);
    samples.labels.push_back(static_cast<int>(best));
  }
  return samples;
}

// Solves the formulation with every score fixed at 1 and returns its logits.
Eigen::MatrixXd pinned_logits(const nn::Mlp& net, const MipSamples& samples, const MipOptions& options,
                              std::size_t* binaries = nullptr, double* pwl_error = nullptr) {
  auto formulation = build_formulation(net, samples, options);
  for (const auto& layer : formulation.score_columns)
    for (int s : layer) formulation.model.columns[static_cast<std::size_t>(s)].lower = 1.0;
  if (binaries != nullptr) *binaries = formulation.model.integer_count();
  if (pwl_error != nullptr) *pwl_error = formulation.pwl_error;
  solver::Solver solver(formulation.model);
  const auto solution = solver.solve({});
  EXPECT_EQ(solution.status, solver::Status::optimal);
  if (solution.values.empty())
    return Eigen::MatrixXd::Constant(formulation.logit_columns.rows(), formulation.logit_columns.cols(), 1e300);
  Eigen::MatrixXd z(formulation.logit_columns.rows(), formulation.logit_columns.cols());
  for (Eigen::Index k = 0; k < z.size(); ++k) z(k) = solution.values[static_cast<std::size_t>(formulation.logit_columns(k))];
  return z;
}

MipOptions options_for(MipForm form, double eps = 1e-5) {
  MipOptions options;
  options.form = form;
  options.eps = eps;
  return options;
}

// Clp's primal feasibility tolerance is 1e-7 on rows of O(1) coefficients; the logits sit at the
// end of a chain of equality rows, so they match the forward pass to that tolerance, not to bits.
constexpr double kSolverTolerance = 1e-7;

TEST(Mip, PinnedScoresReproduceTheLogitsOfReluNetworks) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const auto net = random_net({5, 7, 6, 3}, nn::Activation::relu, seed);
    const auto samples = random_samples(net, 4, seed);
    const Eigen::MatrixXd expected = plain_logits(net, samples.inputs);
    // eps = 1e-5 fixes every ReLU (an LP); eps = 0.7 leaves many straddling zero (binaries).
    std::size_t binaries = 0;
    EXPECT_LT((pinned_logits(net, samples, options_for(MipForm::relu), &binaries) - expected).cwiseAbs().maxCoeff(),
              kSolverTolerance);
    EXPECT_EQ(binaries, 0u);
    EXPECT_LT((pinned_logits(net, samples, options_for(MipForm::relu, 0.7), &binaries) - expected).cwiseAbs().maxCoeff(),
              kSolverTolerance);
    EXPECT_GT(binaries, 5u) << "the wide box should leave ReLUs undecided";
  }
}

TEST(Mip, PinnedScoresReproduceTheLogitsOfTheLinearForm) {
  for (auto activation : {nn::Activation::sigmoid, nn::Activation::tanh}) {
    for (std::vector<int> sizes : {std::vector<int>{4, 6, 3}, std::vector<int>{5, 6, 4, 1}}) {
      const auto net = random_net(sizes, activation, 7);
      const auto samples = random_samples(net, 5, 7);
      EXPECT_LT((pinned_logits(net, samples, options_for(MipForm::linear)) - plain_logits(net, samples.inputs))
                    .cwiseAbs()
                    .maxCoeff(),
                kSolverTolerance);
    }
  }
}

// The pwl interpolates the sigmoid at the integers of [-8, 8] (those more than 0.01 inside its
// argument's interval) and at the ends of that interval; first-layer chains merge knots closer than
// 1e-4 in s, lengthening a segment by at most 2e-4 M (M < 50 here). On a segment of length
// h <= 1.02 the chord is within h^2 max|sigmoid''| / 8 of the sigmoid (max|sigmoid''| = 1/(6 sqrt 3) = 0.0962, at
// ln(2 +- sqrt 3)); outside [-8, 8] both lie
// in [0, sigmoid(-8)] or [sigmoid(8), 1]. Chords have slopes <= 1/4, the sigmoid's largest, so an
// error e in a layer's outputs becomes at most |W| e in the next pre-activation and 1/4 |W| e + e_pwl
// in its outputs: that propagated bound is the tolerance of the logits.
TEST(Mip, PinnedScoresReproduceTheLogitsOfThePwlFormWithinItsError) {
  const double sigmoid_curvature = 1.0 / (6.0 * std::sqrt(3.0));
  const double e_pwl = std::max(1.02 * 1.02 * sigmoid_curvature / 8.0, 1.0 / (1.0 + std::exp(8.0)));
  // The first layer's argument at s = 1 is the dense pre-activation itself, a breakpoint: exact.
  // In deeper layers its interval comes from the input box: with eps = 1e-5 the dense point sits
  // next to the interval's end, a breakpoint, and the pwl is nearly exact; eps = 1 puts it inside
  // a segment of the second layer of the 4-3-3-1 net.
  for (double eps : {1e-5, 1.0})
  for (std::vector<int> sizes : {std::vector<int>{3, 4, 3}, std::vector<int>{4, 3, 3, 1}}) {
    const auto net = random_net(sizes, nn::Activation::sigmoid, 11);
    const auto samples = random_samples(net, 3, 11);
    std::size_t binaries = 0;
    double reported_error = 0;
    const Eigen::MatrixXd z = pinned_logits(net, samples, options_for(MipForm::pwl, eps), &binaries, &reported_error);
    EXPECT_GT(binaries, 0u);
    EXPECT_LE(reported_error, e_pwl * (1 + 1e-6));
    EXPECT_GT(reported_error, 1e-3) << "the segments near the sigmoid's bends are about 1 long";
    Eigen::VectorXd error = Eigen::VectorXd::Constant(net.weights.front().rows(), e_pwl);
    for (std::size_t l = 1; l < net.weights.size(); ++l) {
      const Eigen::VectorXd pre = net.weights[l].cwiseAbs() * error;
      error = l + 1 < net.weights.size() ? Eigen::VectorXd(0.25 * pre.array() + e_pwl) : pre;
    }
    const Eigen::MatrixXd difference = (z - plain_logits(net, samples.inputs)).cwiseAbs();
    for (Eigen::Index n = 0; n < z.cols(); ++n)
      for (Eigen::Index k = 0; k < z.rows(); ++k) EXPECT_LE(difference(k, n), error(k) + kSolverTolerance);
    if (eps == 1.0 && sizes.size() == 4) {
      EXPECT_GT(difference.maxCoeff(), 1e-4) << "the pwl is not the sigmoid: some difference must show";
    }
  }
}

// With no outgoing weights a unit cannot change the loss, and the penalty lowers its score as far
// as the rows allow: to 0 in the linear form; in the ReLU form to (U - a) / U over its samples,
// the input box's width relative to U (h >= 0 needs a >= (1 - s) U+), about eps |w|_1 / U.
TEST(Mip, UnitWithoutOutgoingWeightsScoresZero) {
  for (auto form : {MipForm::linear, MipForm::relu}) {
    auto net = random_net({4, 5, 3}, form == MipForm::relu ? nn::Activation::relu : nn::Activation::sigmoid, 3);
    net.weights[1].col(2).setZero();
    const auto samples = random_samples(net, 6, 3);
    const auto result = critical_neuron_scores(net, samples, options_for(form));
    EXPECT_EQ(result.report.status, "optimal");
    EXPECT_LT(result.scores[0](2), form == MipForm::linear ? 1e-9 : 1e-4) << to_string(form);
    EXPECT_GT(result.scores[0].sum(), 0.5) << "the other units should keep some score";
  }
}

// For the convex program, optimality at lambda1 < lambda2 gives (lambda2 - lambda1)(CE1 - CE2) >= 0
// and then P(s2) - P(s1) >= lambda1 (CE1 - CE2) >= 0; with one hidden layer P is mean(s) - 2, so the
// sum of scores cannot fall. Each solve is optimal only within delta = tolerance * max(1, |objective|)
// (the stopping rule), which loosens that to P(s2) - P(s1) >= -delta (1 + 2 lambda1 / (lambda2 -
// lambda1)), i.e. the sum of n scores may fall by n times that. The ReLU form is a MIP; the same
// argument holds for its global optima.
TEST(Mip, RaisingLambdaNeverLowersTheSumOfScores) {
  for (auto form : {MipForm::linear, MipForm::relu}) {
    const auto net = random_net({5, 8, 3}, form == MipForm::relu ? nn::Activation::relu : nn::Activation::sigmoid, 5);
    const auto samples = random_samples(net, 6, 5);
    auto options = options_for(form, form == MipForm::relu ? 0.3 : 1e-5);
    options.gap_tolerance = 1e-6;
    double previous_sum = -1, previous_lambda = 0, previous_objective = 0, first_sum = -1;
    for (double lambda : {0.05, 0.2, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0}) {
      options.lambda = lambda;
      const auto result = critical_neuron_scores(net, samples, options);
      ASSERT_EQ(result.report.status, "optimal") << to_string(form) << " lambda " << lambda;
      const double sum = result.scores[0].sum();
      const double delta = options.gap_tolerance *
                           std::max({1.0, std::abs(result.report.objective), std::abs(previous_objective)});
      const double slack = 8 * delta * (1 + 2 * previous_lambda / (lambda - previous_lambda));
      EXPECT_GE(sum, previous_sum - slack) << to_string(form) << " lambda " << lambda;
      if (first_sum < 0) first_sum = sum;
      previous_sum = sum;
      previous_lambda = lambda;
      previous_objective = result.report.objective;
    }
    EXPECT_GT(previous_sum, first_sum + 1.0) << "the scores should move with lambda";
  }
}

TEST(Mip, GlpsolFindsTheSameOptimumOnTheWrittenModel) {
  LEGCNET_REQUIRE_GLPSOL();
  testkit::TempDir dir;
  struct Case {
    MipForm form;
    std::vector<int> sizes;
    nn::Activation activation;
    double eps;
  };
  const std::vector<Case> cases{{MipForm::relu, {4, 5, 4, 3}, nn::Activation::relu, 1e-5},
                                {MipForm::relu, {4, 5, 3}, nn::Activation::relu, 0.5},
                                {MipForm::linear, {4, 6, 5, 3}, nn::Activation::sigmoid, 1e-5},
                                {MipForm::linear, {4, 6, 1}, nn::Activation::tanh, 1e-5},
                                {MipForm::pwl, {3, 3, 3}, nn::Activation::sigmoid, 1e-5}};
  int index = 0;
  for (const auto& c : cases) {
    const auto net = random_net(c.sizes, c.activation, 21);
    const auto samples = random_samples(net, 3, 21);
    const auto result = critical_neuron_scores(net, samples, options_for(c.form, c.eps));
    const auto path = dir / ("model" + std::to_string(index++) + ".lp");
    {
      std::ofstream out(path);
      solver::write_lp(out, result.model);
    }
    const auto glpk = testkit::run_glpsol(path);
    ASSERT_TRUE(glpk.has_value()) << testkit::read_file(path.string() + ".log");
    EXPECT_TRUE(glpk->optimal);
    // Two solvers' optima of one program, equal to their tolerances: primal feasibility 1e-7 for
    // LPs; glpsol's MIP takes a binary within 1e-5 of 0 or 1 as integral (its tol_int; seen: a pwl
    // row violated by 3e-6 and the objective 4e-6 lower), so MIPs agree to ~1e-5.
    const double tolerance = result.report.binaries == 0 ? 1e-7 : 2e-5;
    EXPECT_NEAR(glpk->objective, result.report.approximation_objective, tolerance * std::max(1.0, std::abs(glpk->objective)))
        << to_string(c.form) << " eps " << c.eps;
    EXPECT_LE(result.report.gap, 1e-4) << to_string(c.form) << " eps " << c.eps << " status " << result.report.status << " rounds " << result.report.rounds;
    if (c.form == MipForm::pwl || c.eps > 0.1) {
      EXPECT_GT(result.report.binaries, 0u);
    }
  }
}

TEST(Mip, CodePenaltyEqualisesTheLayersMeanScores) {
  const auto net = random_net({5, 8, 6, 3}, nn::Activation::sigmoid, 13);
  const auto samples = random_samples(net, 6, 13);
  auto options = options_for(MipForm::linear);
  options.gap_tolerance = 1e-8;
  options.lambda = 1.0;
  const auto code = critical_neuron_scores(net, samples, options);
  EXPECT_NEAR(code.scores[0].mean(), code.scores[1].mean(), 1e-6);
  options.layer_penalty = LayerPenalty::sum;
  const auto sum = critical_neuron_scores(net, samples, options);
  EXPECT_GT(std::abs(sum.scores[0].mean() - sum.scores[1].mean()), 1e-3) << "with the sum the means need not meet";
}

TEST(Mip, SameInputsSameScores) {
  const auto net = random_net({4, 6, 5, 3}, nn::Activation::relu, 17);
  const auto samples = random_samples(net, 4, 17);
  const auto first = critical_neuron_scores(net, samples, options_for(MipForm::relu, 0.3));
  const auto second = critical_neuron_scores(net, samples, options_for(MipForm::relu, 0.3));
  ASSERT_EQ(first.scores.size(), second.scores.size());
  for (std::size_t l = 0; l < first.scores.size(); ++l) EXPECT_EQ(first.scores[l], second.scores[l]);
}

TEST(Mip, FormsThatDoNotFitTheNetworkAreRefused) {
  const auto sigmoid = random_net({3, 4, 3}, nn::Activation::sigmoid, 1);
  const auto relu = random_net({3, 4, 3}, nn::Activation::relu, 1);
  const auto samples = random_samples(sigmoid, 3, 1);
  EXPECT_THROW(critical_neuron_scores(sigmoid, samples, options_for(MipForm::relu)), InputError);
  EXPECT_THROW(critical_neuron_scores(relu, samples, options_for(MipForm::pwl)), InputError);
  EXPECT_EQ(default_mip_form(nn::Activation::relu), MipForm::relu);
  EXPECT_EQ(default_mip_form(nn::Activation::tanh), MipForm::linear);
}

// A solve stopped before the gap closes (here by the number of solves; --mip-time-limit ends it
// the same way) returns its best scores with the gap it reached, not a pretended optimum: the
// reported objective and bound bracket the optimum that the full solve finds. Every stop before
// the full solve's last round either has a solution to report or is refused (none found yet).
TEST(Mip, StoppedSolveReportsItsGap) {
  struct Case {
    MipForm form;
    nn::Activation activation;
    double eps;
  };
  for (const auto& c : {Case{MipForm::linear, nn::Activation::sigmoid, 1e-5}, Case{MipForm::relu, nn::Activation::relu, 0.5}}) {
    const auto net = random_net({4, 5, 4, 3}, c.activation, 23);
    const auto samples = random_samples(net, 4, 23);
    auto options = options_for(c.form, c.eps);
    const auto full = critical_neuron_scores(net, samples, options);
    ASSERT_EQ(full.report.status, "optimal");
    ASSERT_GT(full.report.rounds, 2) << "too easy to stop early";
    // Valid bounds of the optimum, to the full solve's own gap.
    const double slack = 2 * options.gap_tolerance * std::max(1.0, std::abs(full.report.objective));
    int reported = 0;
    bool reported_gap = false;
    for (int rounds = 1; rounds < full.report.rounds; ++rounds) {
      options.max_rounds = rounds;
      MipResult stopped;
      try {
        stopped = critical_neuron_scores(net, samples, options);
      } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("found no solution (round_limit"), std::string::npos) << error.what();
        continue;
      }
      ++reported;
      const auto& report = stopped.report;
      const std::string where = to_string(c.form) + ", " + std::to_string(rounds) + " solves";
      // optimal when a configuration's LP closed the gap before the next master could confirm it
      EXPECT_EQ(report.status, report.gap <= options.gap_tolerance ? "optimal" : "round_limit") << where;
      reported_gap = reported_gap || report.gap > options.gap_tolerance;
      EXPECT_TRUE(std::isfinite(report.gap)) << where;
      EXPECT_DOUBLE_EQ(report.gap, (report.objective - report.bound) / std::max(1.0, std::abs(report.objective))) << where;
      EXPECT_LE(report.bound, full.report.objective + slack) << where;
      EXPECT_GE(report.objective, full.report.objective - slack) << where;
    }
    EXPECT_GT(reported, 0) << to_string(c.form);
    EXPECT_TRUE(reported_gap) << to_string(c.form) << ": some stop should leave a gap open";
  }
}

// pwl beyond its binary budget (max_pwl_binaries; 4,000 by default, MNIST needs ~14,000) is refused
// unless a time limit is given, saying so; with one it runs. A time limit too short for any
// solution is refused too (no scores to return), rather than returning the dense net's.
TEST(Mip, PwlBeyondItsBudgetNeedsATimeLimit) {
  const auto net = random_net({3, 3, 3}, nn::Activation::sigmoid, 21);
  const auto samples = random_samples(net, 3, 21);
  auto options = options_for(MipForm::pwl);
  options.max_pwl_binaries = 10;
  try {
    critical_neuron_scores(net, samples, options);
    ADD_FAILURE() << "pwl with more than 10 binaries and no time limit should be refused";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("give --mip-time-limit"), std::string::npos) << error.what();
  }
  options.time_limit = 600;
  const auto result = critical_neuron_scores(net, samples, options);
  EXPECT_GT(result.report.binaries, 10u);
  EXPECT_EQ(result.report.status, "optimal");
  // 1 microsecond is spent before the first solve starts (the model is copied into Clp).
  options.time_limit = 1e-6;
  try {
    critical_neuron_scores(net, samples, options);
    ADD_FAILURE() << "a time limit reached before any solution should be refused";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("no solution within --mip-time-limit"), std::string::npos) << error.what();
  }
}

// The interval bounds must contain the pre-activations of every point of the input box.
TEST(Mip, DenseBoundsContainEveryPointOfTheBox) {
  const auto net = random_net({4, 6, 5, 2}, nn::Activation::relu, 9);
  const auto samples = random_samples(net, 3, 9);
  const double eps = 0.2;
  const auto bounds = dense_bounds(net, samples.inputs, eps);
  RandomStream stream(9, "test-box");
  for (int trial = 0; trial < 200; ++trial) {
    Eigen::MatrixXd x = samples.inputs;
    for (Eigen::Index k = 0; k < x.size(); ++k) x(k) += eps * (2 * stream.uniform() - 1);
    const auto layers = dense_preactivations(net, x);
    for (std::size_t l = 0; l < bounds.lower.size(); ++l) {
      EXPECT_TRUE((layers[l].array() >= bounds.lower[l].array() - 1e-12).all());
      EXPECT_TRUE((layers[l].array() <= bounds.upper[l].array() + 1e-12).all());
    }
  }
}

TEST(Mip, SamplesAreCorrectlyClassifiedTrainingRowsDrawnPerClass) {
  const std::vector<int> labels{0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
  const std::vector<int> predicted{0, 1, 1, 0, 0, 2, 0, 1, 2, 1};
  std::vector<int> short_classes;
  const auto drawn = draw_mip_samples(labels, predicted, 3, 2, 4, &short_classes);
  ASSERT_EQ(drawn.size(), 6u);
  for (std::size_t k : drawn) EXPECT_EQ(labels[k], predicted[k]);
  EXPECT_TRUE(short_classes.empty());
  EXPECT_EQ(draw_mip_samples(labels, predicted, 3, 2, 4), drawn);
  const auto all = draw_mip_samples(labels, predicted, 3, 5, 4, &short_classes);
  EXPECT_EQ(all, (std::vector<std::size_t>{0, 3, 6, 1, 7, 5, 8}));
  EXPECT_EQ(short_classes, (std::vector<int>{0, 1, 2}));
  bool differs = false;
  for (std::uint64_t seed = 5; seed < 25 && !differs; ++seed)
    differs = draw_mip_samples(labels, predicted, 3, 1, seed) != draw_mip_samples(labels, predicted, 3, 1, 4);
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace legcnet::prune
