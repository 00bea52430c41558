#include "legcnet/prune/resistance.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace legcnet::prune {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Vertices of the whole graph: inputs 0..m-1, then units m..m+k-1.
int find_root(std::vector<int>& parent, int v) {
  while (parent[v] != v) v = parent[v] = parent[parent[v]];
  return v;
}

// The (inputs + units) Laplacian of the graph of |weights|.
Eigen::MatrixXd laplacian(const Eigen::MatrixXd& weights) {
  const auto units = weights.rows(), inputs = weights.cols();
  Eigen::MatrixXd lap = Eigen::MatrixXd::Zero(inputs + units, inputs + units);
  for (Eigen::Index j = 0; j < units; ++j)
    for (Eigen::Index i = 0; i < inputs; ++i) {
      const double w = std::abs(weights(j, i));
      lap(i, inputs + j) = lap(inputs + j, i) = -w;
      lap(i, i) += w;
      lap(inputs + j, inputs + j) += w;
    }
  return lap;
}

// Fills R(j, i) = g(j, i) for pairs in one component and +inf for the others.
template <typename PairResistance>
Eigen::MatrixXd per_pair(const Eigen::MatrixXd& weights, const Components& components, PairResistance resistance) {
  Eigen::MatrixXd result(weights.rows(), weights.cols());
  for (Eigen::Index j = 0; j < weights.rows(); ++j)
    for (Eigen::Index i = 0; i < weights.cols(); ++i)
      result(j, i) = components.of_unit(j) == components.of_input(i) ? resistance(j, i) : kInfinity;
  return result;
}

// Vertex lists of each component, vertices numbered as in laplacian().
std::vector<std::vector<Eigen::Index>> component_vertices(const Components& components) {
  std::vector<std::vector<Eigen::Index>> members(static_cast<std::size_t>(components.count));
  const auto inputs = components.of_input.size();
  for (Eigen::Index i = 0; i < inputs; ++i) members[static_cast<std::size_t>(components.of_input(i))].push_back(i);
  for (Eigen::Index j = 0; j < components.of_unit.size(); ++j)
    members[static_cast<std::size_t>(components.of_unit(j))].push_back(inputs + j);
  return members;
}

// Lap+ of a connected graph's Laplacian: (Lap + J/n)^-1 - J/n (Lap + J/n is positive definite).
Eigen::MatrixXd connected_pseudo_inverse(const Eigen::MatrixXd& lap) {
  const auto n = lap.rows();
  const double share = 1.0 / static_cast<double>(n);
  const Eigen::MatrixXd shifted = lap.array() + share;
  Eigen::MatrixXd inverse = shifted.ldlt().solve(Eigen::MatrixXd::Identity(n, n));
  return inverse.array() - share;
}

// The pseudo-inverse of a Laplacian whose components have the vertex lists `groups`, one
// component at a time (zero between components; empty lists are skipped).
Eigen::MatrixXd pseudo_inverse_by_components(const Eigen::MatrixXd& lap, const std::vector<std::vector<Eigen::Index>>& groups) {
  Eigen::MatrixXd result = Eigen::MatrixXd::Zero(lap.rows(), lap.cols());
  for (const auto& members : groups) {
    const auto n = static_cast<Eigen::Index>(members.size());
    if (n == 0) continue;
    Eigen::MatrixXd block(n, n);
    for (Eigen::Index a = 0; a < n; ++a)
      for (Eigen::Index b = 0; b < n; ++b) block(a, b) = lap(members[a], members[b]);
    const Eigen::MatrixXd inverse = connected_pseudo_inverse(block);
    for (Eigen::Index a = 0; a < n; ++a)
      for (Eigen::Index b = 0; b < n; ++b) result(members[a], members[b]) = inverse(a, b);
  }
  return result;
}

Eigen::MatrixXd by_pseudo_inverse(const Eigen::MatrixXd& weights, const Components& components) {
  const auto inputs = weights.cols();
  const Eigen::MatrixXd pinv = pseudo_inverse_by_components(laplacian(weights), component_vertices(components));
  return per_pair(weights, components, [&](Eigen::Index j, Eigen::Index i) {
    return pinv(i, i) + pinv(inputs + j, inputs + j) - 2.0 * pinv(i, inputs + j);
  });
}

// Lap+ = sum over nonzero eigenvalues of v v^T / lambda. An eigenvalue counts as zero below
// 1e-10 of the largest: a Laplacian has exactly `components` of them, and the test that uses
// this route checks that the count agrees.
Eigen::MatrixXd by_eigendecomposition(const Eigen::MatrixXd& weights, const Components& components) {
  const auto inputs = weights.cols();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(laplacian(weights));
  const Eigen::VectorXd& values = solver.eigenvalues();
  const double zero = 1e-10 * std::max(values.cwiseAbs().maxCoeff(), std::numeric_limits<double>::min());
  Eigen::VectorXd inverse_values = Eigen::VectorXd::Zero(values.size());
  for (Eigen::Index k = 0; k < values.size(); ++k)
    if (values(k) > zero) inverse_values(k) = 1.0 / values(k);
  const Eigen::MatrixXd pinv = solver.eigenvectors() * inverse_values.asDiagonal() * solver.eigenvectors().transpose();
  return per_pair(weights, components, [&](Eigen::Index j, Eigen::Index i) {
    return pinv(i, i) + pinv(inputs + j, inputs + j) - 2.0 * pinv(i, inputs + j);
  });
}

