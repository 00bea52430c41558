#pragma once
// Every output records how it was made, and a stage that combines files of runs checks that they
// belong together (issue 11.3). A training run writes run.toml in its directory; a stage that
// writes one file (diff.csv, le.csv, granger.csv, mask.csv) writes NAME.toml beside it. Both hold
// a [run] table with what identifies the run the files came from (dataset sha256, seed, split,
// architecture), carried forward from the inputs, and a [config] table that is a valid --config.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "legcnet/data/dataset.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::stages {

// What the CLI resolved (config file + command line), written into the record verbatim.
struct Provenance {
  std::string stage;
  std::string resolved_config;  // TOML text
};

// What identifies a run. An empty field is unknown (a record written before the field existed,
// or a file without a record) and is never compared.
struct RunIdentity {
  std::vector<std::string> dataset_sha256;  // one per data file
  std::string seed;
  std::string split;         // SHA-256 of the split table (split_table with base names)
  std::string architecture;  // layer sizes and units, e.g. "4-6-3 sigmoid/sigmoid"
};

RunIdentity run_identity(const data::Dataset& dataset, std::uint64_t seed, const nn::Mlp& net);
std::string architecture_text(const nn::Mlp& net);

// split.csv: `file,row,subset`, one line per sample, training samples first in the order the run
// holds them, then validation, then test. With `base_names`, files are named without directories
// (the form the split's digest is taken of, so that a moved data file keeps its split).
std::string split_table(const data::Dataset& dataset, bool base_names = false);
// scaler.csv: `feature,shift,scale`, scaled = (x - shift) / scale, shortest round-trip doubles.
std::string scaler_table(const data::Dataset& dataset);

// The record that describes `file`: FILE's stem + ".toml" beside it when that exists, else
// run.toml in its directory; empty when neither exists.
std::string provenance_record_of(const std::string& file);
// The record a stage writes beside its single output file `out` (diff.csv -> diff.toml).
std::string record_path_for(const std::string& out);

// The outcome of a provenance check: the identity the inputs share (the stage's own when it
// makes a run), the inputs compared, and the mismatches --force let through (one line each).
struct ProvenanceCheck {
  RunIdentity identity;
  std::vector<std::string> inputs;
  std::vector<std::string> forced;
};

// Compares the records of `files` with each other and, when `own` is given, with the run the
// stage is making. The first field that differs is an InputError of one line naming both files,
// both records and the field, unless `force`: then the mismatch is kept in `forced` (the caller
// logs it and records it). Files without a record (a hand-made mask) are not compared. This is
// the one check every stage that combines files calls, before it reads them.
ProvenanceCheck check_provenance(const std::vector<std::string>& files, bool force, const RunIdentity* own = nullptr);

// run.toml of a training run: [run] (stage, version, seed, dataset files and digests, split,
// architecture, inputs checked, what --force let through, `extra_run` lines), [data] (samples
// per split, features, classes, scaling, CSV layout) and [config].
std::string run_record(const Provenance& provenance, std::uint64_t seed, const data::Dataset& dataset,
                       const nn::Mlp& net, const ProvenanceCheck& check, const std::string& extra_run = "");
// NAME.toml of a single-file output: [run] with the identity the inputs share, inputs, forced;
// then [config].
std::string file_record(const Provenance& provenance, const ProvenanceCheck& check, const std::string& extra_run = "");

// One table ("run", "data", "config") of a record legcnet wrote: key -> strings (one for a scalar,
// several for an array; numbers as written). Only the forms run_record and file_record write are
// understood; other lines are skipped. A missing table is an empty map.
std::map<std::string, std::vector<std::string>> read_record_table(const std::string& path, const std::string& table_name);

// TOML text of a string or an array of strings (for `extra_run` lines).
std::string toml_string(const std::string& text);
std::string toml_array(const std::vector<std::string>& items);

}  // namespace legcnet::stages
