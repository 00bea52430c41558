// The one file that talks to COIN-OR: Clp (through OsiClpSolverInterface) for linear programs,
// CBC (CbcMain, i.e. the cbc program's default preprocessing, cuts and heuristics) for
// mixed-integer ones. One thread, fixed seeds, no output.
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <ClpSimplex.hpp>
#include <CoinMessageHandler.hpp>
#include <CoinPackedMatrix.hpp>
#include <CoinPackedVector.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "legcnet/io/number_format.hpp"
#include "legcnet/solver/solver.hpp"

namespace legcnet::solver {

std::string to_string(Status status) {
  switch (status) {
    case Status::optimal: return "optimal";
    case Status::time_limit: return "time_limit";
    case Status::infeasible: return "infeasible";
    case Status::unbounded: return "unbounded";
    case Status::failed: return "failed";
  }
  return "failed";
}

namespace {

double coin_value(double value, double infinity) {
  if (std::isinf(value)) return value > 0 ? infinity : -infinity;
  return value;
}

CoinPackedVector packed(const Row& row) {
  return CoinPackedVector(static_cast<int>(row.columns.size()), row.columns.data(), row.coefficients.data());
}

int no_callback(CbcModel* /*model*/, int /*where_from*/) { return 0; }

}  // namespace

struct Solver::Impl {
  OsiClpSolverInterface lp;
  double offset = 0.0;
  bool integer = false;
  bool solved = false;  // an LP basis exists to restart from
  std::vector<double> start;

  void quiet() {
    lp.messageHandler()->setLogLevel(0);
    lp.getModelPtr()->messageHandler()->setLogLevel(0);
    lp.setHintParam(OsiDoReducePrint, true, OsiHintTry);
    lp.setHintParam(OsiDoPresolveInResolve, false, OsiHintDo);  // a re-solve starts from the last basis
  }

  Solution solve_lp(const Settings& settings) {
    ClpSimplex* clp = lp.getModelPtr();
    clp->setRandomSeed(static_cast<int>(settings.seed % 2147483647));
    clp->setMaximumSeconds(settings.time_limit > 0 ? settings.time_limit : -1.0);
    if (solved) lp.resolve();
    else lp.initialSolve();
    solved = true;
    Solution solution;
    if (lp.isProvenOptimal()) solution.status = Status::optimal;
    else if (lp.isProvenPrimalInfeasible()) solution.status = Status::infeasible;
    else if (lp.isProvenDualInfeasible()) solution.status = Status::unbounded;
    else if (clp->hitMaximumIterations()) solution.status = Status::time_limit;
    if (solution.status != Status::optimal) {
      solved = false;  // restart from scratch next time
      return solution;
    }
    const double* x = lp.getColSolution();
    solution.values.assign(x, x + lp.getNumCols());
    solution.objective = lp.getObjValue() + offset;
    solution.bound = solution.objective;
    return solution;
  }

  // CBC 2.10.8's preprocessing has called feasible programs infeasible (seen with columns fixed
  // by equal bounds; glpsol and CBC without preprocessing both solved them): an infeasible
  // verdict is checked once more without it.
  Solution solve_mip(const Settings& settings) {
    Solution solution = solve_mip(settings, true);
    if (solution.status == Status::infeasible) solution = solve_mip(settings, false);
    return solution;
  }

