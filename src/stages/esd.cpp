#include "legcnet/stages/esd.hpp"

#include <spdlog/spdlog.h>

#include <climits>

#include "legcnet/diag/esd.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/stages/common.hpp"

namespace legcnet::stages {
namespace {

// One word for the row: the spectrum's status, else the tail fit's.
std::string status_of(const diag::LayerSpectrum& layer) {
  if (layer.status != diag::EsdStatus::ok) return std::string(diag::status_name(layer.status));
  switch (layer.fit.status) {
    case diag::PowerLawStatus::ok: return "ok";
    case diag::PowerLawStatus::too_few_values: return "too_few_nonzero_eigenvalues";
    case diag::PowerLawStatus::degenerate: return "degenerate_tail";
    case diag::PowerLawStatus::non_finite: return "non_finite";
  }
  return "unknown";
}

}  // namespace

void esd(const EsdOptions& options) {
  if (options.model.empty()) throw InputError("--model FILE (model.csv) is required");
  if (options.out.empty()) throw InputError("--out FILE is required");
  if (options.min_tail < 2) throw InputError("--min-tail must be at least 2");
  check_provenance({options.model, options.mask}, options.force);
  const nn::Mlp net = network_from_parameters(options.model);
  diag::EsdOptions esd_options;
  esd_options.min_eigenvalues = options.min_eigenvalues;
  esd_options.power_law.min_tail = options.min_tail;
  const auto spectra = options.mask.empty() ? diag::network_spectra(net, esd_options)
                                            : diag::network_spectra(net, nn::read_mask(options.mask, net), esd_options);

  std::string table = "layer,rows,columns,n_eigenvalues,lambda_max,alpha,alpha_weighted,xmin,ks_distance,tail_count,"
                      "mp_lambda_plus,above_bulk,status\n";
  std::string spectrum = "layer,index,eigenvalue\n";
  std::size_t fitted = 0;
  for (std::size_t l = 0; l < spectra.size(); ++l) {
    const auto& layer = spectra[l];
    const std::string status = status_of(layer);
    fitted += status == "ok";
    table += std::to_string(l + 1) + "," + std::to_string(layer.rows) + "," + std::to_string(layer.columns) + "," +
             std::to_string(layer.eigenvalues.size());
    for (double value : {layer.lambda_max, layer.fit.alpha, layer.alpha_weighted, layer.fit.xmin, layer.fit.ks_distance}) {
      table += ',';
      io::append_double(table, value);
    }
    table += "," + std::to_string(layer.fit.tail_count) + ",";
    io::append_double(table, layer.mp_lambda_plus);
    table += "," + std::to_string(layer.above_bulk) + "," + status + "\n";
    for (std::size_t i = 0; i < layer.eigenvalues.size(); ++i) {
      spectrum += std::to_string(l + 1) + "," + std::to_string(i) + ",";
      io::append_double(spectrum, layer.eigenvalues[i]);
      spectrum += '\n';
    }
  }
  io::AtomicFileSet files;
  files.open(options.out).stream() << table;
  if (!options.spectrum.empty()) files.open(options.spectrum).stream() << spectrum;
  files.commit_all();
  spdlog::info("esd: {} layers, {} with a meaningful tail fit -> {}", spectra.size(), fitted, options.out);
}

std::vector<EsdRow> read_esd(const std::string& path) {
  io::CsvReader reader(path);
  std::vector<std::string> header, fields;
  if (!reader.next(header)) throw InputError(path, 1, "empty file: no header line");
  auto column = [&](const std::string& name) { return io::header_column(header, name, path); };
  const auto c_layer = column("layer"), c_rows = column("rows"), c_columns = column("columns"),
             c_eigenvalues = column("n_eigenvalues"), c_lambda_max = column("lambda_max"), c_alpha = column("alpha"),
             c_weighted = column("alpha_weighted"), c_status = column("status");
  std::vector<EsdRow> table;
  while (reader.next(fields)) {
    if (fields.size() != header.size())
      throw InputError(path, reader.line(), "expected " + std::to_string(header.size()) + " fields, found " +
                                                std::to_string(fields.size()));
    EsdRow row;
    row.layer = static_cast<int>(reader.integer(fields, c_layer, 1, 1000));
    row.rows = reader.integer(fields, c_rows, 0, LLONG_MAX);
    row.columns = reader.integer(fields, c_columns, 0, LLONG_MAX);
    row.eigenvalues = reader.integer(fields, c_eigenvalues, 0, LLONG_MAX);
    row.lambda_max = reader.number(fields, c_lambda_max);
    row.alpha = reader.number(fields, c_alpha);
    row.alpha_weighted = reader.number(fields, c_weighted);
    row.status = fields[c_status];
    table.push_back(row);
  }
  return table;
}

}  // namespace legcnet::stages
