// hoist hash prints what S3 would report. Single-request values are S3's published check
// values; multipart values are recomputed here by Python's hashlib and zlib, independently of
// hoist's own kernels.
#include <gtest/gtest.h>

#include "tests/integration/hoist_cli.h"
#include "tests/support/temp_directory.h"

namespace hoist::test {
namespace {

TEST(CliHashTest, SingleRequestValuesMatchCheckValues) {
  TempDirectory dir;
  const std::string file = dir.write_file("check.txt", "123456789");
  struct Case {
    const char* algorithm;
    const char* value;
  };
  for (const Case& c : {Case{"CRC64NVME", "rosUhgp5mIg="}, Case{"CRC32C", "4waSgw=="},
                        Case{"CRC32", "y/Q5Jg=="}, Case{"SHA1", "98O8HYCOBHMq32eZZczDTKeuNEE="},
                        Case{"SHA256", "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU="}}) {
    CliResult r = run_hoist({"hash", "--algorithm", c.algorithm, file});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, std::string(c.algorithm) + " " + c.value + "  " + file + "\n");
  }
}

TEST(CliHashTest, MultipartValuesMatchAnIndependentComputation) {
  TempDirectory dir;
  std::string data(13 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 2654435761u) >> 13);
  const std::string file = dir.write_file("big.bin", data);

  CliResult hoist =
      run_hoist({"--output", "json", "hash", "--algorithm", "CRC32", "--part-size", "5MiB", file});
  ASSERT_EQ(hoist.exit_code, 0) << hoist.err;

  const std::string script =
      "import base64, hashlib, json, struct, sys, zlib\n"
      "d = open(sys.argv[1], 'rb').read(); p = 5 << 20\n"
      "parts = [d[i:i + p] for i in range(0, len(d), p)]\n"
      "n = len(parts)\n"
      "crc = lambda b: struct.pack('>I', zlib.crc32(b))\n"
      "print(json.dumps({'full_object': base64.b64encode(crc(d)).decode(),\n"
      "  'composite': base64.b64encode(crc(b''.join(crc(x) for x in parts))).decode() + '-%d' % "
      "n,\n"
      "  'etag': hashlib.md5(b''.join(hashlib.md5(x).digest() for x in parts)).hexdigest() + '-%d' "
      "% n,\n"
      "  'parts': n}))\n";
  CliResult python = run_program("/usr/bin/python3", {"-c", script, file});
  ASSERT_EQ(python.exit_code, 0) << python.err;

  auto field = [](const std::string& json, const std::string& name) {
    auto at = json.find("\"" + name + "\": ");
    if (at == std::string::npos) return std::string("<missing>");
    at += name.size() + 4;
    auto end = json.find_first_of(",}\n", at);
    std::string value = json.substr(at, end - at);
    if (!value.empty() && value.front() == '"') value = value.substr(1, value.size() - 2);
    return value;
  };
  for (const char* name : {"full_object", "composite", "etag", "parts"}) {
    EXPECT_EQ(field(hoist.out, name), field(python.out, name)) << name << "\n"
                                                               << hoist.out << python.out;
  }
}

TEST(CliHashTest, RefusesPartSizesS3Refuses) {
  TempDirectory dir;
  const std::string file = dir.write_file("f", "x");
  CliResult small = run_hoist({"hash", "--part-size", "1MiB", file});
  EXPECT_EQ(small.exit_code, 252);
  EXPECT_NE(small.err.find("5 MiB"), std::string::npos) << small.err;
  CliResult bad = run_hoist({"hash", "--part-size", "lots", file});
  EXPECT_EQ(bad.exit_code, 252);
  CliResult missing = run_hoist({"hash", dir.path() + "/none"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err,
            "hoist: hash: " + dir.path() + "/none: NoSuchFile: No such file or directory\n");
}

}  // namespace
}  // namespace hoist::test
