#pragma once
// Named datasets with the preprocessing of SPEC section 3.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "legcnet/data/dataset.hpp"

namespace legcnet::data {

struct PresetRequest {
  std::string name;                                  // cancer, titanic, banknote, iris, iris3f, vowel, mnist
  std::vector<std::filesystem::path> search_dirs;   // first directory holding the file wins
  std::uint64_t split_seed = 1;
  double test_fraction = 0.2;
  double validation_fraction = 0.0;                 // held out of the training split (hold_out_validation)
  std::optional<Scaling> scaling;                   // default: the preset's own
  std::optional<std::size_t> train_limit;           // mnist: only the first N training images
};

const std::vector<std::string>& preset_names();
Dataset load_preset(const PresetRequest& request);

// The file a preset reads, found in the search directories (throws InputError naming the dirs).
std::filesystem::path find_data_file(const std::vector<std::filesystem::path>& dirs,
                                     const std::vector<std::string>& candidates);

}  // namespace legcnet::data
