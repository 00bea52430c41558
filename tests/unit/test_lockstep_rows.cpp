// The chain's row ring: every window sees the rows the producers stored (none overwritten before
// it was released), and abort() frees a blocked producer or consumer.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "legcnet/dynamics/windows.hpp"
#include "legcnet/stages/lockstep_rows.hpp"

using legcnet::stages::LockstepRows;

TEST(LockstepRows, WindowsSeeEveryRunsRowsUnchanged) {
  const std::size_t rows = 2000, window = 50, hop = 45, columns = 3;
  LockstepRows ring(2, window + hop, columns);
  auto produce = [&](std::size_t run) {
    std::vector<double> values(columns);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < columns; ++c) values[c] = static_cast<double>(run * 1000000 + r * 10 + c);
      ring.put(run, r, values);
    }
  };
  std::thread first(produce, 0), second(produce, 1);
  const auto windows = legcnet::dynamics::window_ranges(rows, window, 0.1);
  std::size_t checked = 0;
  for (std::size_t w = 0; w < windows.size(); ++w) {
    ring.wait_for(windows[w].end_row);
    if (w % 7 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // let the producers run ahead
    for (std::size_t r = windows[w].start_row; r <= windows[w].end_row; ++r)
      for (std::size_t run = 0; run < 2; ++run)
        for (std::size_t c = 0; c < columns; ++c) checked += ring.row(run, r)[c] == static_cast<double>(run * 1000000 + r * 10 + c);
    ring.release_before(w + 1 < windows.size() ? windows[w + 1].start_row : rows);
  }
  first.join();
  second.join();
  EXPECT_EQ(checked, windows.size() * window * 2 * columns);
}

TEST(LockstepRows, AbortFreesABlockedProducer) {
  LockstepRows ring(1, 4, 1);
  std::atomic<bool> aborted{false};
  std::thread producer([&] {
    try {
      for (std::size_t r = 0; r < 100; ++r) ring.put(0, r, std::vector<double>{1.0});  // blocks at row 4
    } catch (const LockstepRows::Aborted&) {
      aborted = true;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ring.abort();
  producer.join();
  EXPECT_TRUE(aborted);
}

TEST(LockstepRows, AbortFreesAWaitingConsumer) {
  LockstepRows ring(2, 4, 1);
  ring.put(0, 0, std::vector<double>{1.0});  // run 1 never stores anything
  std::thread failing_run([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ring.abort();
  });
  EXPECT_THROW(ring.wait_for(0), LockstepRows::Aborted);
  failing_run.join();
  EXPECT_THROW(ring.put(0, 1, std::vector<double>{1.0}), LockstepRows::Aborted);
}
