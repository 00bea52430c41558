#pragma once
// Solves a Model with COIN-OR: Clp for linear programs, CBC for mixed-integer ones. One thread and
// a fixed seed, so the same model gives the same solution. Keeps the model between solves, so a
// cutting-plane loop adds rows and re-solves from the last basis. The only COIN-OR code is in
// src/solver/cbc.cpp.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "legcnet/solver/model.hpp"

namespace legcnet::solver {

enum class Status { optimal, time_limit, infeasible, unbounded, failed };
std::string to_string(Status status);

struct Settings {
  double time_limit = 0.0;   // seconds for this solve; 0: none
  std::uint64_t seed = 1;    // CBC's and Clp's random seed
  double relative_gap = 1e-9;  // CBC stops when (incumbent - bound) <= this * max(1, |incumbent|)
};

struct Solution {
  Status status = Status::failed;
  std::vector<double> values;  // one per column; empty when no feasible point is known
  double objective = 0.0;      // of `values`, offset included
  double bound = 0.0;          // proven lower bound on the optimum (= objective for an optimal LP)
};

class Solver {
 public:
  explicit Solver(const Model& model);
  ~Solver();
  Solver(const Solver&) = delete;
  Solver& operator=(const Solver&) = delete;

  void add_rows(const std::vector<Row>& rows);
  void set_column_bounds(int column, double lower, double upper);
  // A point CBC may start from (a feasible one shortens the search); ignored for LPs.
  void set_start(const std::vector<double>& values);
  Solution solve(const Settings& settings);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace legcnet::solver
