#include "sigv4/canonical_uri.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <utility>

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

// How each SigningOptions switch moves the wire and the signed path apart.
struct PathForm {
  const char* name;
  SigningOptions options;
  const char* path;
  const char* wire;
  const char* canonical;
};

SigningOptions options_with(bool normalize, bool encoded, bool double_encode) {
  SigningOptions options;
  options.normalize_path = normalize;
  options.path_is_encoded = encoded;
  options.double_encode_path = double_encode;
  return options;
}

const PathForm kPathForms[] = {
    {"S3", {}, "/a b/../c", "/a%20b/../c", "/a%20b/../c"},
    {"PreEncoded", options_with(false, true, false), "/a%20b", "/a%20b", "/a%20b"},
    {"Generic", options_with(true, true, true), "/a%20b/./c", "/a%20b/./c", "/a%2520b/c"},
    {"DecodedDoubleEncoded", options_with(false, false, true), "/a b", "/a%20b", "/a%2520b"},
    {"NormalizedOnlyWhenSigned", options_with(true, false, false), "/a/../b c", "/a/../b%20c",
     "/b%20c"},
};

void PrintTo(const PathForm& form, std::ostream* out) { *out << form.name; }

class CanonicalPathForm : public ::testing::TestWithParam<PathForm> {};

TEST_P(CanonicalPathForm, WireAndSignedPath) {
  const PathForm& form = GetParam();
  EXPECT_EQ(wire_path(form.path, form.options), form.wire);
  EXPECT_EQ(canonical_path(form.path, form.options), form.canonical);
}

INSTANTIATE_TEST_SUITE_P(Options, CanonicalPathForm, ::testing::ValuesIn(kPathForms),
                         [](const ::testing::TestParamInfo<PathForm>& info) {
                           return std::string(info.param.name);
                         });

TEST(CanonicalUri, NormalizationResolvesDotsAndSlashes) {
  const std::pair<const char*, const char*> cases[] = {
      {"/", "/"},
      {"", "/"},
      {"//", "/"},
      {"/./", "/"},
      {"/example/..", "/"},
      {"/example1/example2/../..", "/"},
      {"/./example", "/example"},
      {"//example//", "/example/"},
      {"/a/./b//../c/", "/a/c/"},
      {"/a/b/..", "/a/"},
      {"/../../a", "/a"},
      {"/a/..b/c.", "/a/..b/c."},  // dots inside a name are not segments
  };
  for (const auto& [path, normalized] : cases) EXPECT_EQ(normalized_path(path), normalized) << path;
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
