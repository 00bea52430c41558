#pragma once
// Private to src/io: the random part of the names of temporaries and commit journals (as
// mkstemp's XXXXXX), drawn from the system's entropy so that concurrent runs do not collide.
#include <random>
#include <string>

namespace legcnet::io {

inline std::string random_letters(int count) {
  static constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device random;
  std::string letters;
  for (int i = 0; i < count; ++i) letters += kLetters[random() % (sizeof kLetters - 1)];
  return letters;
}

}  // namespace legcnet::io
