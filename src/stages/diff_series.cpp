#include "legcnet/stages/diff_series.hpp"

#include <spdlog/spdlog.h>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/series.hpp"

namespace legcnet::stages {

void diff_series(const DiffSeriesOptions& options) {
  if (options.out.empty()) throw InputError("--out FILE is required");
  const ProvenanceCheck check = check_provenance({options.base, options.perturbed}, options.force);
  // Row by row, so that memory does not grow with the length of the series.
  io::SeriesRows base(options.base), perturbed(options.perturbed);
  const std::string both = options.base + " and " + options.perturbed;
  if (base.names() != perturbed.names()) {
    std::size_t k = 0;
    while (k < base.names().size() && k < perturbed.names().size() && base.names()[k] == perturbed.names()[k]) ++k;
    throw InputError(both + " do not fit: " + std::to_string(base.names().size()) + " vs " +
                     std::to_string(perturbed.names().size()) + " weights" +
                     (k < std::min(base.names().size(), perturbed.names().size())
                          ? ", column " + std::to_string(k + 2) + " is '" + base.names()[k] + "' vs '" + perturbed.names()[k] + "'"
                          : std::string()));
  }
  io::AtomicFileSet files;
  auto writer = io::open_series_writer(files, options.out, {"step"}, base.names());
  long long base_step = 0, perturbed_step = 0;
  std::vector<double> base_values, perturbed_values;
  for (;;) {
    const bool more_base = base.next(base_step, base_values);
    const bool more_perturbed = perturbed.next(perturbed_step, perturbed_values);
    if (more_base != more_perturbed) {
      throw InputError(both + " do not fit: different step counts (" + (more_base ? options.perturbed : options.base) +
                       " ends after " + std::to_string(std::min(base.rows_read(), perturbed.rows_read())) + " rows)");
    }
    if (!more_base) break;
    if (base_step != perturbed_step)
      throw InputError(both + " do not fit: row " + std::to_string(base.rows_read()) + " has step " +
                       std::to_string(base_step) + " vs " + std::to_string(perturbed_step));
    for (std::size_t k = 0; k < base_values.size(); ++k) perturbed_values[k] -= base_values[k];
    const long long index[1] = {base_step};
    writer->write_row(index, std::span<const double>(perturbed_values));
  }
  writer->finish();
  files.open(record_path_for(options.out)).stream() << file_record(options.provenance, check);
  files.commit_all();
  spdlog::info("diff-series: {} steps x {} weights -> {}", base.rows_read(), base.names().size(), options.out);
}

}  // namespace legcnet::stages
