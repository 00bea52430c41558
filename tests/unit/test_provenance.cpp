// Runs that belong together: records written beside outputs, compared by check_provenance.
#include <gtest/gtest.h>

#include "legcnet/error.hpp"
#include "legcnet/io/sha256.hpp"
#include "legcnet/stages/provenance.hpp"
#include "test_support.hpp"

using namespace legcnet;
using stages::RunIdentity;

namespace {

RunIdentity identity(const std::string& seed, const std::string& architecture = "4-6-3 sigmoid/sigmoid") {
  RunIdentity id;
  id.dataset_sha256 = {std::string(64, 'a')};
  id.seed = seed;
  id.split = std::string(64, 'b');
  id.architecture = architecture;
  return id;
}

// A file with a record beside it (NAME.toml), as a single-file stage leaves them.
std::string file_with_record(const testkit::TempDir& dir, const std::string& name, const RunIdentity& id) {
  const std::string path = (dir / name).string();
  testkit::write_file(path, "x\n");
  stages::ProvenanceCheck check;
  check.identity = id;
  testkit::write_file(stages::record_path_for(path), stages::file_record({"granger", "alpha = 0.05\n"}, check));
  return path;
}

std::string refusal(const std::vector<std::string>& files, const RunIdentity* own = nullptr) {
  try {
    stages::check_provenance(files, false, own);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(Provenance, RecordsAreFoundBesideAFileOrInItsDirectory) {
  testkit::TempDir dir;
  const std::string le = file_with_record(dir, "le.csv", identity("1"));
  EXPECT_EQ(stages::provenance_record_of(le), (dir / "le.toml").string());
  testkit::write_file(dir / "run" / "metrics.csv", "x\n");
  EXPECT_EQ(stages::provenance_record_of((dir / "run" / "metrics.csv").string()), "");
  testkit::write_file(dir / "run" / "run.toml", "[run]\nseed = 1\n");
  EXPECT_EQ(stages::provenance_record_of((dir / "run" / "metrics.csv").string()), (dir / "run" / "run.toml").string());
  EXPECT_EQ(stages::record_path_for("a/b/diff.npy"), "a/b/diff.toml");
}

TEST(Provenance, MatchingRecordsPassAndCarryTheirIdentityForward) {
  testkit::TempDir dir;
  const std::string a = file_with_record(dir, "a.csv", identity("3"));
  const std::string b = file_with_record(dir, "b.csv", identity("3"));
  const auto check = stages::check_provenance({a, b, ""}, false);
  EXPECT_EQ(check.identity.seed, "3");
  EXPECT_EQ(check.identity.architecture, "4-6-3 sigmoid/sigmoid");
  EXPECT_EQ(check.inputs, (std::vector<std::string>{a, b}));
  EXPECT_TRUE(check.forced.empty());
  // The output's record holds the identity again, so the next stage can compare it.
  const std::string record = stages::file_record({"prune", ""}, check);
  EXPECT_NE(record.find("seed = 3\n"), std::string::npos);
  EXPECT_NE(record.find("split_sha256 = \"" + std::string(64, 'b') + "\"\n"), std::string::npos);
}

TEST(Provenance, AMismatchIsOneLineNamingBothFilesTheirRecordsAndTheField) {
  testkit::TempDir dir;
  const std::string a = file_with_record(dir, "a.csv", identity("1"));
  const std::string b = file_with_record(dir, "b.csv", identity("2"));
  const std::string message = refusal({a, b});
  EXPECT_EQ(message, a + " and " + b + " do not belong together: seed 1 in " + (dir / "a.toml").string() + " vs 2 in " +
                         (dir / "b.toml").string() + "; --force combines them anyway");
  const std::string c = file_with_record(dir, "c.csv", identity("1", "4-8-3 sigmoid/sigmoid"));
  EXPECT_NE(refusal({a, c}).find("do not belong together: architecture 4-6-3 sigmoid/sigmoid in"), std::string::npos);
  RunIdentity other_data = identity("1");
  other_data.dataset_sha256 = {std::string(64, 'c')};
  const std::string d = file_with_record(dir, "d.csv", other_data);
  EXPECT_NE(refusal({a, d}).find("dataset sha256 aaaaaaaaaaaa... in"), std::string::npos);
  RunIdentity other_split = identity("1");
  other_split.split = std::string(64, 'e');
  const std::string e = file_with_record(dir, "e.csv", other_split);
  EXPECT_NE(refusal({a, e}).find("split sha256 bbbbbbbbbbbb... in"), std::string::npos);
  // Against the run the stage makes.
  const RunIdentity own = identity("2");
  EXPECT_EQ(refusal({a}, &own), a + " does not belong to this run: seed 2 here vs 1 in " + (dir / "a.toml").string() +
                                    "; --force combines them anyway");
  EXPECT_EQ(refusal({b}, &own), "");
}

TEST(Provenance, ForceLetsAMismatchThroughAndListsIt) {
  testkit::TempDir dir;
  const std::string a = file_with_record(dir, "a.csv", identity("1"));
  const std::string b = file_with_record(dir, "b.csv", identity("2"));
  const auto check = stages::check_provenance({a, b}, true);
  ASSERT_EQ(check.forced.size(), 1u);
  EXPECT_NE(check.forced.front().find("seed 1 in"), std::string::npos);
  EXPECT_NE(stages::file_record({"granger", ""}, check).find("forced = [\"" + a + " and " + b), std::string::npos);
}

TEST(Provenance, FilesWithoutARecordOrFieldsAreNotCompared) {
  testkit::TempDir dir;
  const std::string a = file_with_record(dir, "a.csv", identity("1"));
  testkit::write_file(dir / "loose" / "mask.csv", "weight,keep\n");
  EXPECT_EQ(refusal({a, (dir / "loose" / "mask.csv").string()}), "");
  RunIdentity partial;
  partial.seed = "1";  // an older record: seed only
  const std::string p = file_with_record(dir, "p.csv", partial);
  EXPECT_EQ(refusal({a, p}), "");
  partial.seed = "9";
  const std::string q = file_with_record(dir, "q.csv", partial);
  EXPECT_NE(refusal({a, q}).find("seed 1"), std::string::npos);
}

TEST(Provenance, SplitAndScalerTablesAreExact) {
  data::Dataset dataset;
  dataset.source_files = {"dir/a.csv", "dir/b,c.csv"};
  dataset.train_sources = {{0, 4}, {0, 2}};
  dataset.validation_sources = {{1, 0}};
  dataset.test_sources = {{0, 3}};
  EXPECT_EQ(stages::split_table(dataset), "file,row,subset\ndir/a.csv,4,train\ndir/a.csv,2,train\n\"dir/b,c.csv\",0,validation\n"
                                          "dir/a.csv,3,test\n");
  EXPECT_EQ(stages::split_table(dataset, true), "file,row,subset\na.csv,4,train\na.csv,2,train\n\"b,c.csv\",0,validation\n"
                                                "a.csv,3,test\n");
  dataset.feature_names = {"x", "y"};
  dataset.scaler.shift = {0.1, -3.0};
  dataset.scaler.scale = {1.0 / 3.0, 1.0};
  EXPECT_EQ(stages::scaler_table(dataset), "feature,shift,scale\nx,0.1,0.3333333333333333\ny,-3,1\n");
}
