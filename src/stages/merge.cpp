#include "legcnet/stages/merge.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/npy.hpp"
#include "legcnet/io/series.hpp"
#include "legcnet/stages/shard.hpp"

namespace legcnet::stages {
namespace {

struct Part {
  std::string path;
  ShardRecord record;
};

std::string weights_text(const ShardRange& range) {
  return "weights " + std::to_string(range.first) + " .. " + std::to_string(range.first + range.size - 1);
}

// The shards' records, checked to belong to one run and to tile its weights; in shard order.
std::vector<Part> ordered_parts(const MergeOptions& options) {
  if (options.shards.empty()) throw InputError("merge needs at least one shard file");
  std::vector<Part> parts;
  for (const auto& path : options.shards) {
    if (std::filesystem::path(path) == std::filesystem::path(options.out))
      throw InputError("--out " + options.out + " is one of the shards; write the joined file elsewhere");
    if (io::is_npy_path(path) != io::is_npy_path(options.out))
      throw InputError(path + " and --out " + options.out + " differ in format (.npy and CSV); merge keeps the format");
    parts.push_back({path, read_shard_record(path)});
  }
  const Part& first = parts.front();
  for (const Part& part : parts) {
    const ShardRecord &a = first.record, &b = part.record;
    const std::string both = first.path + " and " + part.path;
    if (a.layout != b.layout || a.index_columns != b.index_columns || a.total != b.total)
      throw InputError(both + " are not shards of the same kind of file (layout, index columns or weight count differ)");
    if (a.run != b.run)
      throw InputError(both + " are shards of different runs: their run fingerprints differ (the [run] part of each "
                              ".shard.toml lists what went into them)");
    if (a.shard.count != b.shard.count)
      throw InputError(both + " split the weights differently: into " + std::to_string(a.shard.count) + " and " +
                       std::to_string(b.shard.count) + " shards");
    const ShardRange expected = shard_range(b.shard, b.total);
    if (!(b.range == expected))
      throw InputError(shard_record_path(part.path).string() + ": shard " + b.shard.label() + " of " +
                       std::to_string(b.total) + " weights holds " + weights_text(expected) + ", but the record says " +
                       weights_text(b.range));
  }
  std::stable_sort(parts.begin(), parts.end(),
                   [](const Part& a, const Part& b) { return a.record.shard.index < b.record.shard.index; });
  for (std::size_t k = 1; k < parts.size(); ++k)
    if (parts[k].record.shard.index == parts[k - 1].record.shard.index)
      throw InputError(parts[k - 1].path + " and " + parts[k].path + " overlap: both are shard " +
                       parts[k].record.shard.label() + " (" + weights_text(parts[k].record.range) + ")");
  const std::size_t count = first.record.shard.count;
  for (std::size_t k = 0, next = 0; k < count; ++k) {
    if (next < parts.size() && parts[next].record.shard.index == k) {
      ++next;
      continue;
    }
    const ShardRange missing = shard_range(Shard{k, count}, first.record.total);
    throw InputError("shard " + std::to_string(k) + "/" + std::to_string(count) + " (" + weights_text(missing) +
                     ") is missing: the shards given leave a gap");
  }
  return parts;
}

// The first `fields` comma-separated fields of a line and the comma after them (index fields are
// integers or plain names: never quoted).
std::string_view leading_fields(std::string_view line, std::size_t fields) {
  std::size_t end = 0;
  for (std::size_t k = 0; k < fields; ++k) {
    end = line.find(',', end);
    if (end == std::string_view::npos) return {};
    ++end;
  }
  return line.substr(0, end);
}

void check_block_names(const Part& part, const std::vector<std::string>& names) {
  const ShardRecord& record = part.record;
  if (names.size() != record.range.size || names.front() != record.first_name || names.back() != record.last_name)
    throw InputError(part.path + " does not hold what " + shard_record_path(part.path).string() + " says (" +
                     std::to_string(record.range.size) + " weights, " + record.first_name + " .. " + record.last_name +
                     "): the file changed after it was written?");
}

// CSV side by side, as text: every shard repeats the index fields, which must agree, and
// contributes its value fields. The bytes of every field are kept, so the result is the file the
// whole run writes.
void merge_csv_columns(const std::vector<Part>& parts, std::ostream& out) {
  const std::size_t index_columns = parts.front().record.index_columns;
  std::vector<std::unique_ptr<io::CsvReader>> readers;
  for (const Part& part : parts) readers.push_back(std::make_unique<io::CsvReader>(part.path));
  std::vector<std::string_view> lines(parts.size());  // each stays valid until its reader moves on
  std::vector<std::string> fields;
  std::string merged;
  for (bool header = true;; header = false) {
    std::size_t ended = 0;
    for (std::size_t k = 0; k < parts.size(); ++k) ended += !readers[k]->next_line(lines[k]);
    if (ended == parts.size()) return;
    if (ended > 0)
      throw InputError(parts[0].path + " and the other shards do not fit: they have different numbers of rows");
    const std::string_view index = leading_fields(lines[0], index_columns);
    merged.assign(lines[0]);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (header) {
        if (!io::split_csv_line(lines[k], fields)) throw InputError(parts[k].path, 1, "unterminated quote in the header");
        check_block_names(parts[k], std::vector<std::string>(fields.begin() + static_cast<std::ptrdiff_t>(
                                                                 std::min(index_columns, fields.size())), fields.end()));
      }
      if ((index.empty() && index_columns > 0) || leading_fields(lines[k], index_columns) != index)
        throw InputError(parts[0].path + " and " + parts[k].path + " do not fit: line " +
                         std::to_string(readers[k]->line()) + " has different index fields (shards of different runs?)");
      if (k > 0) {
        merged += ',';
        merged.append(lines[k].substr(index.size()));
      }
    }
    merged += '\n';
    out << merged;
  }
}

// CSV one after the other (granger.csv): the same header, then every shard's rows.
void merge_csv_rows(const std::vector<Part>& parts, std::ostream& out) {
  std::string header;
  std::vector<std::string> fields;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    io::CsvReader reader(parts[k].path);
    std::string_view line;
    if (!reader.next_line(line)) throw InputError(parts[k].path, 1, "empty file: no header line");
    if (k == 0) {
      header.assign(line);
      out << header << '\n';
    } else if (line != header) {
      throw InputError(parts[0].path + " and " + parts[k].path + " do not fit: their headers differ");
    }
    std::vector<std::string> names;
    std::string text;
    while (reader.next_line(line)) {
      if (!io::split_csv_line(line, fields) || fields.empty())
        throw InputError(parts[k].path, reader.line(), "not a CSV row");
      names.push_back(fields.front());
      text.append(line);
      text += '\n';
      if (text.size() > (std::size_t{1} << 20)) out << text, text.clear();
    }
    out << text;
    if (names.empty()) throw InputError(parts[k].path + ": no rows");
    check_block_names(parts[k], names);
  }
}

