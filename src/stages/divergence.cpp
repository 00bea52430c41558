#include "legcnet/stages/divergence.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/series.hpp"

namespace legcnet::stages {
namespace {

// Layer groups of legcnet's weight names, w{L}_{j}_{i} -> "w{L}". Empty when some name is not of
// that form (a series that is not a network's): then only the whole distance is written.
std::vector<std::string> layer_groups(const std::vector<std::string>& names, std::vector<std::size_t>& group_of) {
  std::vector<std::string> groups;
  std::map<std::string, std::size_t> index;
  group_of.clear();
  for (const auto& name : names) {
    const auto underscore = name.find('_');
    int layer = 0;
    const bool ok = name.size() > 2 && name[0] == 'w' && underscore != std::string::npos &&
                    std::from_chars(name.data() + 1, name.data() + underscore, layer).ptr == name.data() + underscore;
    if (!ok) {
      group_of.clear();
      return {};
    }
    const std::string group = name.substr(0, underscore);
    auto [it, added] = index.emplace(group, groups.size());
    if (added) groups.push_back(group);
    group_of.push_back(it->second);
  }
  return groups;
}

// Steps per epoch from the run.toml beside a weight series: ceil(train_samples / batch-size).
// 0 when there is no such file or it lacks the keys.
double steps_per_epoch_of(const std::string& series_path) {
  const auto record = std::filesystem::path(series_path).parent_path() / "run.toml";
  std::ifstream in(record);
  long long samples = 0, batch = 1;
  std::string line;
  while (std::getline(in, line)) {
    const auto equals = line.find('=');
    if (equals == std::string::npos) continue;
    auto trim = [](std::string text) {
      const auto first = text.find_first_not_of(" \t\r"), last = text.find_last_not_of(" \t\r");
      return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    };
    const std::string key = trim(line.substr(0, equals)), value = trim(line.substr(equals + 1));
    if (key == "train_samples") io::parse_int64(value, samples);
    if (key == "batch-size" || key == "batch_size") io::parse_int64(value, batch);
  }
  if (samples <= 0 || batch <= 0) return 0.0;
  return static_cast<double>((samples + batch - 1) / batch);
}

std::string doubles(std::initializer_list<double> values) {
  std::string text;
  for (double value : values) {
    text += ',';
    io::append_double(text, value);
  }
  return text;
}

}  // namespace

std::string divergence_summary_header() {
  return "exponent_per_step,exponent_per_epoch,stderr,ci_low,ci_high,growth,verdict,fitted_growth,min_growth,"
         "max_growth,first_step,last_step,rows,saturation_step,batches,distance_first,distance_last,status,basis\n";
}

std::string divergence_summary_row(const dynamics::GrowthFit& fit, double min_growth) {
  std::string row = doubles({fit.exponent_per_step, fit.exponent_per_epoch, fit.stderr_per_step, fit.ci_low,
                             fit.ci_high, fit.growth})
                        .substr(1);
  row += "," + std::string(dynamics::verdict_name(fit.verdict));
  row += doubles({fit.fitted_growth, min_growth, fit.max_growth});
  row += "," + std::to_string(fit.first_step) + "," + std::to_string(fit.last_step) + "," + std::to_string(fit.rows) +
         "," + std::to_string(fit.saturation_step) + "," + std::to_string(fit.batches);
  row += doubles({fit.distance_first, fit.distance_last});
  row += "," + std::string(dynamics::status_name(fit.status)) + "," + std::string(dynamics::basis_name(fit.basis)) + "\n";
  return row;
}

double DivergenceSummary::value(const std::string& column) const {
  const auto it = values.find(column);
  return it == values.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

DivergenceSummary read_divergence_summary(const std::string& path) {
  io::CsvReader reader(path);
  std::vector<std::string> header, row;
  if (!reader.next(header)) throw InputError(path, 1, "empty file: no header line");
  if (!reader.next(row)) throw InputError(path, 2, "no summary row");
  if (row.size() != header.size())
    throw InputError(path, reader.line(), "expected " + std::to_string(header.size()) + " fields, found " +
                                              std::to_string(row.size()));
  DivergenceSummary summary;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "verdict") summary.verdict = row[i];
    else if (header[i] == "basis") summary.basis = row[i];
    else if (header[i] == "status") summary.status = row[i];
    else summary.values[header[i]] = reader.number(row, i);
  }
  if (summary.verdict.empty()) throw InputError(path + ": no 'verdict' column (not a divergence summary)");
  return summary;
}

