// A deterministic mutation driver for compilers without libFuzzer: the same fuzz targets, fed the
// seed corpus and then mutations of it (bit flips, byte changes, insertions of tokens the readers
// care about, deletions, duplications, splices of two seeds) drawn from a fixed-seed generator, so
// two runs of the same length try the same inputs. Accepts libFuzzer's -runs=N and
// -max_total_time=S and corpus directories or files; other -flags are ignored. On a crash the
// input that caused it is in ./crash-standalone (written before each run).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::uint64_t state = 0x9E3779B97F4A7C15ULL;
std::uint64_t next() {  // xorshift64*
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ULL;
}
std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }

const std::vector<std::string> kTokens{",",   "\n",   "\r\n", "\"",   "\0",    "nan",  "inf",  "-1",
                                       "0",   "1e400", "9223372036854775808", "step", "w1_0_0", "=",
                                       "[",   "]",    "\xEF\xBB\xBF", "'shape': (", "\x93NUMPY", "\xff\xff\xff\xff"};

std::string mutate(std::string input, const std::vector<std::string>& corpus) {
  const std::size_t steps = 1 + below(4);
  for (std::size_t s = 0; s < steps; ++s) {
    switch (below(7)) {
      case 0:
        if (!input.empty()) input[below(input.size())] ^= static_cast<char>(1u << below(8));
        break;
      case 1:
        if (!input.empty()) input[below(input.size())] = static_cast<char>(below(256));
        break;
      case 2: {
        const std::string& token = kTokens[below(kTokens.size())];
        input.insert(below(input.size() + 1), token.empty() ? std::string(1, '\0') : token);
        break;
      }
      case 3:
        if (!input.empty()) {
          const std::size_t at = below(input.size());
          input.erase(at, 1 + below(std::min<std::size_t>(16, input.size() - at)));
        }
        break;
      case 4:
        if (!input.empty()) {
          const std::size_t at = below(input.size());
          const std::string chunk = input.substr(at, 1 + below(64));
          input.insert(below(input.size() + 1), chunk);
        }
        break;
      case 5: {
        const std::string& other = corpus[below(corpus.size())];
        input = input.substr(0, below(input.size() + 1)) + other.substr(below(other.size() + 1));
        break;
      }
      default:
        if (!input.empty()) input.resize(below(input.size() + 1));
        break;
    }
  }
  if (input.size() > (1u << 16)) input.resize(1u << 16);
  return input;
}

void run(const std::string& input) {
  {
    std::ofstream out("crash-standalone", std::ios::binary | std::ios::trunc);
    out << input;
  }
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  long long runs = -1;  // as libFuzzer: unlimited unless -runs or -max_total_time bounds it
  double seconds = 0;
  std::vector<std::string> corpus;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("-runs=", 0) == 0) runs = std::atoll(arg.c_str() + 6);
    else if (arg.rfind("-max_total_time=", 0) == 0) seconds = std::atof(arg.c_str() + 16);
    else if (arg.rfind("-", 0) == 0) continue;
    else {
      std::vector<std::filesystem::path> files;
      if (std::filesystem::is_directory(arg)) {
        for (const auto& entry : std::filesystem::directory_iterator(arg))
          if (entry.is_regular_file()) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
      } else {
        files.push_back(arg);
      }
      for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      }
    }
  }
  if (runs < 0 && seconds <= 0) runs = 10000;
  if (corpus.empty()) corpus.emplace_back();
  const auto start = std::chrono::steady_clock::now();
  for (const auto& seed : corpus) run(seed);
  long long done = 0;
  for (; runs < 0 || done < runs; ++done) {
    if (seconds > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= seconds) break;
    run(mutate(corpus[below(corpus.size())], corpus));
  }
  std::filesystem::remove("crash-standalone");
  std::cout << "standalone driver: " << corpus.size() << " seeds, " << done << " mutated inputs, no crash\n";
  return 0;
}