// .npy side by side: each shard's matrix is read whole (le files are small: windows x weights)
// and the rows are written again by the writer of the whole run.
void merge_npy_columns(const std::vector<Part>& parts, io::AtomicFileSet& files, const std::string& out_path) {
  const std::size_t index_columns = parts.front().record.index_columns;
  io::CsvReader columns(io::npy_columns_path(parts.front().path).string());
  std::vector<std::string> header;
  if (!columns.next(header) || header.size() < index_columns)
    throw InputError(columns.path(), 1, "expected the header line with " + std::to_string(index_columns) + " index columns");
  const std::vector<std::string> index_names(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(index_columns));
  std::vector<io::Series> blocks;
  std::vector<std::string> names;
  for (const Part& part : parts) {
    blocks.push_back(io::read_series(part.path, index_names));
    check_block_names(part, blocks.back().names);
    const io::Series& block = blocks.back();
    if (block.index != blocks.front().index)
      throw InputError(parts[0].path + " and " + part.path + " do not fit: their index columns differ (shards of different runs?)");
    names.insert(names.end(), block.names.begin(), block.names.end());
  }
  auto writer = io::open_series_writer(files, out_path, index_names, names);
  std::vector<double> row(names.size());
  std::vector<long long> index(index_columns);
  for (Eigen::Index r = 0; r < blocks.front().rows(); ++r) {
    std::size_t column = 0;
    for (const io::Series& block : blocks)
      for (Eigen::Index c = 0; c < block.values.cols(); ++c) row[column++] = block.values(r, c);
    for (std::size_t c = 0; c < index_columns; ++c) index[c] = blocks.front().index(r, static_cast<Eigen::Index>(c));
    writer->write_row(std::span<const long long>(index), std::span<const double>(row));
  }
  writer->finish();
}

}  // namespace

void merge(const MergeOptions& options) {
  if (options.out.empty()) throw InputError("--out FILE is required");
  const std::vector<Part> parts = ordered_parts(options);
  const ShardRecord& record = parts.front().record;
  io::AtomicFileSet files;
  if (io::is_npy_path(options.out)) {
    if (record.layout != ShardLayout::columns) throw InputError(parts.front().path + ": .npy shards must be series (columns)");
    merge_npy_columns(parts, files, options.out);
  } else if (record.layout == ShardLayout::columns) {
    merge_csv_columns(parts, files.open(options.out).stream());
  } else {
    merge_csv_rows(parts, files.open(options.out).stream());
  }
  files.commit_all();
  remove_stale_shard_record(options.out);
  spdlog::info("merge: {} shards of {} weights ({}) -> {}", parts.size(), record.total, record.stage, options.out);
}

}  // namespace legcnet::stages
