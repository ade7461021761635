#include "sigv4/canonical_request.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace hoist::sigv4 {
namespace {

Request request_with_headers(NameValues headers) {
  return {"GET", "/", {}, std::move(headers), std::string("UNSIGNED-PAYLOAD")};
}

TEST(CanonicalRequest, Layout) {
  const Request request{"PUT",
                        "/bucket/a b",
                        {{"partNumber", "1"}},
                        {{"Host", "s3.amazonaws.com"}, {"Content-Length", "5"}},
                        "UNSIGNED-PAYLOAD"};
  EXPECT_EQ(canonical_request(request),
            "PUT\n"
            "/bucket/a%20b\n"
            "partNumber=1\n"
            "content-length:5\n"
            "host:s3.amazonaws.com\n"
            "\n"
            "content-length;host\n"
            "UNSIGNED-PAYLOAD");
}

TEST(CanonicalRequest, HeaderNamesLowercasedAndSorted) {
  const Request request = request_with_headers(
      {{"X-Amz-Meta-Zed", "1"}, {"HOST", "h"}, {"x-amz-checksum-crc32c", "AAAAAA=="}});
  EXPECT_EQ(signed_headers(request), "host;x-amz-checksum-crc32c;x-amz-meta-zed");
  EXPECT_NE(canonical_request(request).find("host:h\nx-amz-checksum-crc32c:AAAAAA==\n"
                                            "x-amz-meta-zed:1\n\n"),
            std::string::npos);
}

TEST(CanonicalRequest, ValuesTrimmedAndInnerWhitespaceFolded) {
  const Request request = request_with_headers(
      {{"host", "  h  "}, {"x-amz-meta-a", "\t one   two \t three\r\n four  "}});
  EXPECT_NE(canonical_request(request).find("host:h\nx-amz-meta-a:one two three four\n"),
            std::string::npos);
}

TEST(CanonicalRequest, PunctuationInsideValuesKeepsItsSpaces) {
  const Request request = request_with_headers({{"host", "h"}, {"x-amz-meta-a", "a: b , c"}});
  EXPECT_NE(canonical_request(request).find("x-amz-meta-a:a: b , c\n"), std::string::npos);
}

TEST(CanonicalRequest, EmptyValueStaysEmpty) {
  const Request request = request_with_headers({{"host", "h"}, {"x-amz-meta-empty", "   "}});
  EXPECT_NE(canonical_request(request).find("x-amz-meta-empty:\n"), std::string::npos);
}

TEST(CanonicalRequest, RepeatedNamesJoinedInRequestOrder) {
  const Request request = request_with_headers(
      {{"x-amz-meta-b", "2"}, {"host", "h"}, {"X-Amz-Meta-B", " 1 "}, {"x-amz-meta-a", "0"}});
  EXPECT_NE(canonical_request(request).find("host:h\nx-amz-meta-a:0\nx-amz-meta-b:2,1\n\n"
                                            "host;x-amz-meta-a;x-amz-meta-b\n"),
            std::string::npos);
  EXPECT_EQ(signed_headers(request), "host;x-amz-meta-a;x-amz-meta-b");
}

TEST(CanonicalRequest, HeadersThatProxiesRewriteAreNotSigned) {
  const Request request = request_with_headers({{"host", "h"},
                                                {"User-Agent", "hoist"},
                                                {"Expect", "100-continue"},
                                                {"Authorization", "old"},
                                                {"Connection", "keep-alive"},
                                                {"Transfer-Encoding", "chunked"},
                                                {"X-Amzn-Trace-Id", "t"}});
  EXPECT_EQ(signed_headers(request), "host");
  EXPECT_TRUE(is_unsigned_header("user-agent"));
  EXPECT_FALSE(is_unsigned_header("content-length"));
}

TEST(CanonicalRequest, NoHeadersLeavesEmptySections) {
  EXPECT_EQ(canonical_request({"GET", "", {}, {}, "x"}), "GET\n/\n\n\n\nx");
}

TEST(CanonicalRequest, AppendSetsSignedHeaders) {
  std::string out = "prefix|";
  std::string signed_list = "stale";
  append_canonical_request(&out, &signed_list, request_with_headers({{"Host", "h"}}), {});
  EXPECT_EQ(signed_list, "host");
  EXPECT_EQ(out, "prefix|GET\n/\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD");
}

TEST(CanonicalRequest, HeaderNameEquality) {
  EXPECT_TRUE(header_name_equals("X-Amz-Date", "x-amz-date"));
  EXPECT_FALSE(header_name_equals("x-amz-date", "x-amz-dat"));
  EXPECT_FALSE(header_name_equals("a", "b"));
}

TEST(RequireSignable, WantsHostAndPayloadHash) {
  EXPECT_NO_THROW(require_signable(request_with_headers({{"Host", "h"}}), "t"));
  EXPECT_THROW(require_signable(request_with_headers({{"x-host", "h"}}), "t"),
               std::invalid_argument);
  Request no_hash = request_with_headers({{"host", "h"}});
  no_hash.payload_hash.clear();
  EXPECT_THROW(require_signable(no_hash, "t"), std::invalid_argument);
}

}  // namespace
}  // namespace hoist::sigv4
