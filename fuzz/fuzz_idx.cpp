// MNIST IDX files, raw or gzipped (zlib reads both through one path).
#include "fuzz_support.hpp"
#include "legcnet/data/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace legcnet;
  const auto path = fuzz::write_scratch(".idx", data, size);
  fuzz::expect_read_or_input_error([&] { data::read_idx(path); });
  return 0;
}
