// Read throughput of one 1 GiB page-cached file: a plain pread loop beside each IoQueue
// (posix, io_uring, io_uring with the pool's buffers registered) at several queue depths and
// buffer sizes. The file is made once under $TMPDIR (or /tmp) and removed at exit.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "io/buffer_pool.h"
#include "io/env.h"

namespace hoist::io {
namespace {

constexpr uint64_t kFileSize = uint64_t{1} << 30;
constexpr size_t kMaxPoolBytes = 256u << 20;

std::string bench_file_path() {
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/hoist-io-bench-" +
         std::to_string(::getpid()) + ".bin";
}

// The 1 GiB file, written on first use (so it is in the page cache) and removed at exit.
const std::string& bench_file() {
  static const std::string path = [] {
    std::string name = bench_file_path();
    int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) std::abort();
    std::vector<char> chunk(8 << 20);
    for (size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<char>(i * 131 + (i >> 12));
    for (uint64_t offset = 0; offset < kFileSize; offset += chunk.size()) {
      if (::pwrite(fd, chunk.data(), chunk.size(), static_cast<off_t>(offset)) !=
          static_cast<ssize_t>(chunk.size())) {
        std::abort();
      }
    }
    ::close(fd);
    std::atexit([] { ::unlink(bench_file_path().c_str()); });
    return name;
  }();
  return path;
}

void read_loop(benchmark::State& state) {
  const auto buffer_size = static_cast<size_t>(state.range(0));
  int fd = ::open(bench_file().c_str(), O_RDONLY | O_CLOEXEC);
  std::vector<char> buffer(buffer_size);
  for (auto _ : state) {
    for (uint64_t offset = 0; offset < kFileSize; offset += buffer_size) {
      if (::pread(fd, buffer.data(), buffer_size, static_cast<off_t>(offset)) <= 0) {
        state.SkipWithError("pread failed");
        break;
      }
    }
    benchmark::DoNotOptimize(buffer.data());
  }
  ::close(fd);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kFileSize));
}

enum class Variant { kPosix, kUring, kUringRegistered };

// Reads the whole file in buffer_size pieces, keeping `depth` requests in flight; each
// completion's buffer goes straight back into a new request, as a pipeline's would once
// the part is sent.
void queue_read(benchmark::State& state, Variant variant) {
  const auto depth = static_cast<unsigned>(state.range(0));
  const auto buffer_size = static_cast<size_t>(state.range(1));
  std::unique_ptr<Env> env;
  if (variant == Variant::kPosix) {
    env = new_posix_env();
  } else if (!new_uring_env(&env).ok()) {
    state.SkipWithError("io_uring unavailable");
    return;
  }
  std::unique_ptr<File> file;
  std::unique_ptr<IoQueue> queue;
  std::unique_ptr<BufferPool> pool;
  if (!env->open_for_read(bench_file(), {}, &file).ok() ||
      !env->new_queue(QueueOptions{depth}, &queue).ok() ||
      !BufferPool::create(buffer_size, depth * buffer_size, &pool).ok()) {
    state.SkipWithError("setup failed");
    return;
  }
  if (variant == Variant::kUringRegistered && !queue->register_buffers(pool->iovecs()).ok()) {
    state.SkipWithError("register_buffers failed");
    return;
  }
  std::vector<PoolBuffer> buffers(depth);
  for (PoolBuffer& b : buffers) pool->try_acquire(&b);
  bool registered = variant == Variant::kUringRegistered;
  std::vector<IoCompletion> done(depth);
  std::vector<IoRequest> again;
  again.reserve(depth);
  for (auto _ : state) {
    uint64_t next = 0;
    auto request_for = [&](const PoolBuffer& b) {
      IoRequest r{IoOp::kRead, file.get(), next, b.data, b.size, registered ? b.index : -1,
                  static_cast<uint64_t>(b.index)};
      next += b.size;
      return r;
    };
    again.clear();
    for (const PoolBuffer& b : buffers) {
      if (next < kFileSize) again.push_back(request_for(b));
    }
    queue->submit(again);
    while (queue->in_flight() > 0) {
      size_t reaped = 0;
      queue->reap(1, done, &reaped);
      again.clear();
      for (size_t i = 0; i < reaped; ++i) {
        if (done[i].result <= 0) state.SkipWithError("read failed");
        if (next < kFileSize) again.push_back(request_for(buffers[done[i].tag]));
      }
      if (!again.empty()) queue->submit(again);
    }
  }
  for (const PoolBuffer& b : buffers) pool->release(b);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kFileSize));
}

const std::vector<int64_t> kBufferSizes = {128 << 10, 1 << 20, 8 << 20};
const std::vector<int64_t> kDepths = {1, 4, 16, 32};

void register_all() {
  for (int64_t size : kBufferSizes) {
    benchmark::RegisterBenchmark("read_loop", read_loop)->Arg(size)->UseRealTime();
  }
  const std::pair<const char*, Variant> variants[] = {
      {"posix", Variant::kPosix},
      {"io_uring", Variant::kUring},
      {"io_uring_fixed", Variant::kUringRegistered},
  };
  for (const auto& [name, variant] : variants) {
    auto* bench = benchmark::RegisterBenchmark(
        name, [variant = variant](benchmark::State& state) { queue_read(state, variant); });
    bench->ArgNames({"depth", "buffer"})->UseRealTime();
    for (int64_t size : kBufferSizes) {
      for (int64_t depth : kDepths) {
        if (static_cast<size_t>(depth * size) <= kMaxPoolBytes) bench->Args({depth, size});
      }
    }
  }
}

const bool registered = (register_all(), true);

}  // namespace
}  // namespace hoist::io
