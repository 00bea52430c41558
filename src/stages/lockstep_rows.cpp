#include "legcnet/stages/lockstep_rows.hpp"

#include <algorithm>
#include <stdexcept>

namespace legcnet::stages {

LockstepRows::LockstepRows(std::size_t runs, std::size_t capacity, std::size_t columns)
    : runs_(runs), capacity_(capacity), columns_(columns), data_(runs * capacity * columns), stored_(runs, 0) {
  if (runs == 0 || capacity == 0) throw std::invalid_argument("LockstepRows needs at least one run and one row");
}

void LockstepRows::put(std::size_t run, std::size_t row, std::span<const double> values) {
  {
    std::unique_lock lock(mutex_);
    if (row != stored_[run] || values.size() != columns_) throw std::logic_error("LockstepRows::put: rows out of order");
    // Only this thread writes this run's rows, so the copy below needs no lock: the slot is
    // neither readable (row >= stored_) nor still needed (row < released_ + capacity_).
    while (!aborted_ && row >= released_ + capacity_) {
      producer_waiting_ = true;
      released_signal_.wait(lock);
    }
    if (aborted_) throw Aborted();
  }
  std::copy(values.begin(), values.end(), data_.begin() + static_cast<std::ptrdiff_t>((run * capacity_ + row % capacity_) * columns_));
  std::lock_guard lock(mutex_);
  stored_[run] = row + 1;
  // Wake the consumer only when the row it waits for is there in every run (not once per row).
  if (consumer_waiting_ && *std::min_element(stored_.begin(), stored_.end()) >= awaited_) stored_signal_.notify_all();
}

void LockstepRows::wait_for(std::size_t row) {
  std::unique_lock lock(mutex_);
  awaited_ = row + 1;
  while (!aborted_ && *std::min_element(stored_.begin(), stored_.end()) < awaited_) {
    consumer_waiting_ = true;
    stored_signal_.wait(lock);
  }
  consumer_waiting_ = false;
  if (aborted_) throw Aborted();
}

std::span<const double> LockstepRows::row(std::size_t run, std::size_t row) const {
  return std::span<const double>(data_.data() + (run * capacity_ + row % capacity_) * columns_, columns_);
}

void LockstepRows::release_before(std::size_t row) {
  std::lock_guard lock(mutex_);
  if (row <= released_) return;
  released_ = row;
  if (producer_waiting_) {
    producer_waiting_ = false;
    released_signal_.notify_all();
  }
}

void LockstepRows::abort() {
  std::lock_guard lock(mutex_);
  aborted_ = true;
  stored_signal_.notify_all();
  released_signal_.notify_all();
}

}  // namespace legcnet::stages
