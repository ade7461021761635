// The metadata hoist writes (mtime, mode) must read back exactly and read what rclone writes;
// every new object gets its Content-Type (given or guessed) and the object options.
#include "engine/transfer/upload_headers.h"

#include <gtest/gtest.h>

#include "engine/transfer/content_type.h"
#include "engine/transfer/file_mode.h"
#include "engine/transfer/storage_class_header.h"

namespace hoist::transfer {
namespace {

TEST(MtimeMetadata, FormatsSecondsWithNineDigitsOfNanoseconds) {
  EXPECT_EQ(format_mtime(981173106'123456789), "981173106.123456789");
  EXPECT_EQ(format_mtime(0), "0.000000000");
  EXPECT_EQ(format_mtime(1'500'000'000), "1.500000000");
}

TEST(MtimeMetadata, TimesBeforeTheEpochRoundTrip) {
  EXPECT_EQ(format_mtime(-1), "-0.000000001");
  for (int64_t ns : {int64_t{-1}, int64_t{-1'000'000'000}, int64_t{-1'500'000'001}}) {
    auto parsed = parse_mtime(format_mtime(ns));
    ASSERT_TRUE(parsed.has_value()) << format_mtime(ns);
    EXPECT_EQ(*parsed, ns) << format_mtime(ns);
  }
}

TEST(MtimeMetadata, ReadsShorterFractionsAsRcloneMayWriteThem) {
  EXPECT_EQ(parse_mtime("1700000000"), 1'700'000'000'000'000'000);
  EXPECT_EQ(parse_mtime("1700000000.5"), 1'700'000'000'500'000'000);
  EXPECT_EQ(parse_mtime("1700000000.123456789"), 1'700'000'000'123'456'789);
}

TEST(MtimeMetadata, RefusesWhatIsNotATime) {
  for (const char* text : {"", ".", "1.", ".5", "abc", "1.2.3", "1e9", "12345678901234",
                           "1.1234567890", "1.-5", " 1"}) {
    EXPECT_FALSE(parse_mtime(text).has_value()) << "'" << text << "'";
  }
}

TEST(ObjectHeaders, CarryContentTypeAndMtime) {
  io::FileStat stat;
  stat.mtime_ns = 42'000000007;
  const ObjectOptions options;
  http::Headers headers = object_headers("", options, "", stat);
  EXPECT_EQ(http::find_header(headers, "content-type"), "application/octet-stream");
  EXPECT_EQ(http::find_header(headers, "x-amz-meta-mtime"), "42.000000007");
  EXPECT_FALSE(http::find_header(headers, "x-amz-meta-mode").has_value());  // not a file's stat
  EXPECT_EQ(http::find_header(object_headers("text/plain", options, "", stat), "Content-Type"),
            "text/plain");
}

TEST(ObjectHeaders, GuessContentTypeUnlessToldOrTurnedOff) {
  io::FileStat stat;
  ObjectOptions options;
  EXPECT_EQ(http::find_header(object_headers("", options, "/d/page.HTML", stat), "Content-Type"),
            "text/html");
  EXPECT_EQ(http::find_header(object_headers("", options, "/d/x.unknownext", stat), "Content-Type"),
            "application/octet-stream");
  EXPECT_EQ(http::find_header(object_headers("a/b", options, "/d/page.html", stat), "Content-Type"),
            "a/b");
  options.guess_content_type = false;
  EXPECT_EQ(http::find_header(object_headers("", options, "/d/page.html", stat), "Content-Type"),
            "application/octet-stream");
}

TEST(ObjectHeaders, RecordAFilesModeAndAddTheObjectOptions) {
  io::FileStat stat;
  stat.mode = S_IFREG | 0640;
  ObjectOptions options;
  options.create_headers = {{"x-amz-acl", "private"}, {"x-amz-meta-team", "ops"}};
  options.customer_key = {{"x-amz-server-side-encryption-customer-algorithm", "AES256"}};
  http::Headers headers = object_headers("", options, "f", stat);
  EXPECT_EQ(http::find_header(headers, "x-amz-meta-mode"), "0100640");
  EXPECT_EQ(http::find_header(headers, "x-amz-acl"), "private");
  EXPECT_EQ(http::find_header(headers, "x-amz-meta-team"), "ops");
  EXPECT_EQ(http::find_header(headers, "x-amz-server-side-encryption-customer-algorithm"),
            "AES256");
}

TEST(ModeMetadata, WritesRclonesFormat) {
  EXPECT_EQ(format_mode(S_IFREG | 0644), "0100644");
  EXPECT_EQ(format_mode(0600), "0100600");
  EXPECT_EQ(format_mode(S_IFREG | 04755), "0104755");
}

TEST(ModeMetadata, ReadsOnlyPermissionBits) {
  EXPECT_EQ(parse_mode("0100644"), 0644u);
  EXPECT_EQ(parse_mode("100600"), 0600u);
  EXPECT_EQ(parse_mode("644"), 0644u);
  EXPECT_EQ(parse_mode("0755"), 0755u);
  // setuid, setgid and sticky never come from metadata.
  EXPECT_EQ(parse_mode("0104755"), 0755u);
  EXPECT_EQ(parse_mode("07777"), 0777u);
}

TEST(ModeMetadata, RefusesWhatIsNotARegularFilesMode) {
  for (const char* text :
       {"", "abc", "0o644", "0x1a4", "-644", "09", "040755", "0120777", "01000644", "0644 "}) {
    EXPECT_FALSE(parse_mode(text).has_value()) << "'" << text << "'";
  }
}

TEST(ContentType, GuessesCommonTypesFromTheExtension) {
  const std::pair<const char*, const char*> cases[] = {
      {"a.txt", "text/plain"},
      {"dir/b.json", "application/json"},
      {"c.CSV", "text/csv"},
      {"d.jpeg", "image/jpeg"},
      {"e.jpg", "image/jpeg"},
      {"f.png", "image/png"},
      {"g.svg", "image/svg+xml"},
      {"h.webp", "image/webp"},
      {"i.pdf", "application/pdf"},
      {"j.zip", "application/zip"},
      {"k.tar.gz", "application/gzip"},
      {"l.tar", "application/x-tar"},
      {"m.zst", "application/zstd"},
      {"n.mp4", "video/mp4"},
      {"o.mp3", "audio/mpeg"},
      {"p.wasm", "application/wasm"},
      {"q.css", "text/css"},
      {"r.js", "text/javascript"},
      {"s.xml", "application/xml"},
      {"t.gif", "image/gif"},
      {"u.html", "text/html"},
  };
  for (const auto& [name, type] : cases) EXPECT_EQ(guess_content_type(name), type) << name;
}

TEST(ContentType, NothingForNoExtension) {
  for (const char* name : {"", "README", ".profile", "dir.d/file", "trailing.", "x.no-such-ext"}) {
    EXPECT_EQ(guess_content_type(name), "") << name;
  }
}

TEST(StorageClassHeader, SentOnlyWhenAClassWasChosen) {
  ObjectSettings object;
  http::Headers headers;
  add_storage_class(object, &headers);
  EXPECT_TRUE(headers.empty());
  object.storage_class = "DEEP_ARCHIVE";
  add_storage_class(object, &headers);
  EXPECT_EQ(http::find_header(headers, "x-amz-storage-class"), "DEEP_ARCHIVE");
}

}  // namespace
}  // namespace hoist::transfer
