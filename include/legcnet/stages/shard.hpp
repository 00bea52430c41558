#pragma once
// Spreading the per-weight stages over the jobs of a cluster: shard k of n handles one contiguous
// block of the weights, whose bounds are a pure function of k, n and the weight count, so every
// job of an array computes its block without talking to the others. Each shard's output file has
// a record beside it, FILE.shard.toml, with its place in the whole and a fingerprint of the run
// (what determines the numbers), from which `legcnet merge` checks that the shards fit together.
#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace legcnet::io {
class AtomicFileSet;
}

namespace legcnet::stages {

struct Shard {
  std::size_t index = 0;  // k, from 0
  std::size_t count = 0;  // n; 0: the whole run, not a shard
  bool active() const { return count > 0; }
  std::string label() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// "k/n" with 0 <= k < n, or "" for no shard. Throws InputError naming `option`.
Shard parse_shard(const std::string& text, const std::string& option = "--shard");

struct ShardRange {
  std::size_t first = 0;  // first weight of the block (0-based)
  std::size_t size = 0;   // weights in the block
  friend bool operator==(const ShardRange&, const ShardRange&) = default;
};

// Weights floor(k W / n) .. floor((k + 1) W / n) - 1: blocks differ in size by at most one and
// tile 0 .. W-1. Every weight of an inactive shard. Throws InputError when n > W (an empty shard
// would be a job with nothing to do).
ShardRange shard_range(const Shard& shard, std::size_t total);

// How shard files join: `columns`, side by side (le.csv, le.npy: each shard holds a block of the
// value columns and repeats the index columns); `rows`, one after the other (granger.csv: one row
// per weight).
enum class ShardLayout { columns, rows };

struct ShardRecord {
  Shard shard;
  ShardLayout layout = ShardLayout::columns;
  std::size_t index_columns = 0;  // columns layout: the leading index columns every shard repeats
  ShardRange range;
  std::size_t total = 0;          // weights of the whole run
  std::string first_name, last_name;  // the block's first and last weight
  std::string run;                // fingerprint: sha256 of what determines the numbers
  std::string stage;              // what wrote the file (for people)
  std::string provenance;         // the text the fingerprint is the hash of (for people)
};

// The record of shard `shard` of a file over the weights `names` (all of the run's), made by
// `stage`; its run fingerprint is the sha256 of `provenance` (run_provenance's text).
ShardRecord shard_record(const Shard& shard, ShardLayout layout, std::size_t index_columns,
                         const std::vector<std::string>& names, const std::string& stage, std::string provenance);

// FILE.shard.toml beside FILE (le.csv -> le.csv.shard.toml, so that le.csv and le.npy keep their own).
std::filesystem::path shard_record_path(const std::filesystem::path& data_file);

// Opens FILE.shard.toml in `files` (so it appears with FILE) and writes the record.
void write_shard_record(io::AtomicFileSet& files, const std::filesystem::path& data_file, const ShardRecord& record);

// Reads the record beside `data_file`; InputError naming the record's file, line and problem.
ShardRecord read_shard_record(const std::filesystem::path& data_file);

// A whole (unsharded) output must not keep the record of an earlier sharded run under its name.
void remove_stale_shard_record(const std::filesystem::path& data_file);

// What makes a run's numbers, as text: the stage, tool version, the resolved options (the TOML
// lines `key=value` of run.toml's [config]) without the keys in `dropped` (where it runs, how
// fast, and input paths, which differ between the machines of a cluster), and the sha256 of the
// content of every input file.
std::string run_provenance(const std::string& stage, const std::string& resolved_config,
                           const std::set<std::string>& dropped, const std::vector<std::string>& input_files);

// Keys no run's numbers depend on: where it writes and how it is spread over threads and jobs.
const std::set<std::string>& placement_keys();

}  // namespace legcnet::stages
