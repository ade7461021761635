// Interoperability with the standard tools: the concatenated members/frames hoist writes for
// a multipart upload must read back with /bin/gunzip, zcat, Python's gzip module and the
// zstd binary, and files those tools write must read back with hoist's decompressors.
// A missing tool fails the test: silently skipping would hide a broken guarantee.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/compress/codec.h"
#include "tests/compress/test_inputs.h"

namespace hoist::compress {
namespace {

namespace fs = std::filesystem;
using testing::Bytes;

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("hoist-compress-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

void write_file(const fs::path& path, const Bytes& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

Bytes read_file(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Runs a shell command; returns its exit status.
int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Resolves a tool on PATH (or an absolute path); fails the calling test if it is missing.
std::string require_tool(const std::string& name) {
  FILE* p = ::popen(("command -v " + name + " 2>/dev/null").c_str(), "r");
  std::string path;
  if (p != nullptr) {
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p) != nullptr) path += buf;
    ::pclose(p);
  }
  while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
  EXPECT_FALSE(path.empty()) << name << " is not installed; this test needs it";
  return path;
}

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

// What `command <dir/file>` writes to stdout; a non-zero exit fails the calling test.
Bytes tool_output(const TempDir& dir, const std::string& command, const std::string& file) {
  const fs::path out = dir / (file + ".out");
  EXPECT_EQ(run(command + " " + quote(dir / file) + " > " + quote(out)), 0) << command;
  return read_file(out);
}

// Log text, structured binary and random bytes, so parts come out both compressed and
// stored and the stream mixes the two kinds of member/frame.
Bytes mixed_input() {
  Bytes input = testing::log_text(300000);
  for (const Bytes& more : {testing::random_data(200000), testing::structured_binary(150000)}) {
    input.insert(input.end(), more.begin(), more.end());
  }
  return input;
}

Bytes decompress(const Codec& codec, const Bytes& compressed) {
  const auto d = codec.make_decompressor();
  Bytes out;
  std::string error;
  EXPECT_TRUE(d->decompress(compressed, &out, &error)) << error;
  EXPECT_TRUE(d->finish(&error)) << error;
  return out;
}

constexpr std::size_t kPart = 100000;

TEST(SystemTools, GunzipZcatAndPythonReadPartParallelGzip) {
  const std::string gunzip = require_tool("/bin/gunzip");
  const std::string zcat = require_tool("zcat");
  const std::string python = require_tool("python3");
  ASSERT_FALSE(gunzip.empty() || zcat.empty() || python.empty());

  TempDir dir;
  const Bytes input = mixed_input();
  write_file(dir / "parts.gz", testing::compress_in_parts(*Codec::parse("gzip:1"), input, kPart));
  EXPECT_EQ(tool_output(dir, gunzip + " -c", "parts.gz"), input);
  EXPECT_EQ(tool_output(dir, zcat, "parts.gz"), input);
  EXPECT_EQ(tool_output(dir,
                        python + " -c 'import gzip, sys; "
                                 "sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())'",
                        "parts.gz"),
            input);
  // gzip -t also checks every member's CRC32 and length.
  EXPECT_EQ(run(gunzip + " -t " + quote(dir / "parts.gz")), 0);
}

TEST(SystemTools, ZstdReadsPartParallelFrames) {
  const std::string zstd = require_tool("/usr/bin/zstd");
  ASSERT_FALSE(zstd.empty());
  TempDir dir;
  const Bytes input = mixed_input();
  write_file(dir / "parts.zst",
             testing::compress_in_parts(*Codec::parse("zstd:3"), input, kPart));
  EXPECT_EQ(tool_output(dir, zstd + " -q -d -c", "parts.zst"), input);
  EXPECT_EQ(run(zstd + " -q -t " + quote(dir / "parts.zst")), 0);
}

TEST(SystemTools, StreamingOutputReadsBack) {
  const std::string gunzip = require_tool("/bin/gunzip");
  const std::string zstd = require_tool("/usr/bin/zstd");
  ASSERT_FALSE(gunzip.empty() || zstd.empty());
  TempDir dir;
  const Bytes input = testing::log_text(500000);
  for (const char* spec : {"gzip:2", "zstd:1"}) {
    const auto c = Codec::parse(spec)->make_compressor();
    Bytes out;
    std::string error;
    ASSERT_TRUE(c->compress(std::span(input).first(200000), false, &out, &error)) << error;
    ASSERT_TRUE(c->compress(std::span(input).subspan(200000), true, &out, &error)) << error;
    write_file(dir / "stream", out);
    const std::string tool =
        std::string(spec).starts_with("gzip") ? gunzip + " -c" : zstd + " -q -d -c";
    EXPECT_EQ(tool_output(dir, tool, "stream"), input) << spec;
  }
}

// Files written by the tools (gzip stores the file name in the header; both tools are run
// once per file, so the results are multi-member) decode with hoist's decompressors.
TEST(SystemTools, HoistReadsWhatTheToolsWrite) {
  const std::string gzip = require_tool("gzip");
  const std::string zstd = require_tool("/usr/bin/zstd");
  ASSERT_FALSE(gzip.empty() || zstd.empty());
  TempDir dir;
  const Bytes first = testing::log_text(120000);
  const Bytes second = testing::structured_binary(90000);
  write_file(dir / "a", first);
  write_file(dir / "b", second);
  ASSERT_EQ(run(gzip + " -k -9 " + quote(dir / "a") + " " + quote(dir / "b")), 0);
  ASSERT_EQ(run(zstd + " -q -k -19 " + quote(dir / "a") + " " + quote(dir / "b")), 0);
  Bytes expected = first;
  expected.insert(expected.end(), second.begin(), second.end());
  for (const char* ext : {".gz", ".zst"}) {
    Bytes both = read_file(dir / (std::string("a") + ext));
    const Bytes b = read_file(dir / (std::string("b") + ext));
    both.insert(both.end(), b.begin(), b.end());
    const Codec codec = *Codec::parse(std::string(ext) == ".gz" ? "gzip" : "zstd");
    EXPECT_EQ(decompress(codec, both), expected) << ext;
  }
}

}  // namespace
}  // namespace hoist::compress
