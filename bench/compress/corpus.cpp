#include "bench/compress/corpus.h"

#include <cstdio>
#include <random>
#include <string>

namespace hoist::bench {
namespace {

using Rng = std::mt19937_64;

unsigned below(Rng& rng, unsigned n) { return static_cast<unsigned>(rng() % n); }

void append_text(std::vector<std::uint8_t>* out, const std::string& s) {
  out->insert(out->end(), s.begin(), s.end());
}

void append_logs(Rng& rng, std::size_t bytes, std::vector<std::uint8_t>* out) {
  static const char* const kLevels[] = {"INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR"};
  static const char* const kPaths[] = {"/api/v1/objects", "/api/v1/buckets", "/healthz",
                                       "/api/v2/upload", "/static/app.js"};
  const std::size_t end = out->size() + bytes;
  while (out->size() < end) {
    const unsigned minute = below(rng, 60);
    const unsigned second = below(rng, 60);
    const unsigned micros = below(rng, 1000000);
    const char* level = kLevels[below(rng, 6)];
    const unsigned request = static_cast<unsigned>(rng());
    const char* path = kPaths[below(rng, 5)];
    const unsigned status = below(rng, 10) == 0 ? 404 : 200;
    const unsigned latency = below(rng, 2000);
    char line[256];
    std::snprintf(line, sizeof line,
                  "2024-06-13T09:%02u:%02u.%06uZ %-5s [worker-%u] req=%08x %s status=%u "
                  "latency_us=%u bytes=%u\n",
                  minute, second, micros, level, request % 16, request, path, status, latency,
                  request >> 12);
    append_text(out, line);
  }
  out->resize(end);
}

void append_json(Rng& rng, std::size_t bytes, std::vector<std::uint8_t>* out) {
  static const char* const kNames[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
  const std::size_t end = out->size() + bytes;
  while (out->size() < end) {
    const unsigned id = static_cast<unsigned>(rng() % 1000000);
    const char* name = kNames[below(rng, 6)];
    const unsigned size = static_cast<unsigned>(rng() % 100000000);
    const unsigned tags = below(rng, 5);
    const double score = static_cast<double>(rng() % 10000) / 100.0;
    char doc[320];
    std::snprintf(doc, sizeof doc,
                  "{\"id\":%u,\"name\":\"%s-%u\",\"size\":%u,\"score\":%.2f,\"tags\":[%s],"
                  "\"owner\":{\"team\":\"storage\",\"region\":\"eu-west-1\"},\"active\":%s}\n",
                  id, name, id % 97, size, score,
                  tags == 0 ? "" : tags == 1 ? "\"hot\"" : "\"cold\",\"archive\"",
                  id % 2 == 0 ? "true" : "false");
    append_text(out, doc);
  }
  out->resize(end);
}

void append_records(Rng& rng, std::size_t bytes, std::vector<std::uint8_t>* out) {
  const std::size_t end = out->size() + bytes;
  std::uint64_t timestamp = 1718269200000;
  while (out->size() < end) {
    timestamp += rng() % 1000;
    const std::uint64_t fields[] = {timestamp, 0x10000 + rng() % 64, rng() % 4096, 0};
    for (std::uint64_t f : fields) {
      for (int i = 0; i < 8; ++i) out->push_back(static_cast<std::uint8_t>(f >> (8 * i)));
    }
  }
  out->resize(end);
}

void append_random(Rng& rng, std::size_t bytes, std::vector<std::uint8_t>* out) {
  for (std::size_t i = 0; i < bytes; ++i) out->push_back(static_cast<std::uint8_t>(rng()));
}

}  // namespace

std::vector<std::uint8_t> mixed_corpus(std::size_t size) {
  Rng rng(2024);
  std::vector<std::uint8_t> out;
  out.reserve(size + (64 << 10));
  while (out.size() < size) {
    append_logs(rng, 24 << 10, &out);
    append_json(rng, 20 << 10, &out);
    append_records(rng, 12 << 10, &out);
    append_random(rng, 8 << 10, &out);
  }
  out.resize(size);
  return out;
}

std::vector<std::uint8_t> random_corpus(std::size_t size) {
  Rng rng(7);
  std::vector<std::uint8_t> out;
  out.reserve(size);
  append_random(rng, size, &out);
  return out;
}

}  // namespace hoist::bench
