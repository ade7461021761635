// ListObjectsV2: the query it sends and how it reads keys back, encoded or raw.
#include "engine/s3/list_objects_v2.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/s3/s3_test.h"

namespace hoist::s3 {
namespace {

using Strings = std::vector<std::string>;

Strings keys_of(const ListObjectsV2Page& page) {
  Strings keys;
  for (const ObjectEntry& e : page.objects) keys.push_back(e.key);
  return keys;
}

std::string contents(const std::string& key) {
  return "<Contents><Key>" + key + "</Key><Size>1</Size></Contents>";
}

class ListObjectsV2Test : public ::testing::Test {
 protected:
  Result<ListObjectsV2Page> parse(const std::string& inner) {
    return parse_list_objects_v2(response(200, s3_xml("ListBucketResult", inner)), op);
  }

  Operation op = list_objects_v2({"b1", "", "", "", "", 1000});
};

TEST_F(ListObjectsV2Test, FirstPageQuery) {
  EXPECT_TRUE(is_call(op, "ListObjectsV2", "GET", "b1", ""));
  EXPECT_EQ(op.query, (Query{{"list-type", "2"}, {"encoding-type", "url"}, {"max-keys", "1000"}}));
  EXPECT_TRUE(op.headers.empty());
}

TEST_F(ListObjectsV2Test, EveryOptionGoesIntoTheQueryDecoded) {
  Operation next = list_objects_v2({"b1", "photos/2024 May/", "/", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=", "photos/a+b", 50});
  EXPECT_EQ(next.query, (Query{{"list-type", "2"},
                               {"encoding-type", "url"},
                               {"max-keys", "50"},
                               {"prefix", "photos/2024 May/"},
                               {"delimiter", "/"},
                               {"continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="},
                               {"start-after", "photos/a+b"}}));
}

TEST_F(ListObjectsV2Test, ObjectFields) {
  auto page = parse("<Name>b1</Name><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated>"
                    "<Contents><Key>a.txt</Key><LastModified>2024-05-01T12:00:00.000Z</LastModified>"
                    "<ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>6442450944</Size>"
                    "<StorageClass>GLACIER_IR</StorageClass></Contents>");
  ASSERT_TRUE(is_ok(page));
  EXPECT_FALSE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "");
  ASSERT_EQ(page->objects.size(), 1u);
  const ObjectEntry& e = page->objects[0];
  EXPECT_EQ(e.key, "a.txt");
  EXPECT_EQ(e.size, 6442450944u);
  EXPECT_EQ(e.etag, "\"d41d8cd98f00b204e9800998ecf8427e\"");
  EXPECT_EQ(e.last_modified, "2024-05-01T12:00:00.000Z");
  EXPECT_EQ(e.storage_class, "GLACIER_IR");
}

TEST_F(ListObjectsV2Test, UrlEncodedKeysAndPrefixesAreDecoded) {
  auto page = parse("<EncodingType>url</EncodingType><Delimiter>%2F</Delimiter>" + contents("a+b.txt") +
                    contents("c%2Bd.txt") + contents("100%25+sure") + contents("caf%C3%A9") +
                    contents("line%0Abreak") + "<CommonPrefixes><Prefix>dir+one%2F</Prefix></CommonPrefixes>"
                    "<CommonPrefixes><Prefix>x%26y%2F</Prefix></CommonPrefixes>");
  ASSERT_TRUE(is_ok(page));
  EXPECT_EQ(keys_of(*page), (Strings{"a b.txt", "c+d.txt", "100% sure", "caf\xC3\xA9", "line\nbreak"}));
  EXPECT_EQ(page->common_prefixes, (Strings{"dir one/", "x&y/"}));
}

TEST_F(ListObjectsV2Test, RawKeysAreKeptWhenEncodingTypeIsAbsent) {
  // A server that ignores encoding-type sends keys as they are: '+' and '%' are literal.
  auto page = parse(contents("a+b.txt") + contents("100%25") + contents("50% off") + contents("x &amp; y") +
                    "<CommonPrefixes><Prefix>dir+one/</Prefix></CommonPrefixes>");
  ASSERT_TRUE(is_ok(page));
  EXPECT_EQ(keys_of(*page), (Strings{"a+b.txt", "100%25", "50% off", "x & y"}));
  EXPECT_EQ(page->common_prefixes, (Strings{"dir+one/"}));
}

TEST_F(ListObjectsV2Test, MalformedEscapesAreKeptAsSent) {
  auto page = parse("<EncodingType>url</EncodingType>" + contents("bad%zz") + contents("end%4") + contents("end%"));
  ASSERT_TRUE(is_ok(page));
  EXPECT_EQ(keys_of(*page), (Strings{"bad%zz", "end%4", "end%"}));
}

TEST_F(ListObjectsV2Test, TruncatedPageCarriesTheTokenUndecoded) {
  auto page = parse("<EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
                    "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>" +
                    contents("k1") + contents("k2"));
  ASSERT_TRUE(is_ok(page));
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
  EXPECT_EQ(keys_of(*page), (Strings{"k1", "k2"}));
}

TEST_F(ListObjectsV2Test, EmptyListing) {
  auto page = parse("<Name>b1</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated>");
  ASSERT_TRUE(is_ok(page));
  EXPECT_TRUE(page->objects.empty());
  EXPECT_TRUE(page->common_prefixes.empty());
}

TEST_F(ListObjectsV2Test, NotAListingIsMalformed) {
  auto html = parse_list_objects_v2(response(200, "<html><body>proxy login</body></html>"), op);
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().code, "MalformedResponse");
  EXPECT_EQ(html.error().message, "ListObjectsV2 response has root <html>, expected <ListBucketResult>");
  auto broken = parse_list_objects_v2(response(200, "<ListBucketResult><Contents>"), op);
  ASSERT_FALSE(broken.ok());
  EXPECT_TRUE(broken.error().message.starts_with("ListObjectsV2 response is not valid XML: ")) << broken.error().message;
}

TEST_F(ListObjectsV2Test, NamesOutsideTheRequestedPrefixAreRefused) {
  op = list_objects_v2({"b1", "dir/", "/", "", "", 1000});
  EXPECT_TRUE(is_ok(parse(contents("dir/a") + "<CommonPrefixes><Prefix>dir/sub/</Prefix></CommonPrefixes>")));
  for (const std::string& inner :
       {contents("d"), contents("other/dir/a"), contents("dir%2Fa%2F..") + contents("x"),
        std::string("<CommonPrefixes><Prefix>di</Prefix></CommonPrefixes>")}) {
    auto page = parse(inner);
    ASSERT_FALSE(page.ok()) << inner;
    EXPECT_EQ(page.error().code, "MalformedResponse");
    EXPECT_NE(page.error().message.find("is outside the requested prefix \"dir/\""), std::string::npos)
        << page.error().message;
    EXPECT_FALSE(page.error().retryable);
  }
}

TEST_F(ListObjectsV2Test, SizesNoObjectCanHaveAreRefused) {
  for (const char* size : {"18446744073709551615", "53687091200001", "12x", "-1"}) {
    auto page = parse(std::string("<Contents><Key>k</Key><Size>") + size + "</Size></Contents>");
    ASSERT_FALSE(page.ok()) << size;
    EXPECT_NE(page.error().message.find("not an object size S3 can have"), std::string::npos);
  }
  auto largest = parse("<Contents><Key>k</Key><Size>53687091200000</Size></Contents>");
  ASSERT_TRUE(is_ok(largest));
  EXPECT_EQ(largest->objects[0].size, 53687091200000u);
}

TEST_F(ListObjectsV2Test, DocumentTypeDeclarationIsRefused) {
  auto page = parse_list_objects_v2(
      response(200, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"k\">]>"
                    "<ListBucketResult><Contents><Key>&e;</Key></Contents></ListBucketResult>"),
      op);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().message,
            "ListObjectsV2 response declares a document type, which S3 never does");
}

}  // namespace
}  // namespace hoist::s3
