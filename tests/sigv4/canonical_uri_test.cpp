#include "sigv4/canonical_uri.h"

#include <gtest/gtest.h>

#include <string>

#include "sigv4/canonical_request.h"

namespace hoist::sigv4 {
namespace {

// S3 keys that generic SigV4 rules would mangle. S3 signs them as sent.
const char* const kAwkwardKeys[] = {
    "/bucket/a b+c.txt", "/bucket/../etc/passwd", "/bucket//double//slash", "/bucket/./dot",
    "/bucket/trailing/", "/bucket/caf\xc3\xa9", "/bucket/%41 literal percent", "/bucket/~user",
    "/bucket/q?u#e;r=y&", "/"};

TEST(CanonicalUri, S3SignsThePathItSends) {
  for (const char* key : kAwkwardKeys) {
    EXPECT_EQ(canonical_path(key), wire_path(key)) << key;
  }
  EXPECT_EQ(wire_path("/my bucket/a+b.txt"), "/my%20bucket/a%2Bb.txt");
  EXPECT_EQ(wire_path("/bucket/../x//y/./z"), "/bucket/../x//y/./z");
  EXPECT_EQ(wire_path("/bucket/%41"), "/bucket/%2541");
  EXPECT_EQ(wire_path("/bucket/q?u#e"), "/bucket/q%3Fu%23e");
}

TEST(CanonicalUri, EmptyPathIsRoot) {
  EXPECT_EQ(wire_path(""), "/");
  EXPECT_EQ(canonical_path(""), "/");
}

TEST(CanonicalUri, GenericServicesEncodeTheWirePathAgain) {
  SigningOptions generic;
  generic.path_is_encoded = true;
  generic.double_encode_path = true;
  EXPECT_EQ(wire_path("/a%20b/c", generic), "/a%20b/c");
  EXPECT_EQ(canonical_path("/a%20b/c", generic), "/a%2520b/c");

  SigningOptions decoded_then_double;
  decoded_then_double.double_encode_path = true;
  EXPECT_EQ(wire_path("/a b", decoded_then_double), "/a%20b");
  EXPECT_EQ(canonical_path("/a b", decoded_then_double), "/a%2520b");
}

TEST(CanonicalUri, PreEncodedPathIsSignedAsGiven) {
  SigningOptions encoded;
  encoded.path_is_encoded = true;
  EXPECT_EQ(wire_path("/a%20b", encoded), "/a%20b");
  EXPECT_EQ(canonical_path("/a%20b", encoded), "/a%20b");
}

TEST(CanonicalUri, NormalizationResolvesDotsAndSlashes) {
  EXPECT_EQ(normalized_path("/"), "/");
  EXPECT_EQ(normalized_path(""), "/");
  EXPECT_EQ(normalized_path("//"), "/");
  EXPECT_EQ(normalized_path("/./"), "/");
  EXPECT_EQ(normalized_path("/example/.."), "/");
  EXPECT_EQ(normalized_path("/example1/example2/../.."), "/");
  EXPECT_EQ(normalized_path("/./example"), "/example");
  EXPECT_EQ(normalized_path("//example//"), "/example/");
  EXPECT_EQ(normalized_path("/a/./b//../c/"), "/a/c/");
  EXPECT_EQ(normalized_path("/a/b/.."), "/a/");
  EXPECT_EQ(normalized_path("/../../a"), "/a");
  EXPECT_EQ(normalized_path("/a/..b/c."), "/a/..b/c.");
}

TEST(CanonicalUri, NormalizationTouchesOnlyTheSignedPath) {
  SigningOptions options;
  options.normalize_path = true;
  EXPECT_EQ(canonical_path("/a/../b c", options), "/b%20c");
  EXPECT_EQ(wire_path("/a/../b c", options), "/a/../b%20c");
}

TEST(CanonicalQuery, EncodesEverythingButUnreservedAndSortsByEncodedName) {
  const NameValues query = {{"prefix", "photos/2024 summer/"},
                            {"max-keys", "2"},
                            {"\xe1\x88\xb4", "x"},
                            {"Zeta", "a+b=c&d"}};
  EXPECT_EQ(canonical_query(query),
            "%E1%88%B4=x&Zeta=a%2Bb%3Dc%26d&max-keys=2&prefix=photos%2F2024%20summer%2F");
}

TEST(CanonicalQuery, RepeatedNamesSortByValue) {
  EXPECT_EQ(canonical_query({{"a", "2"}, {"a", "10"}, {"a", "1"}}), "a=1&a=10&a=2");
}

TEST(CanonicalQuery, ParameterWithoutValueGetsAnEqualsSign) {
  EXPECT_EQ(canonical_query({{"uploads", ""}}), "uploads=");
  EXPECT_EQ(canonical_query({}), "");
}

TEST(CanonicalQuery, SortsBytesNotLocale) {
  // Uppercase sorts before lowercase; '%' before both.
  EXPECT_EQ(canonical_query({{"b", ""}, {"B", ""}, {" ", ""}}), "%20=&B=&b=");
}

TEST(RequestTarget, IsWirePathAndCanonicalQuery) {
  const Request upload_part{"PUT",
                            "/bucket/dir/my file.bin",
                            {{"uploadId", "abc/def+=="}, {"partNumber", "7"}},
                            {{"host", "s3.amazonaws.com"}},
                            "UNSIGNED-PAYLOAD"};
  EXPECT_EQ(request_target(upload_part),
            "/bucket/dir/my%20file.bin?partNumber=7&uploadId=abc%2Fdef%2B%3D%3D");
  EXPECT_EQ(request_target({"GET", "/b/k", {}, {}, ""}), "/b/k");
}

// The guarantee engine/s3 builds on: with S3's rules the second and third lines of the
// canonical request are byte for byte the path and query that request_target() puts on the
// wire.
TEST(RequestTarget, MatchesWhatIsSigned) {
  for (const char* key : kAwkwardKeys) {
    const Request request{"GET",
                          key,
                          {{"versionId", "3/L4kqtJl+cF=="}, {"x y", "\xc3\xa9"}, {"acl", ""}},
                          {{"host", "b.s3.amazonaws.com"}},
                          "UNSIGNED-PAYLOAD"};
    const std::string canonical = canonical_request(request);
    const size_t path_start = canonical.find('\n') + 1;
    const size_t query_start = canonical.find('\n', path_start) + 1;
    const size_t query_end = canonical.find('\n', query_start);
    const std::string signed_target = canonical.substr(path_start, query_start - 1 - path_start) +
                                      "?" + canonical.substr(query_start, query_end - query_start);
    EXPECT_EQ(request_target(request), signed_target) << key;
  }
}

}  // namespace
}  // namespace hoist::sigv4
