// Every IoQueue implementation through the same tests: reads and writes at many offsets and
// sizes, many requests in flight, short reads only at end of file, errors as errno.
#include "io/io_queue.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "io/buffer_pool.h"
#include "io/env.h"
#include "tests/io/env_test_params.h"
#include "tests/io/io_test.h"

namespace hoist::io {
namespace {

constexpr size_t kFileSize = 1024 * 1024 + 12345;

// A buffer with the alignment O_DIRECT needs.
struct AlignedBuffer {
  explicit AlignedBuffer(size_t size)
      : data(static_cast<char*>(std::aligned_alloc(kDirectAlignment, round_up(size)))),
        size(size) {}
  ~AlignedBuffer() { std::free(data); }
  static size_t round_up(size_t n) {
    return (n + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
  }
  char* data;
  size_t size;
};

class IoQueueTest : public EnvParamTest {
 protected:
  std::unique_ptr<IoQueue> queue(unsigned depth) {
    std::unique_ptr<IoQueue> out;
    EXPECT_TRUE(is_ok(env->new_queue(QueueOptions{depth}, &out)));
    return out;
  }

  std::unique_ptr<File> open_read(const std::string& file, OpenOptions options = {}) {
    std::unique_ptr<File> out;
    EXPECT_TRUE(is_ok(env->open_for_read(file, options, &out)));
    return out;
  }

  std::string pattern_file(size_t size) {
    return dir.write_file("pattern.bin", pattern(0, size));
  }

