#pragma once
// The per-weight stages are loops over independent columns: split them over threads. Each column
// is computed by exactly one call of `work`, whose results go to slots owned by that column, so
// the output cannot depend on the number of threads or on scheduling.
#include <cstddef>
#include <functional>

namespace legcnet::stages {

// Resolves a --threads value: 0 means every core.
unsigned resolve_threads(int requested);

// Calls work(worker, column) for column = 0 .. count-1 on `threads` threads (worker in
// 0 .. threads-1 identifies the thread's scratch space). `progress(done)` is called from the
// calling thread every so often. The first exception thrown by `work` is rethrown.
void parallel_for_columns(std::size_t count, unsigned threads,
                          const std::function<void(unsigned worker, std::size_t column)>& work,
                          const std::function<void(std::size_t done)>& progress = {});

}  // namespace legcnet::stages
