#include "legcnet/stages/shard.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/sha256.hpp"
#include "legcnet/stages/common.hpp"

namespace legcnet::stages {
namespace {

bool parse_count(std::string_view text, std::size_t& value) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// A basic TOML string: "..." with \" and \\ (the only escapes toml_string writes for names).
bool parse_toml_string(std::string_view text, std::string& value) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return false;
  value.clear();
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\') {
      if (++i + 1 >= text.size() || (text[i] != '"' && text[i] != '\\')) return false;
    } else if (text[i] == '"') {
      return false;
    }
    value += text[i];
  }
  return true;
}

}  // namespace

Shard parse_shard(const std::string& text, const std::string& option) {
  if (text.empty()) return {};
  const auto slash = text.find('/');
  Shard shard;
  if (slash == std::string::npos || !parse_count(std::string_view(text).substr(0, slash), shard.index) ||
      !parse_count(std::string_view(text).substr(slash + 1), shard.count))
    throw InputError(option + " must be k/n (shard k of n, k from 0), got '" + text + "'");
  if (shard.count == 0 || shard.index >= shard.count)
    throw InputError(option + " " + text + ": k must lie in 0 .. n-1 and n be at least 1");
  return shard;
}

ShardRange shard_range(const Shard& shard, std::size_t total) {
  if (!shard.active()) return {0, total};
  if (shard.count > total)
    throw InputError("--shard " + shard.label() + ": more shards than the " + std::to_string(total) +
                     " weights; use at most " + std::to_string(total));
  // floor(k W / n) = k q + floor(k r / n) with W = q n + r, without overflow: k r < n^2 <= W^2,
  // and n <= W stays far below 2^32 for any network a machine holds.
  const std::size_t q = total / shard.count, r = total % shard.count;
  const auto bound = [&](std::size_t k) { return k * q + (k * r) / shard.count; };
  return {bound(shard.index), bound(shard.index + 1) - bound(shard.index)};
}

std::filesystem::path shard_record_path(const std::filesystem::path& data_file) {
  std::filesystem::path record = data_file;
  record += ".shard.toml";
  return record;
}

void write_shard_record(io::AtomicFileSet& files, const std::filesystem::path& data_file, const ShardRecord& record) {
  const ShardRange& range = record.range;
  std::string text = "# Shard " + record.shard.label() + " of " + data_file.filename().string() + ": weights " +
                     std::to_string(range.first) + " .. " + std::to_string(range.first + range.size - 1) + " of " +
                     std::to_string(record.total) + ". Join the shards with `legcnet merge --out FILE SHARD...`.\n";
  text += "[shard]\n";
  text += "index = " + std::to_string(record.shard.index) + "\n";
  text += "count = " + std::to_string(record.shard.count) + "\n";
  text += std::string("layout = ") + (record.layout == ShardLayout::columns ? "\"columns\"" : "\"rows\"") + "\n";
  text += "index_columns = " + std::to_string(record.index_columns) + "\n";
  text += "first = " + std::to_string(range.first) + "\n";
  text += "size = " + std::to_string(range.size) + "\n";
  text += "total = " + std::to_string(record.total) + "\n";
  text += "first_name = " + toml_string(record.first_name) + "\n";
  text += "last_name = " + toml_string(record.last_name) + "\n";
  text += "run = " + toml_string(record.run) + "\n";
  text += "\n[run]\nstage = " + toml_string(record.stage) + "\n";
  text += "# `run` above is the sha256 of these lines:\n";
  std::istringstream lines(record.provenance);
  for (std::string line; std::getline(lines, line);) text += "#   " + line + "\n";
  files.open(shard_record_path(data_file)).stream() << text;
}

