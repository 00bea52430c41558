#include <gtest/gtest.h>

#include <numeric>

#include "legcnet/data/presets.hpp"
#include "legcnet/error.hpp"
#include "test_support.hpp"

using namespace legcnet;

namespace {

data::Dataset load(const std::string& name, std::uint64_t seed = 1) {
  data::PresetRequest request;
  request.name = name;
  request.search_dirs = {testkit::data_dir()};
  request.split_seed = seed;
  return data::load_preset(request);
}

std::vector<int> class_counts(const data::Dataset& dataset) {
  std::vector<int> counts(static_cast<std::size_t>(dataset.num_classes()), 0);
  for (int label : dataset.train_y) ++counts[static_cast<std::size_t>(label)];
  for (int label : dataset.test_y) ++counts[static_cast<std::size_t>(label)];
  return counts;
}

}  // namespace

// Shapes and class counts as stated in shared/data/README.md.
TEST(Presets, LoadWithTheDocumentedShapesAndClassCounts) {
  struct Expected {
    std::string name;
    int samples, features;
    std::vector<int> counts;
  };
  const std::vector<Expected> expected{
      {"cancer", 683, 9, {444, 239}},
      {"banknote", 1372, 4, {762, 610}},
      {"iris", 150, 4, {50, 50, 50}},
      {"iris3f", 150, 3, {50, 50, 50}},
      {"vowel", 871, 3, {72, 89, 172, 151, 207, 180}},
      {"titanic", 891 + 418, 6, {549 + 260, 342 + 158}},
  };
  for (const auto& want : expected) {
    SCOPED_TRACE(want.name);
    const auto dataset = load(want.name);
    EXPECT_EQ(dataset.train_x.rows() + dataset.test_x.rows(), want.samples);
    EXPECT_EQ(dataset.num_features(), want.features);
    EXPECT_EQ(class_counts(dataset), want.counts);
    EXPECT_TRUE(dataset.train_x.allFinite());
    EXPECT_TRUE(dataset.test_x.allFinite());
  }
  const auto titanic = load("titanic");
  EXPECT_EQ(titanic.train_x.rows(), 891);  // the given split, not a shuffle
  EXPECT_EQ(titanic.test_x.rows(), 418);
  const auto cancer = load("cancer");
  EXPECT_EQ(cancer.test_x.rows(), 137);  // ceil(0.2 * 683)
}

TEST(Presets, ScaleWithTrainingStatisticsOnly) {
  const auto iris = load("iris");
  for (Eigen::Index j = 0; j < iris.train_x.cols(); ++j) {
    const auto column = iris.train_x.col(j);
    const double mean = column.mean();
    EXPECT_NEAR(mean, 0.0, 1e-12);
    EXPECT_NEAR((column.array() - mean).square().mean(), 1.0, 1e-12);
  }
  const auto vowel = load("vowel");
  EXPECT_DOUBLE_EQ(vowel.train_x.minCoeff(), 0.0);
  EXPECT_DOUBLE_EQ(vowel.train_x.maxCoeff(), 1.0);
}

TEST(Presets, SplitDependsOnTheSeedOnly) {
  EXPECT_EQ(load("iris", 3).train_x, load("iris", 3).train_x);
  EXPECT_NE(load("iris", 3).train_x, load("iris", 4).train_x);
}

TEST(Presets, UnknownNameIsAnInputError) { EXPECT_THROW(load("irises"), InputError); }
