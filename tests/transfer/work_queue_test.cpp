// WorkQueue: control tasks first, data tasks only with room (and, unless they stream, a
// buffer), urgent work ahead in order.
#include "engine/transfer/work_queue.h"

#include <gtest/gtest.h>

#include <vector>

#include "engine/transfer/worker.h"

namespace hoist::transfer {
namespace {

// A task that records its label when run (with no worker: the tests never dereference it).
Task labelled(bool data, int label, std::vector<int>* ran) {
  return Task{data, [label, ran](Worker&, io::PoolBuffer) { ran->push_back(label); }};
}

TEST(WorkQueue, DataWaitsForABufferAndControlGoesFirst) {
  WorkQueue queue;
  std::vector<int> ran;
  queue.push(labelled(true, 1, &ran), false);
  queue.push(labelled(false, 2, &ran), false);
  EXPECT_TRUE(queue.has_data());
  EXPECT_TRUE(queue.has_control());

  auto first = queue.pop(/*have_room=*/false, /*have_buffer=*/false);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->needs_buffer);
  EXPECT_FALSE(queue.pop(true, false).has_value()) << "data must wait for a buffer";
  EXPECT_FALSE(queue.pop(false, true).has_value()) << "data must wait for room";
  auto second = queue.pop(true, true);
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->needs_buffer);
  EXPECT_EQ(queue.size(), 0u);
}

TEST(WorkQueue, AStreamedDataTaskWaitsForRoomButNotForABuffer) {
  WorkQueue queue;
  std::vector<int> ran;
  Task streamed = labelled(false, 1, &ran);
  streamed.needs_slot = true;
  queue.push(std::move(streamed), false);
  EXPECT_FALSE(queue.has_control());
  EXPECT_FALSE(queue.has_data());
  EXPECT_TRUE(queue.has_streamed());
  EXPECT_FALSE(queue.pop(/*have_room=*/false, /*have_buffer=*/true).has_value());
  auto task = queue.pop(/*have_room=*/true, /*have_buffer=*/false);
  ASSERT_TRUE(task.has_value());
  EXPECT_TRUE(task->needs_slot);
  EXPECT_EQ(queue.size(), 0u);
}

TEST(WorkQueue, UrgentBatchesGoAheadInTheirOwnOrder) {
  WorkQueue queue;
  std::vector<int> ran;
  queue.push(labelled(true, 10, &ran), false);
  queue.push(labelled(true, 11, &ran), false);
  std::vector<Task> parts;
  for (int i = 1; i <= 3; ++i) parts.push_back(labelled(true, i, &ran));
  queue.push_all(std::move(parts), /*urgent=*/true);
  queue.push(labelled(true, 12, &ran), false);

  // A worker on no thread: the tasks only need a Worker to be called with.
  EngineContext context(EngineSettings{}, ObjectSettings{}, nullptr);
  Worker worker(&context, nullptr);
  while (auto task = queue.pop(true, true)) task->run(worker, {});
  EXPECT_EQ(ran, (std::vector<int>{1, 2, 3, 10, 11, 12}));
}

TEST(WorkQueue, ClearDropsEverything) {
  WorkQueue queue;
  std::vector<int> ran;
  queue.push(labelled(true, 1, &ran), false);
  queue.push(labelled(false, 2, &ran), true);
  queue.clear();
  EXPECT_EQ(queue.size(), 0u);
  EXPECT_FALSE(queue.pop(true, true).has_value());
}

}  // namespace
}  // namespace hoist::transfer
