#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <cstdint>
#include <numeric>

#include "legcnet/data/idx.hpp"
#include "legcnet/error.hpp"
#include "test_support.hpp"

using namespace legcnet;

namespace {

std::string big_endian(std::uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>((value >> 16) & 0xff), static_cast<char>((value >> 8) & 0xff),
          static_cast<char>(value & 0xff)};
}

std::string idx_bytes(std::uint32_t magic, const std::vector<std::uint32_t>& dims, const std::string& data) {
  std::string bytes = big_endian(magic);
  for (auto dim : dims) bytes += big_endian(dim);
  return bytes + data;
}

// `count` images whose pixel p of image i is (i * 7 + p) % 256, and labels i % 10.
std::string image_bytes(std::uint32_t count, std::uint32_t side = 28) {
  std::string data;
  for (std::uint32_t i = 0; i < count; ++i)
    for (std::uint32_t p = 0; p < side * side; ++p) data += static_cast<char>((i * 7 + p) % 256);
  return idx_bytes(2051, {count, side, side}, data);
}

std::string label_bytes(std::uint32_t count) {
  std::string data;
  for (std::uint32_t i = 0; i < count; ++i) data += static_cast<char>(i % 10);
  return idx_bytes(2049, {count}, data);
}

void write_gzip(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  gzFile file = gzopen(path.string().c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

void check_tiny(const data::LabeledData& data, std::uint32_t count) {
  ASSERT_EQ(data.features.rows(), count);
  ASSERT_EQ(data.features.cols(), 784);
  ASSERT_EQ(data.labels.size(), count);
  for (std::uint32_t i = 0; i < count; ++i) {
    EXPECT_EQ(data.labels[i], static_cast<int>(i % 10));
    for (std::uint32_t p = 0; p < 784; p += 97)
      EXPECT_EQ(data.features(i, p), static_cast<double>((i * 7 + p) % 256) / 255.0);
  }
  EXPECT_EQ(data.feature_names.size(), 784u);
  EXPECT_EQ(data.feature_names.front(), "px0");
  EXPECT_EQ(data.feature_names.back(), "px783");
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
}

// The InputError message of reading the pair, or "" if none.
std::string pair_error(const std::filesystem::path& images, const std::filesystem::path& labels) {
  try {
    data::read_idx_images_and_labels(images, labels);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

std::vector<int> label_counts(const std::vector<int>& labels) {
  std::vector<int> counts(10, 0);
  for (int label : labels) ++counts[static_cast<std::size_t>(label)];
  return counts;
}

}  // namespace

TEST(Idx, ReadsRawAndGzippedFiles) {
  testkit::TempDir dir;
  testkit::write_file(dir / "images", image_bytes(12));
  testkit::write_file(dir / "labels", label_bytes(12));
  write_gzip(dir / "images.gz", image_bytes(12));
  write_gzip(dir / "labels.gz", label_bytes(12));
  check_tiny(data::read_idx_images_and_labels(dir / "images", dir / "labels"), 12);
  check_tiny(data::read_idx_images_and_labels(dir / "images.gz", dir / "labels.gz"), 12);
  check_tiny(data::read_idx_images_and_labels(dir / "images.gz", dir / "labels"), 12);

  const data::IdxFile labels = data::read_idx(dir / "labels.gz");
  EXPECT_EQ(labels.magic, 2049u);
  EXPECT_EQ(labels.dims, (std::vector<std::size_t>{12}));
  EXPECT_EQ(labels.data.size(), 12u);
  const data::IdxFile empty = [&] {
    testkit::write_file(dir / "none", image_bytes(0));
    return data::read_idx(dir / "none");
  }();
  EXPECT_EQ(empty.dims, (std::vector<std::size_t>{0, 28, 28}));
}

TEST(Idx, BadFilesAreInputErrorsNamingTheFile) {
  testkit::TempDir dir;
  testkit::write_file(dir / "images", image_bytes(5));
  testkit::write_file(dir / "labels", label_bytes(5));
  const std::string images = image_bytes(5);
  struct Case {
    std::string name, bytes, problem;
    bool gzip = false;
  };
  const std::vector<Case> cases{
      {"swapped-magic", label_bytes(5), "expected 2051", false},
      {"garbage", "<html>not found</html>", "not an IDX file", false},
      {"int-type", idx_bytes(0x0C03, {5, 28, 28}, ""), "not an IDX file", false},
      {"short-header", images.substr(0, 10), "truncated", false},
      {"short-data", images.substr(0, images.size() - 1), "truncated", false},
      {"short-data-gz", images.substr(0, images.size() - 100), "truncated", true},
      {"trailing", images + "x", "bytes after", false},
      {"wrong-size", image_bytes(5, 27), "expected 28 x 28", false},
      {"empty", "", "truncated", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto path = dir / c.name;
    if (c.gzip) write_gzip(path, c.bytes);
    else testkit::write_file(path, c.bytes);
    const std::string message = pair_error(path, dir / "labels");
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find(c.problem), std::string::npos) << message;
  }

  // A gzip stream cut short or damaged.
  write_gzip(dir / "whole.gz", images);
  const std::string compressed = testkit::read_file(dir / "whole.gz");
  testkit::write_file(dir / "cut.gz", compressed.substr(0, compressed.size() / 2));
  const std::string cut = pair_error(dir / "cut.gz", dir / "labels");
  EXPECT_NE(cut.find((dir / "cut.gz").string() + ": corrupt or truncated file"), std::string::npos) << cut;
  std::string damaged = compressed;
  damaged[damaged.size() - 6] ^= 0x55;  // the CRC-32 in the trailer
  testkit::write_file(dir / "crc.gz", damaged);
  const std::string crc = pair_error(dir / "crc.gz", dir / "labels");
  EXPECT_NE(crc.find((dir / "crc.gz").string() + ": corrupt or truncated file"), std::string::npos) << crc;

  testkit::write_file(dir / "labels4", label_bytes(4));
  const std::string mismatch = pair_error(dir / "images", dir / "labels4");
  EXPECT_NE(mismatch.find("do not fit: 5 images, 4 labels"), std::string::npos) << mismatch;
  EXPECT_NE(mismatch.find("labels4"), std::string::npos) << mismatch;

  testkit::write_file(dir / "label11", idx_bytes(2049, {5}, std::string("\x00\x01\x0b\x02\x03", 5)));
  EXPECT_NE(pair_error(dir / "images", dir / "label11").find("label 11 of sample 3"), std::string::npos);
  EXPECT_THROW(data::read_idx(dir / "missing"), InputError);
}

TEST(Mnist, LoadsTheStandardSplitFromTheSearchDirectories) {
  testkit::TempDir dir;
  write_gzip(dir / "b" / "mnist" / "train-images-idx3-ubyte.gz", image_bytes(30));
  write_gzip(dir / "b" / "mnist" / "train-labels-idx1-ubyte.gz", label_bytes(30));
  testkit::write_file(dir / "b" / "mnist" / "t10k-images-idx3-ubyte", image_bytes(8));  // raw also found
  write_gzip(dir / "b" / "mnist" / "t10k-labels-idx1-ubyte.gz", label_bytes(8));

  const data::Dataset dataset = data::load_mnist({dir / "a", dir / "b"}, std::nullopt);
  EXPECT_EQ(dataset.name, "mnist");
  EXPECT_EQ(dataset.train_x.rows(), 30);
  EXPECT_EQ(dataset.test_x.rows(), 8);
  EXPECT_EQ(dataset.num_features(), 784);
  EXPECT_EQ(dataset.num_classes(), 10);
  EXPECT_EQ(dataset.feature_names.size(), 784u);
  ASSERT_EQ(dataset.source_files.size(), 4u);
  ASSERT_EQ(dataset.source_sha256.size(), 4u);
  EXPECT_EQ(dataset.source_files[2], (dir / "b" / "mnist" / "t10k-images-idx3-ubyte").string());
  for (const auto& hash : dataset.source_sha256) EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(dataset.train_x(29, 100), static_cast<double>((29 * 7 + 100) % 256) / 255.0);  // file order, unscaled
  EXPECT_EQ(dataset.test_y[7], 7);

  const data::Dataset limited = data::load_mnist({dir / "b"}, 11);
  EXPECT_EQ(limited.train_x.rows(), 11);
  EXPECT_EQ(limited.train_y.size(), 11u);
  EXPECT_EQ(limited.train_x, dataset.train_x.topRows(11));
  EXPECT_EQ(limited.test_x.rows(), 8);
  EXPECT_THROW(data::load_mnist({dir / "b"}, 31), InputError);
  EXPECT_THROW(data::load_mnist({dir / "b"}, 0), InputError);
  EXPECT_THROW(data::load_mnist({dir / "a"}, std::nullopt), InputError);  // nothing there
}

TEST(Mnist, RealFilesHaveTheDocumentedCountsAndMean) {
  std::vector<std::filesystem::path> dirs;
  for (const auto& dir : {testkit::data_dir(), testkit::source_dir().parent_path() / "shared" / "data"})
    if (std::filesystem::is_regular_file(dir / "mnist" / "train-images-idx3-ubyte.gz")) dirs.push_back(dir);
  if (dirs.empty()) GTEST_SKIP() << "MNIST not in data/mnist or ../shared/data/mnist (scripts/fetch-data.sh)";

  const data::Dataset mnist = data::load_mnist(dirs, std::nullopt);
  EXPECT_EQ(mnist.train_x.rows(), 60000);
  EXPECT_EQ(mnist.test_x.rows(), 10000);
  EXPECT_EQ(label_counts(mnist.train_y),
            (std::vector<int>{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}));
  EXPECT_EQ(label_counts(mnist.test_y), (std::vector<int>{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}));
  EXPECT_NEAR(mnist.train_x.mean(), 0.1307, 5e-5);
  EXPECT_NEAR(mnist.test_x.mean(), 0.1325, 5e-5);
  EXPECT_GE(mnist.train_x.minCoeff(), 0.0);
  EXPECT_LE(mnist.train_x.maxCoeff(), 1.0);
  // Digests recorded for run.toml: the files of shared/data/README.md.
  EXPECT_EQ(mnist.source_sha256.size(), 4u);
}
