#include "sigv4/presigner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "sigv4/sha256.h"
#include "tests/sigv4/s3_documentation.h"

namespace hoist::sigv4 {
namespace {

using namespace std::chrono;

const Credentials& kCredentials = testing::kDocumentedCredentials;
const Scope& kScope = testing::kDocumentedScope;
const system_clock::time_point kNow = testing::kDocumentedTime;
constexpr const char* kOrigin = "https://examplebucket.s3.amazonaws.com";

Request get_object(std::string path) {
  return {"GET", std::move(path), {}, {{"host", testing::kDocumentedHost}},
          std::string(UNSIGNED_PAYLOAD)};
}

TEST(PresignUrl, SevenDaysIsTheLimit) {
  EXPECT_NO_THROW(presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow,
                              kMaxPresignExpiry));
  EXPECT_NO_THROW(presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, seconds(1)));
  try {
    presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, seconds(604801));
    FAIL() << "an expiry past seven days was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("604800"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("604801"), std::string::npos) << e.what();
  }
  EXPECT_THROW(presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, seconds(0)),
               std::invalid_argument);
  EXPECT_THROW(presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, -seconds(5)),
               std::invalid_argument);
}

TEST(PresignUrl, EncodesPathAndCallerQuery) {
  Request request = get_object("/dir/a b+c.txt");
  request.query = {{"response-content-disposition", "attachment; filename=\"a b.txt\""}};
  const std::string url = presign_url(kOrigin, request, kCredentials, kScope, kNow, seconds(60));
  EXPECT_EQ(url.rfind("https://examplebucket.s3.amazonaws.com/dir/a%20b%2Bc.txt?", 0), 0u) << url;
  EXPECT_NE(url.find("&X-Amz-SignedHeaders=host&response-content-disposition="
                     "attachment%3B%20filename%3D%22a%20b.txt%22&X-Amz-Signature="),
            std::string::npos)
      << url;
}

TEST(PresignUrl, SignatureDependsOnEveryInput) {
  const std::string base =
      presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, seconds(60));
  EXPECT_NE(presign_url(kOrigin, get_object("/K"), kCredentials, kScope, kNow, seconds(60)),
            base);
  EXPECT_NE(presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, seconds(61))
                .substr(base.find("X-Amz-Signature")),
            base.substr(base.find("X-Amz-Signature")));
  EXPECT_NE(presign_url(kOrigin, get_object("/k"), kCredentials, {"eu-west-1", "s3"}, kNow,
                        seconds(60)),
            base);
  EXPECT_EQ(presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, seconds(60)), base);
}

TEST(PresignUrl, SessionTokenTravelsInTheQuery) {
  Credentials session = kCredentials;
  session.session_token = "IQoJb3JpZ2luX2Vj/token+==";
  const std::string url =
      presign_url(kOrigin, get_object("/k"), session, kScope, kNow, seconds(60));
  EXPECT_NE(url.find("&X-Amz-Security-Token=IQoJb3JpZ2luX2Vj%2Ftoken%2B%3D%3D&"
                     "X-Amz-SignedHeaders=host&X-Amz-Signature="),
            std::string::npos)
      << url;

  SigningOptions unsigned_token;
  unsigned_token.sign_session_token = false;
  const std::string after = presign_url(kOrigin, get_object("/k"), session, kScope, kNow,
                                        seconds(60), nullptr, unsigned_token);
  const size_t signature_at = after.find("&X-Amz-Signature=");
  EXPECT_NE(after.find("&X-Amz-Security-Token=IQoJb3JpZ2luX2Vj%2Ftoken%2B%3D%3D", signature_at),
            std::string::npos)
      << after;
}

TEST(PresignUrl, OriginMayEndInASlash) {
  EXPECT_EQ(presign_url(std::string(kOrigin) + "/", get_object("/k"), kCredentials, kScope, kNow,
                        seconds(60)),
            presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, seconds(60)));
}

TEST(PresignUrl, CachedKeyGivesTheSameUrl) {
  SigningKeyCache cache;
  const std::string uncached =
      presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, seconds(60));
  EXPECT_EQ(presign_url(kOrigin, get_object("/k"), kCredentials, kScope, kNow, seconds(60), &cache),
            uncached);
  EXPECT_EQ(cache.derivations(), 1u);
}

TEST(PresignUrl, RequiresAHost) {
  Request request = get_object("/k");
  request.headers.clear();
  EXPECT_THROW(presign_url(kOrigin, request, kCredentials, kScope, kNow, seconds(60)),
               std::invalid_argument);
}

}  // namespace
}  // namespace hoist::sigv4
