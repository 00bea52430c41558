#pragma once
// Pieces of the MIP formulation shared by its source files (src/prune/mip*.cpp).
#include <Eigen/Core>
#include <vector>

#include "legcnet/nn/mlp.hpp"
#include "legcnet/prune/mip.hpp"

namespace legcnet::prune::mip_detail {

// The hidden activation, its derivative, and the range of its values.
double activate(nn::Activation activation, double a);
double derivative(nn::Activation activation, double a);
double range_lower(nn::Activation activation);
double range_upper(nn::Activation activation);

// pwl: the sigmoid is interpolated at the integers of [-kPwlRange, kPwlRange] and at the ends of
// the argument's interval; an inactive unit's argument is shifted down by M = max(0, U + kPwlRange),
// so that s = 0 puts it below -kPwlRange (sigmoid(-8) = 3.4e-4).
// A grid point closer than kPwlMinimumSegment to an end of the interval is left out: the end is a
// breakpoint already, and segments of length ~1e-5 (the input box) make rows that solvers satisfy
// only to a relative tolerance. Segments are therefore at most 1 + kPwlMinimumSegment long.
inline constexpr double kPwlRange = 8.0;
inline constexpr double kPwlMinimumSegment = 0.01;
// First-layer chains in s: knots of different samples closer than this are merged, which
// lengthens a sample's segment in t by at most 2 M_n times it (M_n < 50: 0.01).
inline constexpr double kPwlMinimumKnot = 1e-4;
std::vector<double> pwl_breakpoints(double lower, double upper);
double pwl_shift(double upper);
// Largest |chord - sigmoid| over the segments between `breakpoints`, on a fine grid.
double pwl_error(const std::vector<double>& breakpoints);

// pwl: pre-activation bounds through the gated network (every score in [0, 1]), per hidden layer.
LayerBounds gated_bounds(const nn::Mlp& net, const Eigen::MatrixXd& inputs, double eps);

}  // namespace legcnet::prune::mip_detail
