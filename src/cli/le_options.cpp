#include "le_options.hpp"

#include "legcnet/error.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::cli {

void add_rosenstein_options(CLI::App* app, dynamics::RosensteinParams& params, std::string& fit_range) {
  app->add_option("--emb-dim", params.emb_dim, "Embedding dimension m")->capture_default_str();
  app->add_option("--lag", params.lag, "Embedding delay tau, in rows")->capture_default_str();
  app->add_option("--min-tsep", params.min_tsep, "Theiler window: neighbours more than this many rows apart")
      ->capture_default_str();
  app->add_option("--traj-len", params.traj_len, "Divergence followed for k = 0 .. traj-len - 1 steps")
      ->capture_default_str();
  app->add_option("--fit-range", fit_range, "a:b, the k range of the line fit (default: the whole curve)");
  app->add_option("--dt", params.dt, "Sampling interval: the exponent is per unit of dt")->capture_default_str();
}

void apply_fit_range(const std::string& fit_range, dynamics::RosensteinParams& params) {
  if (fit_range.empty()) return;
  const auto colon = fit_range.find(':');
  unsigned long long first = 0, last = 0;
  if (colon == std::string::npos || !io::parse_uint64(fit_range.substr(0, colon), first) ||
      !io::parse_uint64(fit_range.substr(colon + 1), last))
    throw InputError("--fit-range must be a:b with whole numbers, got '" + fit_range + "'");
  params.fit_first = static_cast<std::size_t>(first);
  params.fit_last = static_cast<std::size_t>(last);
}

}  // namespace legcnet::cli
