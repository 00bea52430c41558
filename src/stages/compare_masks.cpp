#include "legcnet/stages/compare_masks.hpp"

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::stages {

namespace {

// A mask's pruned flags; its weight names go to `names` (the first file's) or are checked against them.
std::vector<bool> read_pruned(const std::string& path, std::vector<std::string>& names, const std::string& first_path) {
  const io::NamedValues table = io::read_named_values(path, "weight", "keep");
  if (names.empty()) {
    names = table.names;
  } else if (table.names != names) {
    throw InputError(path + " and " + first_path + " do not fit: they list different weights (" +
                     std::to_string(table.names.size()) + " and " + std::to_string(names.size()) +
                     "; masks of one network are needed)");
  }
  std::vector<bool> pruned(table.values.size());
  for (std::size_t k = 0; k < table.values.size(); ++k) {
    if (table.values[k] != 0.0 && table.values[k] != 1.0) throw InputError(path, k + 2, 2, "keep must be 0 or 1");
    pruned[k] = table.values[k] == 0.0;
  }
  return pruned;
}

}  // namespace

std::vector<MaskComparison> compare_mask_files(const std::vector<std::string>& masks) {
  if (masks.size() < 2) throw InputError("compare-masks needs at least two mask files");
  std::vector<std::string> names;
  std::vector<std::vector<bool>> pruned;
  for (const auto& path : masks) pruned.push_back(read_pruned(path, names, masks.front()));
  std::vector<MaskComparison> comparisons;
  for (std::size_t i = 0; i < masks.size(); ++i) {
    for (std::size_t j = i + 1; j < masks.size(); ++j) {
      std::size_t a = 0, b = 0, both = 0;
      for (std::size_t k = 0; k < names.size(); ++k) {
        a += pruned[i][k];
        b += pruned[j][k];
        both += pruned[i][k] && pruned[j][k];
      }
      comparisons.push_back({masks[i], masks[j], stats::overlap(names.size(), a, b, both)});
    }
  }
  return comparisons;
}

std::string compare_masks(const CompareMasksOptions& options) {
  std::string text = "first,second,weights,pruned_first,pruned_second,both_pruned,jaccard,expected_jaccard,p_value\n";
  for (const auto& c : compare_mask_files(options.masks)) {
    const auto& o = c.overlap;
    text += io::quote_csv_field(c.first) + "," + io::quote_csv_field(c.second) + "," + std::to_string(o.items) + "," +
            std::to_string(o.first) + "," + std::to_string(o.second) + "," + std::to_string(o.both) + ",";
    io::append_double(text, o.jaccard);
    text += ',';
    io::append_double(text, o.expected_jaccard);
    text += ',';
    io::append_double(text, o.p_value);
    text += '\n';
  }
  if (!options.out.empty()) {
    io::AtomicFile out(options.out);
    out.stream() << text;
    out.commit();
  }
  return text;
}

}  // namespace legcnet::stages
