#include "legcnet/stages/provenance.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/sha256.hpp"

namespace legcnet::stages {

std::string toml_string(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    quoted += c;
  }
  return quoted + "\"";
}

std::string toml_array(const std::vector<std::string>& items) {
  std::string text = "[";
  for (std::size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + toml_string(items[i]);
  return text + "]";
}

std::string architecture_text(const nn::Mlp& net) {
  std::string text;
  for (int size : net.architecture().layer_sizes) text += (text.empty() ? "" : "-") + std::to_string(size);
  return text + " " + nn::to_string(net.architecture().hidden) + "/" + nn::to_string(net.architecture().output);
}

std::string split_table(const data::Dataset& dataset, bool base_names) {
  std::vector<std::string> files;
  for (const auto& file : dataset.source_files)
    files.push_back(io::quote_csv_field(base_names ? std::filesystem::path(file).filename().string() : file));
  std::string text = "file,row,subset\n";
  auto add = [&](const std::vector<data::SampleSource>& sources, const char* subset) {
    for (const auto& source : sources)
      text += (source.file < files.size() ? files[source.file] : std::string()) + "," + std::to_string(source.row) +
              "," + subset + "\n";
  };
  add(dataset.train_sources, "train");
  add(dataset.validation_sources, "validation");
  add(dataset.test_sources, "test");
  return text;
}

std::string scaler_table(const data::Dataset& dataset) {
  std::string text = "feature,shift,scale\n";
  for (std::size_t j = 0; j < dataset.feature_names.size(); ++j) {
    const bool fitted = j < dataset.scaler.shift.size();
    text += io::quote_csv_field(dataset.feature_names[j]) + "," +
            io::format_double(fitted ? dataset.scaler.shift[j] : 0.0) + "," +
            io::format_double(fitted ? dataset.scaler.scale[j] : 1.0) + "\n";
  }
  return text;
}

RunIdentity run_identity(const data::Dataset& dataset, std::uint64_t seed, const nn::Mlp& net) {
  RunIdentity identity;
  identity.dataset_sha256 = dataset.source_sha256;
  identity.seed = std::to_string(seed);
  identity.split = io::sha256_hex(split_table(dataset, true));
  identity.architecture = architecture_text(net);
  return identity;
}

std::string record_path_for(const std::string& out) {
  const std::filesystem::path path(out);
  return (path.parent_path() / path.stem()).string() + ".toml";
}

std::string provenance_record_of(const std::string& file) {
  const std::filesystem::path path(file);
  const std::string beside = record_path_for(file);
  std::error_code error;  // a path the system cannot even look at has no record; its reader says why
  if (path.extension() != ".toml" && std::filesystem::is_regular_file(beside, error)) return beside;
  const std::filesystem::path run = path.parent_path() / "run.toml";
  if (std::filesystem::is_regular_file(run, error)) return run.string();
  return "";
}

std::map<std::string, std::vector<std::string>> read_record_table(const std::string& path, const std::string& table_name) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open for reading");
  std::map<std::string, std::vector<std::string>> table;
  std::string line, section;
  auto parse_string = [](const std::string& text, std::size_t& i, std::string& out) {
    out.clear();
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        ++i;
        out += text[i] == 'n' ? '\n' : text[i];
      } else {
        out += text[i];
      }
    }
    return i < text.size();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    if (line[start] == '[') {
      section = line.substr(start + 1, line.find(']') - start - 1);
      continue;
    }
    if (section != table_name) continue;
    const auto equals = line.find('=');
    if (equals == std::string::npos) continue;
    std::string key = line.substr(start, equals - start);
    key.erase(key.find_last_not_of(" \t") + 1);
    std::size_t i = line.find_first_not_of(" \t", equals + 1);
    if (i == std::string::npos) continue;
    std::vector<std::string> values;
    std::string value;
    if (line[i] == '"') {
      if (parse_string(line, i, value)) values.push_back(value);
    } else if (line[i] == '[') {
      // Strings or bare numbers, separated by commas.
      for (++i; i < line.size() && line[i] != ']'; ++i) {
        if (line[i] == '"') {
          if (parse_string(line, i, value)) values.push_back(value);
        } else if (line[i] != ',' && line[i] != ' ' && line[i] != '\t') {
          const auto stop = line.find_first_of(", \t]", i);
          values.push_back(line.substr(i, stop - i));
          i = (stop == std::string::npos ? line.size() : stop) - 1;
        }
      }
    } else {
      value = line.substr(i);
      value.erase(value.find_last_not_of(" \t") + 1);
      values.push_back(value);
    }
    table[key] = values;
  }
  return table;
}

