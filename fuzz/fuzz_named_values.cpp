// name,value files (init.csv, model.csv, importances), and a network built from one as prune,
// shap and esd build it.
#include "fuzz_support.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/stages/common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace legcnet;
  const std::string path = fuzz::write_scratch(".csv", data, size).string();
  fuzz::expect_read_or_input_error([&] { io::read_named_values(path); });
  fuzz::expect_read_or_input_error([&] { io::read_named_values(path, "weight", "keep"); });
  fuzz::expect_read_or_input_error([&] { stages::network_from_parameters(path); });
  return 0;
}
