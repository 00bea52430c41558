#pragma once
// A random stream whose numbers are the same on every platform and standard library
// (std::normal_distribution and std::shuffle are not), so a run is a pure function of its seed.
// xoshiro256** seeded through SplitMix64; independent purposes get independent named streams.
#include <cstdint>
#include <span>
#include <string_view>

namespace legcnet {

class RandomStream {
 public:
  // `purpose` ("init", "order", "split", ...) separates streams drawn from one seed.
  RandomStream(std::uint64_t seed, std::string_view purpose);

  std::uint64_t next();
  double uniform();                            // [0, 1), 53 random bits
  std::uint64_t below(std::uint64_t bound);    // uniform on 0..bound-1, unbiased
  double normal();                             // N(0, 1) by the Marsaglia polar method

  template <typename T>
  void shuffle(std::span<T> items) {  // Fisher-Yates
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(below(i));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::uint64_t state_[4];
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace legcnet
