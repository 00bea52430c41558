#include "legcnet/stages/parallel.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "legcnet/error.hpp"

namespace legcnet::stages {

unsigned resolve_threads(int requested) {
  if (requested < 0) throw InputError("--threads must be 0 (every core) or positive");
  if (requested > 1024) throw InputError("--threads must be at most 1024, not " + std::to_string(requested));
  if (requested > 0) return static_cast<unsigned>(requested);
  return std::max(1u, std::thread::hardware_concurrency());
}

void parallel_for_columns(std::size_t count, unsigned threads,
                          const std::function<void(unsigned, std::size_t)>& work,
                          const std::function<void(std::size_t)>& progress) {
  std::atomic<std::size_t> next{0}, done{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&](unsigned worker) {
    for (;;) {
      const std::size_t column = next.fetch_add(1);
      if (column >= count) return;
      try {
        work(worker, column);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;  // stop handing out work
        return;
      }
      const std::size_t finished = done.fetch_add(1) + 1;
      if (worker == 0 && progress) progress(finished);  // the meter itself limits how often it logs
    }
  };
  threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, count)));
  std::vector<std::thread> pool;
  for (unsigned worker = 1; worker < threads; ++worker) pool.emplace_back(run, worker);
  run(0);  // the calling thread works too, and reports progress
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
  if (progress) progress(done.load());
}

}  // namespace legcnet::stages