// Lap x = e_u - e_v is consistent when u and v share a component, and CG from x = 0 stays in the
// range of Lap, so x^T (e_u - e_v) = R_uv without forming any inverse.
Eigen::MatrixXd by_conjugate_gradient(const Eigen::MatrixXd& weights, const Components& components) {
  const auto inputs = weights.cols();
  const Eigen::SparseMatrix<double> lap = laplacian(weights).sparseView();
  Eigen::ConjugateGradient<Eigen::SparseMatrix<double>, Eigen::Lower | Eigen::Upper, Eigen::IdentityPreconditioner> cg;
  cg.setTolerance(1e-14);
  cg.setMaxIterations(static_cast<Eigen::Index>(10 * lap.rows()) + 100);
  cg.compute(lap);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(lap.rows());
  return per_pair(weights, components, [&](Eigen::Index j, Eigen::Index i) {
    b.setZero();
    b(i) = 1.0;
    b(inputs + j) = -1.0;
    const Eigen::VectorXd x = cg.solve(b);
    return b.dot(x);
  });
}

// Eliminates the vertices of the larger side, whose block of the Laplacian is diagonal. With A the
// `rows x columns` conductances (columns the larger side, column sums d), the Schur complement
// S = diag(row sums) - A diag(1/d) A^T is the Laplacian of the reduced graph on the rows, and for
// row r and column c in one component (derivation in docs/spectral.md)
//   R = 1/d_c + b^T S+ b,   b = A e_c / d_c - e_r,
// expanded as 1/d_c + q_c - 2 M(r, c) + S+(r, r) with M = S+ A diag(1/d) and q_c = (A e_c / d_c)^T M e_c.
Eigen::MatrixXd by_reduction(const Eigen::MatrixXd& conductance, const Eigen::VectorXi& component_of_row,
                             const Eigen::VectorXi& component_of_column, int component_count) {
  const auto rows = conductance.rows(), columns = conductance.cols();
  const Eigen::VectorXd column_sums = conductance.colwise().sum().transpose();
  Eigen::VectorXd inverse_sums(columns);
  for (Eigen::Index c = 0; c < columns; ++c) inverse_sums(c) = column_sums(c) > 0 ? 1.0 / column_sums(c) : 0.0;
  const Eigen::MatrixXd scaled = conductance * inverse_sums.asDiagonal();  // A diag(1/d)
  Eigen::MatrixXd schur = -scaled * conductance.transpose();
  schur.diagonal() += conductance.rowwise().sum();

  // S+ per component of the rows (S has no edge between components).
  std::vector<std::vector<Eigen::Index>> groups(static_cast<std::size_t>(component_count));
  for (Eigen::Index r = 0; r < rows; ++r) groups[static_cast<std::size_t>(component_of_row(r))].push_back(r);
  const Eigen::MatrixXd pinv = pseudo_inverse_by_components(schur, groups);
  const Eigen::MatrixXd m = pinv * scaled;
  const Eigen::VectorXd q = scaled.cwiseProduct(m).colwise().sum().transpose();
  Eigen::MatrixXd result(rows, columns);
  for (Eigen::Index c = 0; c < columns; ++c)
    for (Eigen::Index r = 0; r < rows; ++r)
      result(r, c) = component_of_row(r) == component_of_column(c)
                         ? inverse_sums(c) + q(c) - 2.0 * m(r, c) + pinv(r, r)
                         : kInfinity;
  return result;
}

}  // namespace

Components bipartite_components(const Eigen::MatrixXd& weights) {
  const int units = static_cast<int>(weights.rows()), inputs = static_cast<int>(weights.cols());
  std::vector<int> parent(static_cast<std::size_t>(inputs + units));
  std::iota(parent.begin(), parent.end(), 0);
  for (int j = 0; j < units; ++j)
    for (int i = 0; i < inputs; ++i)
      if (weights(j, i) != 0.0) parent[find_root(parent, inputs + j)] = find_root(parent, i);
  // Number the components in order of their first vertex.
  std::vector<int> label(parent.size(), -1);
  Components result;
  result.of_input.resize(inputs);
  result.of_unit.resize(units);
  for (int v = 0; v < inputs + units; ++v) {
    int& root_label = label[static_cast<std::size_t>(find_root(parent, v))];
    if (root_label < 0) root_label = result.count++;
    (v < inputs ? result.of_input(v) : result.of_unit(v - inputs)) = root_label;
  }
  return result;
}

Eigen::MatrixXd effective_resistances(const Eigen::MatrixXd& weights, ResistanceRoute route) {
  const Components components = bipartite_components(weights);
  switch (route) {
    case ResistanceRoute::pseudo_inverse:
      return by_pseudo_inverse(weights, components);
    case ResistanceRoute::eigen:
      return by_eigendecomposition(weights, components);
    case ResistanceRoute::conjugate_gradient:
      return by_conjugate_gradient(weights, components);
    case ResistanceRoute::reduced:
      break;
  }
  const Eigen::MatrixXd conductance = weights.cwiseAbs();
  if (weights.cols() >= weights.rows())  // eliminate the inputs
    return by_reduction(conductance, components.of_unit, components.of_input, components.count);
  return by_reduction(conductance.transpose(), components.of_input, components.of_unit, components.count).transpose();
}

}  // namespace legcnet::prune