namespace {


RunIdentity identity_from(const std::map<std::string, std::vector<std::string>>& table) {
  RunIdentity identity;
  auto scalar = [&](const char* key) {
    auto found = table.find(key);
    return found == table.end() || found->second.empty() ? std::string() : found->second.front();
  };
  if (auto found = table.find("dataset_sha256"); found != table.end()) identity.dataset_sha256 = found->second;
  identity.seed = scalar("seed");
  identity.split = scalar("split_sha256");
  identity.architecture = scalar("architecture");
  return identity;
}

struct Source {
  std::string label;   // the file as given, or "this run"
  std::string record;  // where its identity was read ("" for this run)
  RunIdentity identity;
};

std::string abbreviated(const std::string& digest) { return digest.size() > 12 ? digest.substr(0, 12) + "..." : digest; }

struct Field {
  const char* name;
  std::string (*value)(const RunIdentity&);  // "" = unknown
};

const Field kFields[] = {
    {"dataset",
     [](const RunIdentity& id) {
       std::string text;
       for (const auto& digest : id.dataset_sha256) text += (text.empty() ? "sha256 " : ", ") + abbreviated(digest);
       return text;
     }},
    {"seed", [](const RunIdentity& id) { return id.seed; }},
    {"split", [](const RunIdentity& id) { return id.split.empty() ? std::string() : "sha256 " + abbreviated(id.split); }},
    {"architecture", [](const RunIdentity& id) { return id.architecture; }},
};

void fill_missing(RunIdentity& into, const RunIdentity& from) {
  if (into.dataset_sha256.empty()) into.dataset_sha256 = from.dataset_sha256;
  if (into.seed.empty()) into.seed = from.seed;
  if (into.split.empty()) into.split = from.split;
  if (into.architecture.empty()) into.architecture = from.architecture;
}

}  // namespace

ProvenanceCheck check_provenance(const std::vector<std::string>& files, bool force, const RunIdentity* own) {
  ProvenanceCheck check;
  std::vector<Source> sources;
  if (own != nullptr) sources.push_back({"this run", "", *own});
  for (const auto& file : files) {
    if (file.empty()) continue;
    check.inputs.push_back(file);
    const std::string record = provenance_record_of(file);
    if (record.empty()) {
      spdlog::debug("{}: no record of its run beside it; not compared with the other inputs", file);
      continue;
    }
    sources.push_back({file, record, identity_from(read_record_table(record, "run"))});
  }
  for (const Field& field : kFields) {
    const Source* reference = nullptr;
    for (const Source& source : sources) {
      const std::string value = field.value(source.identity);
      if (value.empty()) continue;
      if (reference == nullptr) {
        reference = &source;
        continue;
      }
      const std::string expected = field.value(reference->identity);
      if (value == expected) continue;
      auto where = [](const Source& s) { return s.record.empty() ? std::string("here") : "in " + s.record; };
      const std::string mismatch =
          (reference->record.empty() ? source.label + " does not belong to this run: "
                                     : reference->label + " and " + source.label + " do not belong together: ") +
          field.name + " " + expected + " " + where(*reference) + " vs " + value + " " + where(source);
      if (!force) throw InputError(mismatch + "; --force combines them anyway");
      check.forced.push_back(mismatch);
    }
  }
  for (const Source& source : sources) fill_missing(check.identity, source.identity);
  for (const auto& line : check.forced) spdlog::warn("--force: {}", line);
  return check;
}