  Solution solve_mip(const Settings& settings, bool preprocess) {
    CbcModel model(lp);
    model.messageHandler()->setLogLevel(0);
    model.solver()->messageHandler()->setLogLevel(0);
    model.solver()->setHintParam(OsiDoReducePrint, true, OsiHintTry);
    if (auto* clp = dynamic_cast<OsiClpSolverInterface*>(model.solver())) clp->getModelPtr()->messageHandler()->setLogLevel(0);
    CbcSolverUsefulData data;
    data.noPrinting_ = true;
    data.useSignalHandler_ = false;
    CbcMain0(model, data);
    if (!start.empty()) model.setBestSolution(start.data(), static_cast<int>(start.size()), COIN_DBL_MAX, true);
    const std::string seed = std::to_string(settings.seed % 2147483647);
    const std::string seconds = io::format_double(settings.time_limit > 0 ? settings.time_limit : 1e100);
    const std::string gap = io::format_double(settings.relative_gap);
    const char* argv[] = {"legcnet", "-log", "0", "-slog", "0", "-threads", "0", "-randomSeed", seed.c_str(),
                          "-randomCbcSeed", seed.c_str(), "-timeMode", "elapsed", "-seconds", seconds.c_str(),
                          "-ratioGap", gap.c_str(), "-allowableGap", "1e-10", "-increment", "1e-10",
                          "-preprocess", preprocess ? "sos" : "off", "-solve", "-quit"};
    CbcMain1(static_cast<int>(std::size(argv)), argv, model, no_callback, data);
    Solution solution;
    const double* best = model.bestSolution();
    if (model.isProvenOptimal() && best != nullptr) solution.status = Status::optimal;
    else if (model.isProvenInfeasible()) solution.status = Status::infeasible;
    else if (model.isSecondsLimitReached()) solution.status = Status::time_limit;
    else if (model.isProvenDualInfeasible()) solution.status = Status::unbounded;
    if (best != nullptr) {
      solution.values.assign(best, best + lp.getNumCols());
      solution.objective = model.getObjValue() + offset;
      // A proven optimum closes the gap to the tolerances above; CBC's best possible value can
      // lag behind then (it stays at the root relaxation when a start or heuristic solution
      // is proven optimal there).
      solution.bound = solution.status == Status::optimal
                           ? solution.objective
                           : std::min(model.getBestPossibleObjValue() + offset, solution.objective);
    }
    return solution;
  }
};

Solver::Solver(const Model& model) : impl_(std::make_unique<Impl>()) {
  auto& lp = impl_->lp;
  impl_->quiet();
  const double infinity = lp.getInfinity();
  const auto n = model.columns.size();
  std::vector<double> column_lower(n), column_upper(n), cost(n);
  for (std::size_t k = 0; k < n; ++k) {
    column_lower[k] = coin_value(model.columns[k].lower, infinity);
    column_upper[k] = coin_value(model.columns[k].upper, infinity);
    cost[k] = model.columns[k].cost;
  }
  CoinPackedMatrix matrix(false, 0, 0);
  matrix.setDimensions(0, static_cast<int>(n));
  std::vector<double> row_lower, row_upper;
  for (const auto& row : model.rows) {
    matrix.appendRow(packed(row));
    row_lower.push_back(coin_value(row.lower, infinity));
    row_upper.push_back(coin_value(row.upper, infinity));
  }
  lp.loadProblem(matrix, column_lower.data(), column_upper.data(), cost.data(), row_lower.data(), row_upper.data());
  for (std::size_t k = 0; k < n; ++k)
    if (model.columns[k].integer) {
      lp.setInteger(static_cast<int>(k));
      impl_->integer = true;
    }
  impl_->offset = model.objective_offset;
}

Solver::~Solver() = default;

void Solver::add_rows(const std::vector<Row>& rows) {
  const double infinity = impl_->lp.getInfinity();
  for (const auto& row : rows)
    impl_->lp.addRow(packed(row), coin_value(row.lower, infinity), coin_value(row.upper, infinity));
}

void Solver::set_column_bounds(int column, double lower, double upper) {
  const double infinity = impl_->lp.getInfinity();
  impl_->lp.setColBounds(column, coin_value(lower, infinity), coin_value(upper, infinity));
}

void Solver::set_start(const std::vector<double>& values) { impl_->start = values; }

Solution Solver::solve(const Settings& settings) {
  return impl_->integer ? impl_->solve_mip(settings) : impl_->solve_lp(settings);
}

}  // namespace legcnet::solver
