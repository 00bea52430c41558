#include "legcnet/dynamics/windows.hpp"

#include <algorithm>
#include <cmath>

namespace legcnet::dynamics {

std::optional<std::string> window_options_problem(std::size_t window_length, double overlap) {
  if (window_length == 0) return "window length must be at least 1";
  if (!std::isfinite(overlap) || overlap < 0.0 || overlap >= 1.0)
    return "overlap must be a fraction in [0, 1)";
  return std::nullopt;
}

std::size_t window_hop(std::size_t window_length, double overlap) {
  if (window_options_problem(window_length, overlap)) return 0;
  // W * (1 - overlap) <= W, so the rounded value fits back into size_t.
  const double hop = std::round(static_cast<double>(window_length) * (1.0 - overlap));
  return hop < 1.0 ? 1 : static_cast<std::size_t>(hop);
}

std::size_t window_count(std::size_t rows, std::size_t window_length, double overlap) {
  const std::size_t hop = window_hop(window_length, overlap);
  if (hop == 0 || rows < window_length) return 0;
  return (rows - window_length) / hop + 1;
}

std::vector<WindowRange> window_ranges(std::size_t rows, std::size_t window_length,
                                       double overlap) {
  const std::size_t count = window_count(rows, window_length, overlap);
  const std::size_t hop = window_hop(window_length, overlap);
  std::vector<WindowRange> ranges;
  ranges.reserve(count);
  for (std::size_t l = 0; l < count; ++l) ranges.push_back({l * hop, l * hop + window_length - 1});
  return ranges;
}

std::size_t default_window(std::size_t rows) { return std::clamp<std::size_t>(rows / 150, 100, 250); }

}  // namespace legcnet::dynamics
