// Shard arithmetic: the blocks tile the weights, are a pure function of (k, n, W), and bad
// --shard values are refused.
#include <gtest/gtest.h>

#include "legcnet/error.hpp"
#include "legcnet/stages/shard.hpp"

using namespace legcnet;
using stages::Shard;
using stages::shard_range;

TEST(ShardRange, BlocksTileTheWeightsAndDifferByAtMostOne) {
  for (std::size_t total : {1u, 2u, 7u, 42u, 100u, 41000u})
    for (std::size_t count = 1; count <= std::min<std::size_t>(total, 17); ++count) {
      std::size_t next = 0, smallest = total, largest = 0;
      for (std::size_t k = 0; k < count; ++k) {
        const auto range = shard_range(Shard{k, count}, total);
        EXPECT_EQ(range.first, next) << k << "/" << count << " of " << total;
        // The closed form floor(k W / n), computed here in the obvious way (no overflow at these sizes).
        EXPECT_EQ(range.first, k * total / count);
        next += range.size;
        smallest = std::min(smallest, range.size);
        largest = std::max(largest, range.size);
      }
      EXPECT_EQ(next, total);
      EXPECT_LE(largest - smallest, 1u);
      EXPECT_GE(smallest, 1u);
    }
}

TEST(ShardRange, LargeCountsDoNotOverflow) {
  // k W would overflow 64 bits here; the block bounds must still be floor(k W / n).
  const std::size_t total = std::size_t{1} << 62, count = 1000;
  const auto last = shard_range(Shard{count - 1, count}, total);
  EXPECT_EQ(last.first + last.size, total);
  const auto middle = shard_range(Shard{500, count}, total);
  EXPECT_EQ(middle.first, total / 2);
}

TEST(ShardRange, NoShardIsEverything) {
  const auto range = shard_range(Shard{}, 42);
  EXPECT_EQ(range.first, 0u);
  EXPECT_EQ(range.size, 42u);
}

TEST(ShardRange, RefusesMoreShardsThanWeights) { EXPECT_THROW(shard_range(Shard{0, 43}, 42), InputError); }

TEST(ParseShard, ReadsKOfNAndRefusesTheRest) {
  const Shard shard = stages::parse_shard("2/4");
  EXPECT_EQ(shard.index, 2u);
  EXPECT_EQ(shard.count, 4u);
  EXPECT_FALSE(stages::parse_shard("").active());
  for (const char* bad : {"4/4", "1/0", "-1/4", "1", "a/b", "1/4/2", "1 /4", "/4", "1/"})
    EXPECT_THROW(stages::parse_shard(bad), InputError) << bad;
}
