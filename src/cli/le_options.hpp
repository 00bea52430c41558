#pragma once
// The Rosenstein estimator's options, shared by windowed-le and chain (which estimates the same
// exponents from memory).
#include <CLI/CLI.hpp>
#include <string>

#include "legcnet/dynamics/rosenstein.hpp"

namespace legcnet::cli {

// --emb-dim, --lag, --min-tsep, --traj-len, --fit-range a:b (into `fit_range`), --dt.
void add_rosenstein_options(CLI::App* app, dynamics::RosensteinParams& params, std::string& fit_range);

// Applies a --fit-range "a:b" to `params` (nothing when empty); InputError when malformed.
void apply_fit_range(const std::string& fit_range, dynamics::RosensteinParams& params);

}  // namespace legcnet::cli