namespace {

std::string identity_lines(const RunIdentity& identity) {
  std::string text;
  if (!identity.seed.empty()) text += "seed = " + identity.seed + "\n";
  if (!identity.dataset_sha256.empty()) text += "dataset_sha256 = " + toml_array(identity.dataset_sha256) + "\n";
  if (!identity.split.empty()) text += "split_sha256 = " + toml_string(identity.split) + "\n";
  if (!identity.architecture.empty()) text += "architecture = " + toml_string(identity.architecture) + "\n";
  return text;
}

std::string check_lines(const ProvenanceCheck& check) {
  std::string text;
  if (!check.inputs.empty()) text += "inputs = " + toml_array(check.inputs) + "\n";
  if (!check.forced.empty()) text += "forced = " + toml_array(check.forced) + "\n";
  return text;
}

std::string config_table(const Provenance& provenance) {
  std::string text = "\n[config]\n" + provenance.resolved_config;
  if (text.back() != '\n') text += '\n';
  return text;
}

std::vector<std::string> numbers(const std::vector<int>& values) {
  std::vector<std::string> text;
  for (int v : values) text.push_back(std::to_string(v));
  return text;
}

std::string bare_array(const std::vector<std::string>& items) {
  std::string text = "[";
  for (std::size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + items[i];
  return text + "]";
}

}  // namespace

std::string run_record(const Provenance& provenance, std::uint64_t seed, const data::Dataset& dataset,
                       const nn::Mlp& net, const ProvenanceCheck& check, const std::string& extra_run) {
  // The identity is this run's own: a forced input does not change what the run is.
  const RunIdentity identity = run_identity(dataset, seed, net);
  std::string text = "# How this directory's files were made. The [config] table is a valid --config: "
                     "legcnet " + provenance.stage + " --config run.toml --out DIR reruns it.\n[run]\n";
  text += "stage = " + toml_string(provenance.stage) + "\n";
  text += "tool_version = " + toml_string(LEGCNET_VERSION) + "\n";
  text += identity_lines(identity);
  text += "dataset = " + toml_string(dataset.name) + "\n";
  text += "dataset_files = " + toml_array(dataset.source_files) + "\n";
  text += "train_samples = " + std::to_string(dataset.train_x.rows()) + "\n";
  text += "test_samples = " + std::to_string(dataset.test_x.rows()) + "\n";
  text += extra_run;
  text += check_lines(check);

  text += "\n[data]\n";
  text += "name = " + toml_string(dataset.name) + "\n";
  text += "samples_train = " + std::to_string(dataset.train_x.rows()) + "\n";
  text += "samples_validation = " + std::to_string(dataset.validation_x.rows()) + "\n";
  text += "samples_test = " + std::to_string(dataset.test_x.rows()) + "\n";
  text += "features = " + toml_array(dataset.feature_names) + "\n";
  text += "classes = " + toml_array(dataset.class_names) + "\n";
  text += "scaling = " + toml_string(data::to_string(dataset.scaler.kind)) + "\n";
  if (dataset.layout) {
    const auto& layout = *dataset.layout;
    text += "header = " + std::string(layout.header ? "true" : "false") + "\n";
    text += "delimiter = " + toml_string(std::string(1, layout.delimiter)) + "\n";
    text += "feature_columns = " + bare_array(numbers(layout.feature_columns)) + "\n";
    text += "label_column = " + std::to_string(layout.label_column) + "\n";
    if (layout.one_hot_width > 1) text += "one_hot_width = " + std::to_string(layout.one_hot_width) + "\n";
  }
  return text + config_table(provenance);
}

std::string file_record(const Provenance& provenance, const ProvenanceCheck& check, const std::string& extra_run) {
  std::string text = "# How the file beside this one was made. The [config] table is a valid --config.\n[run]\n";
  text += "stage = " + toml_string(provenance.stage) + "\n";
  text += "tool_version = " + toml_string(LEGCNET_VERSION) + "\n";
  text += identity_lines(check.identity);
  text += extra_run;
  text += check_lines(check);
  return text + config_table(provenance);
}

}  // namespace legcnet::stages
