// Endpoints and addressing: parsing --endpoint-url, and where a bucket/key request goes.
#include "engine/s3/endpoint.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/s3/s3_test.h"

namespace hoist::s3 {
namespace {

Endpoint parsed(std::string_view url) {
  Result<Endpoint> endpoint = parse_endpoint(url);
  EXPECT_TRUE(is_ok(endpoint)) << url;
  return endpoint.ok() ? *endpoint : Endpoint{};
}

TEST(ParseEndpoint, HostAndPort) {
  Endpoint e = parsed("http://127.0.0.1:9000");
  EXPECT_EQ(e.scheme, "http");
  EXPECT_EQ(e.host, "127.0.0.1");
  EXPECT_EQ(e.port, 9000);
  EXPECT_EQ(e.base_path, "");
  EXPECT_FALSE(e.is_aws);
  EXPECT_EQ(e.origin(), "http://127.0.0.1:9000");
  EXPECT_EQ(e.host_header(), "127.0.0.1:9000");
}

TEST(ParseEndpoint, DefaultPortIsLeftOutOfTheHostHeader) {
  Endpoint https = parsed("https://minio.example.com:443");
  EXPECT_EQ(https.port, 443);
  EXPECT_EQ(https.origin(), "https://minio.example.com:443");
  EXPECT_EQ(https.host_header(), "minio.example.com");
  EXPECT_EQ(parsed("http://minio.example.com:80").host_header(), "minio.example.com");
  EXPECT_EQ(parsed("http://minio.example.com:443").host_header(), "minio.example.com:443");
  Endpoint bare = parsed("https://minio.example.com");
  EXPECT_EQ(bare.port, 0);
  EXPECT_EQ(bare.origin(), "https://minio.example.com");
  EXPECT_EQ(bare.host_header(), "minio.example.com");
}

TEST(ParseEndpoint, AwsHostsAreRecognised) {
  Endpoint e = parsed("https://s3.eu-west-1.amazonaws.com");
  EXPECT_TRUE(e.is_aws);
  EXPECT_EQ(e.host, "s3.eu-west-1.amazonaws.com");
  EXPECT_TRUE(parsed("https://s3.amazonaws.com:443/").is_aws);
  EXPECT_FALSE(parsed("https://amazonaws.com.example.net").is_aws);
  EXPECT_FALSE(parsed("https://notamazonaws.com").is_aws);
}

TEST(ParseEndpoint, Ipv6HostKeepsItsBrackets) {
  Endpoint e = parsed("http://[::1]:9000/");
  EXPECT_EQ(e.host, "[::1]");
  EXPECT_EQ(e.port, 9000);
  EXPECT_EQ(e.base_path, "");
  EXPECT_EQ(e.origin(), "http://[::1]:9000");
  EXPECT_EQ(e.host_header(), "[::1]:9000");
  Endpoint no_port = parsed("https://[2001:db8::5]");
  EXPECT_EQ(no_port.host, "[2001:db8::5]");
  EXPECT_EQ(no_port.port, 0);
  EXPECT_EQ(no_port.host_header(), "[2001:db8::5]");
}

TEST(ParseEndpoint, PathBecomesBasePathWithoutTrailingSlashes) {
  EXPECT_EQ(parsed("https://gw.example.com/s3").base_path, "/s3");
  EXPECT_EQ(parsed("https://gw.example.com/s3/").base_path, "/s3");
  EXPECT_EQ(parsed("https://gw.example.com:8443/tenant/a//").base_path, "/tenant/a");
  EXPECT_EQ(parsed("https://gw.example.com/").base_path, "");
  EXPECT_EQ(parsed("https://gw.example.com:8443/s3").port, 8443);
}

TEST(ParseEndpoint, InvalidUrlsAreRefusedNamingTheUrl) {
  for (const char* url : {"127.0.0.1:9000", "ftp://example.com", "http://",
                          "http:///path", "http://example.com:0", "http://example.com:65536",
                          "http://example.com:port", "http://example.com:90x", "http://example.com:-1",
                          "http://[::1", "http://[::1]:abc", "http://:9000", "http://[::1]9000",
                          "http://h?x=1", "http://h/p#frag", "http://user@h:9000"}) {
    Result<Endpoint> e = parse_endpoint(url);
    ASSERT_FALSE(e.ok()) << url << " parsed with host '" << e->host << "'";
    EXPECT_EQ(e.error().kind, ErrorKind::kInvalid) << url;
    EXPECT_EQ(e.error().code, "InvalidEndpoint") << url;
    EXPECT_NE(e.error().message.find("'" + std::string(url) + "'"), std::string::npos) << e.error().message;
  }
}

TEST(AwsEndpoint, IsTheRegionalHttpsEndpoint) {
  Endpoint e = aws_endpoint("ap-southeast-2");
  EXPECT_EQ(e.origin(), "https://s3.ap-southeast-2.amazonaws.com");
  EXPECT_EQ(e.host_header(), "s3.ap-southeast-2.amazonaws.com");
  EXPECT_EQ(e.base_path, "");
  EXPECT_TRUE(e.is_aws);
}

TEST(IsVirtualHostable, DnsLabelsOnly) {
  EXPECT_TRUE(is_virtual_hostable("my-bucket"));
  EXPECT_TRUE(is_virtual_hostable("abc"));
  EXPECT_TRUE(is_virtual_hostable("0bucket9"));
  EXPECT_TRUE(is_virtual_hostable(std::string(63, 'a')));
  EXPECT_FALSE(is_virtual_hostable(std::string(64, 'a')));
  EXPECT_FALSE(is_virtual_hostable("ab"));
  EXPECT_FALSE(is_virtual_hostable("my.bucket"));
  EXPECT_FALSE(is_virtual_hostable("My-Bucket"));
  EXPECT_FALSE(is_virtual_hostable("my_bucket"));
  EXPECT_FALSE(is_virtual_hostable("-bucket"));
  EXPECT_FALSE(is_virtual_hostable("bucket-"));
}

class ResolveTargetTest : public ::testing::Test {
 protected:
  Endpoint aws = aws_endpoint("us-east-1");
  Endpoint custom = parsed("http://127.0.0.1:9000");
};

TEST_F(ResolveTargetTest, CustomEndpointIsPathStyle) {
  Target t = resolve_target(custom, AddressingStyle::kAuto, "my-bucket", "dir/a b.txt");
  EXPECT_EQ(t.origin, "http://127.0.0.1:9000");
  EXPECT_EQ(t.host_header, "127.0.0.1:9000");
  EXPECT_EQ(t.path, "/my-bucket/dir/a b.txt");
}

TEST_F(ResolveTargetTest, AwsIsVirtualHostedForDnsCompatibleNames) {
  Target t = resolve_target(aws, AddressingStyle::kAuto, "my-bucket", "dir/a b.txt");
  EXPECT_EQ(t.origin, "https://my-bucket.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(t.host_header, "my-bucket.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(t.path, "/dir/a b.txt");
}

TEST_F(ResolveTargetTest, AwsIsPathStyleForNamesTheWildcardCertificateCannotCover) {
  for (const char* bucket : {"my.bucket", "Legacy_Bucket"}) {
    Target t = resolve_target(aws, AddressingStyle::kAuto, bucket, "k");
    EXPECT_EQ(t.origin, "https://s3.us-east-1.amazonaws.com") << bucket;
    EXPECT_EQ(t.host_header, "s3.us-east-1.amazonaws.com") << bucket;
    EXPECT_EQ(t.path, "/" + std::string(bucket) + "/k");
  }
}

TEST_F(ResolveTargetTest, ForcedStylesWinOverTheDefault) {
  Target path = resolve_target(aws, AddressingStyle::kPath, "my-bucket", "k");
  EXPECT_EQ(path.origin, "https://s3.us-east-1.amazonaws.com");
  EXPECT_EQ(path.path, "/my-bucket/k");
  Target dotted = resolve_target(aws, AddressingStyle::kVirtual, "my.bucket", "k");
  EXPECT_EQ(dotted.origin, "https://my.bucket.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(dotted.path, "/k");
  Target virtual_custom = resolve_target(parsed("http://minio.local:9000"), AddressingStyle::kVirtual, "b1", "k");
  EXPECT_EQ(virtual_custom.origin, "http://b1.minio.local:9000");
  EXPECT_EQ(virtual_custom.host_header, "b1.minio.local:9000");
  EXPECT_EQ(virtual_custom.path, "/k");
}

TEST_F(ResolveTargetTest, BucketLevelRequests) {
  EXPECT_EQ(resolve_target(custom, AddressingStyle::kAuto, "my-bucket", "").path, "/my-bucket");
  EXPECT_EQ(resolve_target(aws, AddressingStyle::kPath, "my-bucket", "").path, "/my-bucket");
  EXPECT_EQ(resolve_target(aws, AddressingStyle::kAuto, "my-bucket", "").path, "/");
  // ListBuckets names no bucket: the service root, whatever the style.
  for (AddressingStyle style : {AddressingStyle::kAuto, AddressingStyle::kPath, AddressingStyle::kVirtual}) {
    Target t = resolve_target(aws, style, "", "");
    EXPECT_EQ(t.origin, "https://s3.us-east-1.amazonaws.com");
    EXPECT_EQ(t.path, "/");
  }
}

TEST_F(ResolveTargetTest, BasePathPrefixesEveryPath) {
  Endpoint gateway = parsed("https://gw.example.com/s3/");
  EXPECT_EQ(resolve_target(gateway, AddressingStyle::kAuto, "b1", "k/x").path, "/s3/b1/k/x");
  EXPECT_EQ(resolve_target(gateway, AddressingStyle::kAuto, "b1", "").path, "/s3/b1");
  EXPECT_EQ(resolve_target(gateway, AddressingStyle::kVirtual, "b1", "k").path, "/s3/k");
  EXPECT_EQ(resolve_target(gateway, AddressingStyle::kAuto, "", "").path, "/s3");
}

TEST_F(ResolveTargetTest, KeysAreKeptVerbatim) {
  // S3 keys are names, not paths: nothing is collapsed or resolved.
  for (const char* key : {"a//b", "../up", "dir/../x", "./here", "dir/./x", "/leading", "trailing/", "."}) {
    EXPECT_EQ(resolve_target(custom, AddressingStyle::kAuto, "b1", key).path, "/b1/" + std::string(key));
    EXPECT_EQ(resolve_target(aws, AddressingStyle::kAuto, "b1-v", key).path, "/" + std::string(key));
  }
}

}  // namespace
}  // namespace hoist::s3
