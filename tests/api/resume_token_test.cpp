// Resume tokens: any path, bucket and key (bytes, not necessarily UTF-8) survive the round
// trip; what the encoder did not make is refused as InvalidResumeToken.
#include "engine/api/resume_token.h"

#include <gtest/gtest.h>

#include <string>

namespace hoist::api {
namespace {

TEST(ResumeTokenTest, NamesThatAreNotUtf8SurviveTheRoundTrip) {
  ResumeToken token;
  token.source = "/data/caf\xe9 100%/\x01tab\there";
  token.destination = S3Uri{"bucket", "p/\xff\xfe key"};
  token.recursive = true;
  const std::string text = encode_resume_token(token);
  EXPECT_EQ(text.find('\xe9'), std::string::npos) << "raw bytes in the JSON: " << text;
  auto back = decode_resume_token(text);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->source, token.source);
  EXPECT_EQ(back->destination.bucket, "bucket");
  EXPECT_EQ(back->destination.key, token.destination.key);
  EXPECT_TRUE(back->recursive);
}

TEST(ResumeTokenTest, WhatTheEncoderDidNotMakeIsRefused) {
  for (const char* text :
       {"", "not json", "[]", "{\"hoist_resume\":2,\"kind\":\"upload\"}",
        "{\"hoist_resume\":1,\"kind\":\"download\",\"source\":\"a\",\"bucket\":\"b\",\"key\":\"\","
        "\"recursive\":false}",
        "{\"hoist_resume\":1,\"kind\":\"upload\",\"source\":\"a%4\",\"bucket\":\"b\",\"key\":\"\","
        "\"recursive\":false}",
        "{\"hoist_resume\":1,\"kind\":\"upload\",\"source\":\"\",\"bucket\":\"b\",\"key\":\"\","
        "\"recursive\":false}"}) {
    auto decoded = decode_resume_token(text);
    ASSERT_FALSE(decoded.ok()) << text;
    EXPECT_EQ(decoded.error().code, "InvalidResumeToken") << text;
  }
}

}  // namespace
}  // namespace hoist::api