ShardRecord read_shard_record(const std::filesystem::path& data_file) {
  const std::filesystem::path path = shard_record_path(data_file);
  const std::string name = path.string();
  std::ifstream in(path);
  if (!in)
    throw InputError(name + ": not found; " + data_file.string() +
                     " is no shard (shards come from windowed-le, granger or chain with --shard k/n)");
  std::map<std::string, std::pair<std::string, std::size_t>> values;  // key -> (raw value, line)
  std::string section, line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const std::string_view text = trimmed(line);
    if (text.empty() || text.front() == '#') continue;
    if (text.front() == '[') {
      section = std::string(text);
      continue;
    }
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) throw InputError(name, number, "expected key = value");
    const std::string key(trimmed(text.substr(0, equals)));
    const std::string value(trimmed(text.substr(equals + 1)));
    if (section == "[shard]") values[key] = {value, number};
    else if (section == "[run]" && key == "stage") values["stage"] = {value, number};
  }
  auto raw = [&](const std::string& key) -> const std::pair<std::string, std::size_t>& {
    const auto found = values.find(key);
    if (found == values.end()) throw InputError(name + ": no '" + key + "' in [shard]");
    return found->second;
  };
  auto count = [&](const std::string& key) {
    const auto& [value, number] = raw(key);
    std::size_t result = 0;
    if (!parse_count(value, result)) throw InputError(name, number, "'" + key + "' must be a whole number, found '" + value + "'");
    return result;
  };
  auto string = [&](const std::string& key) {
    const auto& [value, number] = raw(key);
    std::string result;
    if (!parse_toml_string(value, result)) throw InputError(name, number, "'" + key + "' must be a quoted string");
    return result;
  };
  ShardRecord record;
  record.shard.index = count("index");
  record.shard.count = count("count");
  if (record.shard.count == 0 || record.shard.index >= record.shard.count)
    throw InputError(name + ": index " + std::to_string(record.shard.index) + " does not lie in 0 .. count-1 = " +
                     std::to_string(record.shard.count) + " - 1");
  const std::string layout = string("layout");
  if (layout != "columns" && layout != "rows")
    throw InputError(name, raw("layout").second, "layout must be \"columns\" or \"rows\", found '" + layout + "'");
  record.layout = layout == "columns" ? ShardLayout::columns : ShardLayout::rows;
  record.index_columns = count("index_columns");
  record.range = {count("first"), count("size")};
  record.total = count("total");
  record.first_name = string("first_name");
  record.last_name = string("last_name");
  record.run = string("run");
  record.stage = string("stage");
  return record;
}

ShardRecord shard_record(const Shard& shard, ShardLayout layout, std::size_t index_columns,
                         const std::vector<std::string>& names, const std::string& stage, std::string provenance) {
  ShardRecord record;
  record.shard = shard;
  record.layout = layout;
  record.index_columns = index_columns;
  record.range = shard_range(shard, names.size());
  record.total = names.size();
  record.first_name = names[record.range.first];
  record.last_name = names[record.range.first + record.range.size - 1];
  record.stage = stage;
  record.run = io::sha256_hex(provenance);
  record.provenance = std::move(provenance);
  return record;
}

void remove_stale_shard_record(const std::filesystem::path& data_file) {
  std::error_code ignored;
  std::filesystem::remove(shard_record_path(data_file), ignored);
}

const std::set<std::string>& placement_keys() {
  static const std::set<std::string> keys{"out", "shard", "threads", "block-columns", "config", "quiet", "merge"};
  return keys;
}

std::string run_provenance(const std::string& stage, const std::string& resolved_config,
                           const std::set<std::string>& dropped, const std::vector<std::string>& input_files) {
  std::string text = "stage=" + stage + "\ntool_version=" + LEGCNET_VERSION + "\n";
  std::istringstream lines(resolved_config);
  for (std::string line; std::getline(lines, line);) {
    const auto equals = line.find('=');
    const std::string key(trimmed(std::string_view(line).substr(0, equals)));
    if (equals != std::string::npos && (dropped.count(key) > 0 || placement_keys().count(key) > 0)) continue;
    if (!trimmed(line).empty()) text += line + "\n";
  }
  for (const auto& file : input_files) text += "input_sha256=" + io::sha256_file(file) + "\n";
  return text;
}

}  // namespace legcnet::stages
