// NumPy .npy: the matrix reader, column blocks, and the series reader with a fixed sidecar of
// column names (step plus three value columns).
#include "fuzz_support.hpp"
#include "legcnet/io/npy.hpp"
#include "legcnet/io/series.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace legcnet;
  const auto path = fuzz::write_scratch(".npy", data, size);
  fuzz::expect_read_or_input_error([&] { io::read_npy(path.string()); });
  fuzz::expect_read_or_input_error([&] {
    io::NpyReader reader(path.string());
    if (reader.cols() > 1) reader.read_columns(1, reader.cols() - 1);
  });
  {
    std::ofstream columns(io::npy_columns_path(path), std::ios::binary | std::ios::trunc);
    columns << "step,a,b,c\n";
  }
  fuzz::expect_read_or_input_error([&] { io::read_series(path.string()); });
  fuzz::expect_read_or_input_error([&] {
    io::SeriesRows rows(path.string());
    long long step = 0;
    std::vector<double> values(rows.names().size());
    while (rows.next(step, values)) {
    }
  });
  return 0;
}