  // Submits every request in order, keeping the queue full, and returns completions by tag.
  static std::map<uint64_t, IoCompletion> run_all(IoQueue& q, const std::vector<IoRequest>& all) {
    std::map<uint64_t, IoCompletion> done;
    size_t next = 0;
    std::vector<IoCompletion> out(q.depth());
    while (done.size() < all.size()) {
      size_t room = q.depth() - q.in_flight();
      size_t batch = std::min(room, all.size() - next);
      if (batch > 0) {
        EXPECT_TRUE(is_ok(q.submit(std::span(all).subspan(next, batch))));
        next += batch;
      }
      size_t reaped = 0;
      EXPECT_TRUE(is_ok(q.reap(1, out, &reaped)));
      EXPECT_GE(reaped, 1u);
      if (reaped == 0) break;
      for (size_t i = 0; i < reaped; ++i) {
        EXPECT_EQ(done.count(out[i].tag), 0u) << "tag completed twice: " << out[i].tag;
        done[out[i].tag] = out[i];
      }
    }
    EXPECT_EQ(q.in_flight(), 0u);
    return done;
  }
};

TEST_P(IoQueueTest, ReadsAtManyOffsetsAndSizes) {
  auto file = open_read(pattern_file(kFileSize));
  ASSERT_TRUE(file);
  const std::vector<uint64_t> offsets = {0, 1, 511, 4095, 4096, 65537, 500000, kFileSize - 70000};
  const std::vector<size_t> sizes = {1, 100, 4096, 65536, 65537, 70000};
  std::vector<std::string> buffers;
  std::vector<IoRequest> requests;
  buffers.reserve(offsets.size() * sizes.size());  // requests point into these strings
  for (uint64_t offset : offsets) {
    for (size_t size : sizes) {
      std::string& b = buffers.emplace_back(size, '#');
      requests.push_back(IoRequest{IoOp::kRead, file.get(), offset, b.data(), size, -1,
                                   requests.size()});
    }
  }
  auto q = queue(8);
  ASSERT_TRUE(q);
  auto done = run_all(*q, requests);
  ASSERT_EQ(done.size(), requests.size());
  for (const IoRequest& r : requests) {
    const IoCompletion& c = done[r.tag];
    ASSERT_EQ(c.result, static_cast<int64_t>(r.length)) << "offset " << r.offset;
    EXPECT_TRUE(buffers[r.tag] == pattern(r.offset, r.length)) << "offset " << r.offset;
  }
}

TEST_P(IoQueueTest, ManyInFlightAtOnce) {
  constexpr unsigned kDepth = 64;
  constexpr size_t kChunk = 16 * 1024;
  auto file = open_read(pattern_file(kDepth * kChunk));
  ASSERT_TRUE(file);
  auto q = queue(kDepth);
  ASSERT_TRUE(q);
  std::string buffer(kDepth * kChunk, '#');
  std::vector<IoRequest> requests;
  for (unsigned i = 0; i < kDepth; ++i) {
    // Reverse order of offsets, tags that are not indices: nothing may rely on either.
    uint64_t offset = (kDepth - 1 - i) * kChunk;
    requests.push_back(IoRequest{IoOp::kRead, file.get(), offset, buffer.data() + offset,
                                 kChunk, -1, 1000 + offset});
  }
  ASSERT_TRUE(is_ok(q->submit(requests)));
  EXPECT_EQ(q->in_flight(), kDepth);
  std::vector<IoCompletion> out(kDepth);
  size_t reaped = 0;
  ASSERT_TRUE(is_ok(q->reap(kDepth, out, &reaped)));
  ASSERT_EQ(reaped, kDepth);
  EXPECT_EQ(q->in_flight(), 0u);
  std::set<uint64_t> tags;
  for (const IoCompletion& c : out) {
    EXPECT_EQ(c.result, static_cast<int64_t>(kChunk));
    tags.insert(c.tag);
  }
  EXPECT_EQ(tags.size(), kDepth);
  EXPECT_TRUE(buffer == pattern(0, buffer.size()));
}

TEST_P(IoQueueTest, ShortReadsOnlyAtEndOfFile) {
  auto file = open_read(pattern_file(10000));
  ASSERT_TRUE(file);
  auto q = queue(4);
  ASSERT_TRUE(q);
  std::string a(4096, '#'), b(4096, '#'), c(4096, '#'), d(0, '#');
  std::vector<IoRequest> requests = {
      {IoOp::kRead, file.get(), 8192, a.data(), a.size(), -1, 0},   // 1808 bytes left
      {IoOp::kRead, file.get(), 10000, b.data(), b.size(), -1, 1},  // at end of file
      {IoOp::kRead, file.get(), 1 << 30, c.data(), c.size(), -1, 2},  // far past it
      {IoOp::kRead, file.get(), 0, d.data(), 0, -1, 3},               // nothing asked
  };
  auto done = run_all(*q, requests);
  EXPECT_EQ(done[0].result, 1808);
  EXPECT_TRUE(a.substr(0, 1808) == pattern(8192, 1808));
  EXPECT_EQ(a[1808], '#');
  EXPECT_EQ(done[1].result, 0);
  EXPECT_EQ(done[2].result, 0);
  EXPECT_EQ(done[3].result, 0);
}

TEST_P(IoQueueTest, WritesLandAtTheirOffsets) {
  std::unique_ptr<File> file;
  ASSERT_TRUE(is_ok(env->open_for_write(path("out.bin"), {}, &file)));
  constexpr size_t kChunk = 70000;  // not a multiple of any page size
  constexpr unsigned kChunks = 40;
  std::string data = pattern(0, kChunk * kChunks);
  std::vector<IoRequest> requests;
  for (unsigned i = 0; i < kChunks; ++i) {
    uint64_t offset = (i * 7 % kChunks) * kChunk;  // a scattered order
    requests.push_back(IoRequest{IoOp::kWrite, file.get(), offset, data.data() + offset, kChunk,
                                 -1, offset});
  }
  auto q = queue(16);
  ASSERT_TRUE(q);
  auto done = run_all(*q, requests);
  for (const auto& [tag, completion] : done) {
    EXPECT_EQ(completion.result, static_cast<int64_t>(kChunk)) << "offset " << tag;
  }
  ASSERT_TRUE(is_ok(env->sync(*file)));
  EXPECT_TRUE(contents(path("out.bin")) == data);
}

TEST_P(IoQueueTest, RegisteredBuffersReadAndWrite) {
  auto file = open_read(pattern_file(3 * 8192));
  ASSERT_TRUE(file);
  std::unique_ptr<File> copy;
  ASSERT_TRUE(is_ok(env->open_for_write(path("copy.bin"), {}, &copy)));
  AlignedBuffer first(8192), second(2 * 8192);
  auto q = queue(2);
  ASSERT_TRUE(q);
  iovec buffers[] = {{first.data, first.size}, {second.data, second.size}};
  ASSERT_TRUE(is_ok(q->register_buffers(buffers)));
  // The same two buffers, by index, first filled from `file`, then written to `copy`.
  for (auto [op, target] : {std::pair{IoOp::kRead, file.get()}, {IoOp::kWrite, copy.get()}}) {
    auto done = run_all(*q, {{op, target, 0, first.data, first.size, 0, 1},
                             {op, target, 8192, second.data, second.size, 1, 2}});
    EXPECT_EQ(done[1].result, 8192);
    EXPECT_EQ(done[2].result, 2 * 8192);
  }
  EXPECT_TRUE(contents(path("copy.bin")) == pattern(0, 3 * 8192));
}

TEST_P(IoQueueTest, PoolBuffersRegisteredWithTheQueue) {
  constexpr size_t kBuffer = 64 * 1024;
  std::unique_ptr<BufferPool> pool;
  ASSERT_TRUE(is_ok(BufferPool::create(kBuffer, 4 * kBuffer, &pool)));
  auto file = open_read(pattern_file(4 * kBuffer - 5));
  ASSERT_TRUE(file);
  auto q = queue(4);
  ASSERT_TRUE(q);
  ASSERT_TRUE(is_ok(q->register_buffers(pool->iovecs())));
  std::vector<PoolBuffer> held(4);
  std::vector<IoRequest> reads;
  for (PoolBuffer& b : held) {
    ASSERT_TRUE(pool->try_acquire(&b));
    uint64_t offset = reads.size() * kBuffer;
    reads.push_back({IoOp::kRead, file.get(), offset, b.data, b.size, b.index, offset});
  }
  auto done = run_all(*q, reads);
  for (const PoolBuffer& b : held) {
    uint64_t offset = static_cast<uint64_t>(&b - held.data()) * kBuffer;
    size_t expected = offset + kBuffer > 4 * kBuffer - 5 ? kBuffer - 5 : kBuffer;
    EXPECT_EQ(done[offset].result, static_cast<int64_t>(expected));
    EXPECT_TRUE(std::string(b.data, expected) == pattern(offset, expected));
    pool->release(b);
  }
}

TEST_P(IoQueueTest, DirectReadsWhereTheFileSystemAllowsThem) {
  auto file = open_read(pattern_file(3 * kDirectAlignment + 100), OpenOptions{.direct = true});
  ASSERT_TRUE(file);
  AlignedBuffer buffer(4 * kDirectAlignment);
  auto q = queue(1);
  ASSERT_TRUE(q);
  auto done = run_all(*q, {{IoOp::kRead, file.get(), 0, buffer.data, buffer.size, -1, 7}});
  ASSERT_EQ(done[7].result, static_cast<int64_t>(3 * kDirectAlignment + 100));
  EXPECT_TRUE(std::string(buffer.data, 3 * kDirectAlignment + 100) ==
              pattern(0, 3 * kDirectAlignment + 100));
}

TEST_P(IoQueueTest, FailuresCompleteWithTheirErrno) {
  auto readable = open_read(pattern_file(100));
  ASSERT_TRUE(readable);
  std::unique_ptr<File> writable;
  ASSERT_TRUE(is_ok(env->open_for_write(path("w.bin"), {}, &writable)));
  char buffer[100];
  auto q = queue(2);
  ASSERT_TRUE(q);
  auto done = run_all(*q, {{IoOp::kWrite, readable.get(), 0, buffer, 100, -1, 1},
                           {IoOp::kRead, writable.get(), 0, buffer, 100, -1, 2}});
  EXPECT_FALSE(done[1].ok());
  EXPECT_EQ(done[1].error(), EBADF);
  EXPECT_EQ(done[2].error(), EBADF);
}

TEST_P(IoQueueTest, SubmittingPastTheDepthIsRefusedWhole) {
  auto file = open_read(pattern_file(100));
  ASSERT_TRUE(file);
  auto q = queue(2);
  ASSERT_TRUE(q);
  char buffer[3][10];
  std::vector<IoRequest> three;
  for (int i = 0; i < 3; ++i) three.push_back({IoOp::kRead, file.get(), 0, buffer[i], 10, -1, 0});
  EXPECT_EQ(q->submit(three).error, EBUSY);
  EXPECT_EQ(q->in_flight(), 0u);
  ASSERT_TRUE(is_ok(q->submit(std::span(three).first(2))));
  EXPECT_EQ(q->submit(std::span(three).first(1)).error, EBUSY);
  std::vector<IoCompletion> out(2);
  size_t reaped = 0;
  ASSERT_TRUE(is_ok(q->reap(2, out, &reaped)));
  EXPECT_EQ(reaped, 2u);
}

TEST_P(IoQueueTest, ReapWithoutMinimumDoesNotWait) {
  auto q = queue(2);
  ASSERT_TRUE(q);
  std::vector<IoCompletion> out(2);
  size_t reaped = 99;
  ASSERT_TRUE(is_ok(q->reap(0, out, &reaped)));
  EXPECT_EQ(reaped, 0u);
}

TEST_P(IoQueueTest, EnvFileOperations) {
  std::unique_ptr<File> file;
  EXPECT_EQ(env->open_for_read(dir.path(), {}, &file).error, EISDIR);
  Status missing = env->open_for_read(path("missing"), {}, &file);
  EXPECT_EQ(missing.error, ENOENT);
  EXPECT_EQ(missing.message, "open " + path("missing") + ": No such file or directory");
  EXPECT_FALSE(file);

  std::string name = pattern_file(10);
  EXPECT_EQ(env->open_for_write(name, OpenOptions{.exclusive = true}, &file).error, EEXIST);
  ASSERT_TRUE(is_ok(env->rename(name, path("renamed"))));
  FileStat stat;
  ASSERT_TRUE(is_ok(env->stat(path("renamed"), &stat)));
  EXPECT_EQ(stat.size, 10u);
  EXPECT_TRUE(stat.is_regular);
  ASSERT_TRUE(is_ok(env->unlink(path("renamed"))));
  EXPECT_EQ(env->stat(path("renamed"), &stat).error, ENOENT);
  EXPECT_EQ(env->unlink(path("renamed")).error, ENOENT);

  int fd = -1;
  ASSERT_TRUE(is_ok(env->open_directory(dir.path(), &fd)));
  ::close(fd);
  EXPECT_EQ(env->open_directory(path("missing"), &fd).error, ENOENT);
}

INSTANTIATE_TEST_SUITE_P(AllEnvs, IoQueueTest, ::testing::ValuesIn(all_env_factories()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace hoist::io
