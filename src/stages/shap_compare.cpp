#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/stages/provenance.hpp"
#include "legcnet/stages/shap.hpp"

namespace legcnet::stages {
namespace {

void check_width(const io::CsvReader& reader, const std::vector<std::string>& fields, std::size_t expected) {
  if (fields.size() != expected)
    throw InputError(reader.path(), reader.line(),
                     "expected " + std::to_string(expected) + " fields, found " + std::to_string(fields.size()));
}

}  // namespace

ShapImportance read_shap_importance(const std::string& path) {
  io::CsvReader reader(path);
  std::vector<std::string> header, fields;
  if (!reader.next(header)) throw InputError(path, 1, "empty file: no header line");
  ShapImportance importance;
  if (header.size() >= 2 && header[0] == "feature" && header[1] == "mean_abs_shap") {
    while (reader.next(fields)) {
      check_width(reader, fields, header.size());
      importance.features.push_back(fields[0]);
      importance.values.push_back(reader.finite(fields, 1));
    }
  } else if (header.size() >= 5 && header[0] == "sample" && header[1] == "class" && header[2] == "output" &&
             header[3] == "base_value") {
    importance.features.assign(header.begin() + 4, header.end());
    importance.values.assign(importance.features.size(), 0.0);
    std::size_t samples = 0;
    while (reader.next(fields)) {
      check_width(reader, fields, header.size());
      for (std::size_t j = 0; j < importance.features.size(); ++j)
        importance.values[j] += std::abs(reader.finite(fields, j + 4));
      ++samples;
    }
    if (samples == 0) throw InputError(path, 2, "no samples");
    for (double& value : importance.values) value /= static_cast<double>(samples);
  } else {
    throw InputError(path, 1, "neither an importance file (feature,mean_abs_shap,...) nor a shap.csv "
                              "(sample,class,output,base_value,...)");
  }
  if (importance.features.empty()) throw InputError(path, 2, "no features");
  return importance;
}

diag::RankAgreement importance_agreement(const ShapImportance& first, const std::string& first_source,
                                         const ShapImportance& second, const std::string& second_source,
                                         std::size_t top_k) {
  if (first.features != second.features)
    throw InputError(first_source + " and " + second_source + " do not fit: their features differ (" +
                     std::to_string(first.features.size()) + " vs " + std::to_string(second.features.size()) +
                     " features, or other names or order)");
  if (top_k < 1) throw InputError("--top-k must be at least 1");
  auto agreement = diag::rank_agreement(first.values, second.values, std::min(top_k, first.values.size()));
  if (std::isnan(agreement.spearman_rho)) agreement.top_k_overlap = std::numeric_limits<double>::quiet_NaN();
  return agreement;
}

std::string shap_compare(const ShapCompareOptions& options) {
  if (options.first.empty() || options.second.empty()) throw InputError("shap-compare needs two files");
  check_provenance({options.first, options.second}, options.force);
  const ShapImportance a = read_shap_importance(options.first), b = read_shap_importance(options.second);
  const auto agreement = importance_agreement(a, options.first, b, options.second, options.top_k);
  const std::size_t k = agreement.k;
  std::string text = "first,second,features,spearman_rho,kendall_tau_b,k,top_k_overlap\n";
  text += io::quote_csv_field(options.first) + "," + io::quote_csv_field(options.second) + "," +
          std::to_string(a.values.size()) + ",";
  io::append_double(text, agreement.spearman_rho);
  text += ',';
  io::append_double(text, agreement.kendall_tau_b);
  text += "," + std::to_string(k) + ",";
  io::append_double(text, agreement.top_k_overlap);
  text += '\n';
  if (!options.out.empty()) {
    io::AtomicFile out(options.out);
    out.stream() << text;
    out.commit();
  }
  spdlog::info("shap-compare: {} features, Spearman {:.4f}, Kendall tau-b {:.4f}, top-{} overlap {:.4f}", a.values.size(),
               agreement.spearman_rho, agreement.kendall_tau_b, k, agreement.top_k_overlap);
  return text;
}

}  // namespace legcnet::stages
