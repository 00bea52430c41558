// Series CSV (weights.csv, diff.csv, le.csv) through every reader that takes one: whole, by
// column blocks, row by row; with the step index and with le.csv's three index columns.
#include <vector>

#include "fuzz_support.hpp"
#include "legcnet/io/series.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace legcnet;
  const std::string path = fuzz::write_scratch(".csv", data, size).string();
  fuzz::expect_read_or_input_error([&] { io::read_series(path); });
  fuzz::expect_read_or_input_error([&] { io::read_series(path, {"window", "start_step", "end_step"}); });
  fuzz::expect_read_or_input_error([&] {
    io::SeriesColumns columns(path, {"step"}, true, 2);
    const std::size_t count = columns.names().size();
    columns.read(0, count / 2 + 1 > count ? count : count / 2 + 1);
    if (count > 1) columns.read(1, count - 1);
  });
  fuzz::expect_read_or_input_error([&] {
    io::SeriesRows rows(path);
    long long step = 0;
    std::vector<double> values(rows.names().size());
    while (rows.next(step, values)) {
    }
  });
  return 0;
}
