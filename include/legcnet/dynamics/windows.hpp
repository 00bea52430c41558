#pragma once
// Sliding windows over the rows of a series (SPEC section 6). A window of length W is followed by
// the next one a hop h = round(W * (1 - overlap)) rows later; only whole windows are kept.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace legcnet::dynamics {

// Rows start_row .. end_row, both inclusive (the convention of le.csv's start_step/end_step).
struct WindowRange {
  std::size_t start_row = 0;
  std::size_t end_row = 0;

  std::size_t length() const { return end_row - start_row + 1; }
  friend bool operator==(const WindowRange&, const WindowRange&) = default;
};

// Why (window_length, overlap) is unusable, or nothing when it is fine: the length must be at
// least 1 and the overlap a finite fraction in [0, 1).
std::optional<std::string> window_options_problem(std::size_t window_length, double overlap);

// h = round(W * (1 - overlap)), halves rounded away from zero, and never less than 1.
// Requires options without a problem; returns 0 for unusable ones.
std::size_t window_hop(std::size_t window_length, double overlap);

// Window l covers rows l*h .. l*h + W - 1, for every l with l*h + W - 1 <= rows - 1.
// Empty when rows < W or when the options have a problem: the caller decides whether that is an
// error (check window_options_problem first to tell the two apart).
std::vector<WindowRange> window_ranges(std::size_t rows, std::size_t window_length, double overlap);

// The size of window_ranges(rows, window_length, overlap), without building the list.
std::size_t window_count(std::size_t rows, std::size_t window_length, double overlap);

// The window length used when none is given: rows / 150 (integer division), kept within
// 100..250 rows. About 150 windows for series of 15,000 to 37,500 rows (the Granger test needs
// well over 3 * maxlag + 1 = 43 of them); at least 100 points per window, where Rosenstein's
// estimate settles; at most the paper's largest window, 250. Iris (24,001 rows) gets the paper's 160.
std::size_t default_window(std::size_t rows);

}  // namespace legcnet::dynamics
