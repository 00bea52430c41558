#include "legcnet/stages/diff_series.hpp"

#include <spdlog/spdlog.h>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/series.hpp"

namespace legcnet::stages {

void diff_series(const DiffSeriesOptions& options) {
  if (options.out.empty()) throw InputError("--out FILE is required");
  io::Series base = io::read_series(options.base);
  const io::Series perturbed = io::read_series(options.perturbed);
  io::require_same_shape(base, perturbed);
  base.values = perturbed.values - base.values;
  io::AtomicFile out(options.out);
  io::write_series(out.stream(), base);
  out.commit();
  spdlog::info("diff-series: {} steps x {} weights -> {}", base.rows(), base.names.size(), options.out);
}

}  // namespace legcnet::stages