std::string divergence(const DivergenceOptions& options) {
  if (options.out.empty()) throw InputError("--out FILE is required");
  if (auto problem = dynamics::growth_fit_problem(options.fit)) throw InputError(*problem);
  if (!(options.steps_per_epoch >= 0.0 && std::isfinite(options.steps_per_epoch)))
    throw InputError("--steps-per-epoch must be a finite number >= 0");
  dynamics::GrowthFitOptions fit_options = options.fit;
  fit_options.steps_per_epoch = options.steps_per_epoch > 0.0 ? options.steps_per_epoch : steps_per_epoch_of(options.base);
  const bool epoch_known = fit_options.steps_per_epoch > 0.0;
  if (!epoch_known) fit_options.steps_per_epoch = std::numeric_limits<double>::quiet_NaN();

  // The two runs must belong together (same data, split, seed, architecture: their run.toml).
  const ProvenanceCheck check = check_provenance({options.base, options.perturbed}, options.force);
  // Row by row, so that memory grows with the number of steps only (three numbers each).
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
  std::vector<std::size_t> group_of;
  const std::vector<std::string> groups = layer_groups(base.names(), group_of);
  std::vector<std::string> columns{"distance", "log_distance", "base_norm"};
  for (const auto& group : groups) columns.push_back("distance_" + group);

  io::AtomicFileSet files;
  auto writer = io::open_series_writer(files, options.out, {"step"}, columns);
  std::vector<long long> steps;
  std::vector<double> distances, norms, values(columns.size());
  long long base_step = 0, perturbed_step = 0;
  std::vector<double> base_values, perturbed_values;
  dynamics::DivergenceRow row;
  for (;;) {
    const bool more_base = base.next(base_step, base_values);
    const bool more_perturbed = perturbed.next(perturbed_step, perturbed_values);
    if (more_base != more_perturbed)
      throw InputError(both + " do not fit: different step counts (" + (more_base ? options.perturbed : options.base) +
                       " ends after " + std::to_string(std::min(base.rows_read(), perturbed.rows_read())) + " rows)");
    if (!more_base) break;
    if (base_step != perturbed_step)
      throw InputError(both + " do not fit: row " + std::to_string(base.rows_read()) + " has step " +
                       std::to_string(base_step) + " vs " + std::to_string(perturbed_step));
    if (!steps.empty() && base_step <= steps.back())
      throw InputError(options.base + ": row " + std::to_string(base.rows_read()) + ": 'step' does not increase");
    dynamics::divergence_row(base_values, perturbed_values, group_of, groups.size(), row);
    values[0] = row.distance;
    values[1] = std::log(row.distance);
    values[2] = row.base_norm;
    std::copy(row.groups.begin(), row.groups.end(), values.begin() + 3);
    const long long index[1] = {base_step};
    writer->write_row(index, std::span<const double>(values));
    steps.push_back(base_step);
    distances.push_back(row.distance);
    norms.push_back(row.base_norm);
  }
  writer->finish();
  if (steps.empty()) throw InputError(options.base + ": no rows");

  const dynamics::GrowthFit fit = dynamics::fit_growth(steps, distances, norms, fit_options);
  const std::string summary = divergence_summary_header() + divergence_summary_row(fit, fit_options.min_growth);
  if (!options.summary.empty()) files.open(options.summary).stream() << summary;
  files.open(record_path_for(options.out)).stream() << file_record(options.provenance, check);
  files.commit_all();

  if (!epoch_known)
    spdlog::warn("divergence: no run.toml with train_samples beside {} and no --steps-per-epoch: per-epoch exponent is nan",
                 options.base);
  const std::string line = fmt::format(
      "divergence: {} steps -> {}; fit over steps {}..{}{}: exponent {:.3g} per step [{:.3g}, {:.3g}], growth {:.3g} -> {}{}{}",
      steps.size(), options.out, fit.first_step, fit.last_step,
      fit.saturation_step >= 0 ? fmt::format(" (saturation at step {})", fit.saturation_step) : std::string(),
      fit.exponent_per_step, fit.ci_low, fit.ci_high, fit.growth, dynamics::verdict_name(fit.verdict),
      fit.basis != dynamics::VerdictBasis::none ? fmt::format(" (by {})", dynamics::basis_name(fit.basis)) : std::string(),
      fit.status != dynamics::GrowthStatus::ok ? fmt::format(" ({})", dynamics::status_name(fit.status)) : std::string());
  if (fit.status == dynamics::GrowthStatus::ok) spdlog::info("{}", line);
  else spdlog::warn("{}", line);
  if (fit.saturation_step >= 0 && options.fit.last_step != dynamics::no_step && fit.last_step > fit.saturation_step)
    spdlog::warn("divergence: the fit range goes past the saturation at step {}: the slope there is not an exponent",
                 fit.saturation_step);
  return summary;
}

}  // namespace legcnet::stages
