#pragma once
// Effective resistances of a layer's bipartite graph: vertices its inputs and its units, one edge
// of conductance |W_ji| between unit j and input i for every nonzero weight. Used by spectral
// pruning (legcnet/prune/spectral.hpp); docs/spectral.md has the derivations and the checks.
#include <Eigen/Core>

namespace legcnet::prune {

// Connected components of the graph of |weights| (units x inputs; a zero is no edge). Isolated
// vertices (a dead unit, an input with no kept weight) are components of their own.
struct Components {
  Eigen::VectorXi of_unit;   // component of unit j, 0..count-1
  Eigen::VectorXi of_input;  // component of input i
  int count = 0;
};
Components bipartite_components(const Eigen::MatrixXd& weights);

// How the resistances are computed. All four give the same numbers (tested); `reduced` is the
// fast one and the default, the others are independent routes kept for the tests and bench.
enum class ResistanceRoute {
  reduced,             // eliminate the larger side (a diagonal block): pseudo-inverse of the small Schur complement
  pseudo_inverse,      // per component, Lap+ = (Lap + J/n)^-1 - J/n of the whole (inputs + units) Laplacian
  eigen,               // eigendecomposition of the whole Laplacian, zero eigenvalues dropped
  conjugate_gradient,  // one sparse CG solve Lap x = e_u - e_v per pair (slow: checks only)
};

// Effective resistance between unit j and input i for every pair (units x inputs), in the graph
// whose conductances are |weights|: R = (e_u - e_v)^T Lap+ (e_u - e_v). Pairs in different
// components get +inf. `weights` must be finite.
Eigen::MatrixXd effective_resistances(const Eigen::MatrixXd& weights, ResistanceRoute route = ResistanceRoute::reduced);

}  // namespace legcnet::prune
