#pragma once
// Joins the shards of a per-weight stage (windowed-le, granger or chain with --shard k/n) into
// the file the whole run writes, byte for byte. Every shard's FILE.shard.toml must name the same
// run and shard count, and the shards must tile the weights exactly: gaps, overlaps and shards of
// different runs are InputErrors naming the files.
#include <string>
#include <vector>

namespace legcnet::stages {

struct MergeOptions {
  std::vector<std::string> shards;  // shard files (le.csv, le.npy, granger.csv), each with its record
  std::string out;                  // the joined file; same format as the shards
};

void merge(const MergeOptions& options);

}  // namespace legcnet::stages
