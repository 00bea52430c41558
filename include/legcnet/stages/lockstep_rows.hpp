#pragma once
// Rows of several runs that train side by side on their own threads, each row kept only until
// the windows that need it are done: memory is capacity x columns x runs, however long the runs.
// Producers (one per run) store their rows in order and wait when the ring is full; the consumer
// waits for a row of every run, reads, and releases what it no longer needs.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <span>
#include <vector>

namespace legcnet::stages {

class LockstepRows {
 public:
  // Thrown to every waiting thread after abort(): another thread failed.
  struct Aborted : std::exception {
    const char* what() const noexcept override { return "lockstep rows aborted"; }
  };

  LockstepRows(std::size_t runs, std::size_t capacity, std::size_t columns);

  // Run `run`'s thread stores its row `row` (rows 0, 1, 2, ... in order; values.size() == columns),
  // waiting while that would overwrite a row not yet released.
  void put(std::size_t run, std::size_t row, std::span<const double> values);
  // Waits until every run has stored row `row`.
  void wait_for(std::size_t row);
  // Run `run`'s row `row`: valid from wait_for(row) until release_before(r) with r > row.
  std::span<const double> row(std::size_t run, std::size_t row) const;
  // Rows before `row` are no longer needed: producers may overwrite them.
  void release_before(std::size_t row);
  // Wakes every waiting thread with Aborted, now and in every later call.
  void abort();

 private:
  std::size_t runs_, capacity_, columns_;
  std::vector<double> data_;          // run-major: runs x capacity x columns
  std::vector<std::size_t> stored_;   // rows stored, per run
  std::size_t released_ = 0;          // rows before this may be overwritten
  std::size_t awaited_ = 0;           // the consumer waits until every run has stored this many rows
  bool consumer_waiting_ = false, producer_waiting_ = false, aborted_ = false;
  mutable std::mutex mutex_;
  std::condition_variable stored_signal_, released_signal_;
};

}  // namespace legcnet::stages
