// Resume tokens: any path, bucket and key (bytes, not necessarily UTF-8) survive the round
// trip, as do a download's kept temporary files and their ranges; what the encoder did not
// make is refused as InvalidResumeToken.
#include "engine/api/resume_token.h"

#include <gtest/gtest.h>

#include <string>

namespace hoist::api {
namespace {

TEST(ResumeTokenTest, NamesThatAreNotUtf8SurviveTheRoundTrip) {
  ResumeToken token;
  token.local = "/data/caf\xe9 100%/\x01tab\there";
  token.remote = S3Uri{"bucket", "p/\xff\xfe key"};
  token.recursive = true;
  const std::string text = encode_resume_token(token);
  EXPECT_EQ(text.find('\xe9'), std::string::npos) << "raw bytes in the JSON: " << text;
  auto back = decode_resume_token(text);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->kind, ResumeToken::Kind::kUpload);
  EXPECT_EQ(back->local, token.local);
  EXPECT_EQ(back->remote.bucket, "bucket");
  EXPECT_EQ(back->remote.key, token.remote.key);
  EXPECT_TRUE(back->recursive);
}

TEST(ResumeTokenTest, ADownloadKeepsItsPartialFilesAndTheirRanges) {
  ResumeToken token;
  token.kind = ResumeToken::Kind::kDownload;
  token.local = "/restore/d\xe9";
  token.remote = S3Uri{"bucket", "p/"};
  token.recursive = true;
  token.partials.push_back(transfer::PartialDownload{"/restore/d\xe9/a",
                                                     "/restore/d\xe9/.a.hoist-0a",
                                                     "bucket",
                                                     "p/a",
                                                     "\"etag-1\"",
                                                     20 << 20,
                                                     8 << 20,
                                                     {0, 2}});
  auto back = decode_resume_token(encode_resume_token(token));
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->kind, ResumeToken::Kind::kDownload);
  EXPECT_EQ(back->local, token.local);
  EXPECT_EQ(back->remote.key, "p/");
  ASSERT_EQ(back->partials.size(), 1u);
  EXPECT_EQ(back->partials[0], token.partials[0]);
}

TEST(ResumeTokenTest, WhatTheEncoderDidNotMakeIsRefused) {
  const std::string download =
      "{\"hoist_resume\":1,\"kind\":\"download\",\"destination\":\"/d\",\"bucket\":\"b\","
      "\"key\":\"k\",\"recursive\":false,\"partials\":[";
  const std::string partial =
      "{\"path\":\"/d\",\"temp\":\"/.d.hoist-1\",\"bucket\":\"b\",\"key\":\"k\",\"etag\":\"e\","
      "\"size\":100,\"range_size\":10,";
  for (const std::string& text : std::vector<std::string>{
           "", "not json", "[]", "{\"hoist_resume\":2,\"kind\":\"upload\"}",
           "{\"hoist_resume\":1,\"kind\":\"move\",\"source\":\"a\",\"bucket\":\"b\",\"key\":\"\","
           "\"recursive\":false}",
           "{\"hoist_resume\":1,\"kind\":\"upload\",\"source\":\"a%4\",\"bucket\":\"b\","
           "\"key\":\"\",\"recursive\":false}",
           "{\"hoist_resume\":1,\"kind\":\"upload\",\"source\":\"\",\"bucket\":\"b\",\"key\":\"\","
           "\"recursive\":false}",
           // a download names its destination, not a source, and carries its partials
           "{\"hoist_resume\":1,\"kind\":\"download\",\"source\":\"/d\",\"bucket\":\"b\","
           "\"key\":\"k\",\"recursive\":false,\"partials\":[]}",
           download.substr(0, download.size() - 13) + "}",
           download + partial + "\"done\":[10]}]}",                            // range 10 of ten
           download + partial + "\"done\":[3,3]}]}",                           // not ascending
           download + partial + "\"done\":[-1]}]}",                            // not an index
           download + partial + "\"done\":[]}," + partial + "\"done\":[]}]}",  // twice
           // outside the destination /d
           download + "{\"path\":\"/etc/x\",\"temp\":\"/etc/.x.hoist-1\",\"bucket\":\"b\","
                      "\"key\":\"k\",\"etag\":\"e\",\"size\":1,\"range_size\":1,\"done\":[]}]}",
           download + "{\"path\":\"/d/../x\",\"temp\":\"/d/../.x.hoist-1\",\"bucket\":\"b\","
                      "\"key\":\"k\",\"etag\":\"e\",\"size\":1,\"range_size\":1,\"done\":[]}]}",
           download + "{\"path\":\"/d\",\"temp\":\"/.d.hoist-1\",\"bucket\":\"b\",\"key\":\"k\","
                      "\"etag\":\"e\",\"size\":100,\"range_size\":0,\"done\":[]}]}"}) {
    auto decoded = decode_resume_token(text);
    ASSERT_FALSE(decoded.ok()) << text;
    EXPECT_EQ(decoded.error().code, "InvalidResumeToken") << text;
  }
  auto good = decode_resume_token(download + partial + "\"done\":[0,9]}]}");
  EXPECT_TRUE(good.ok()) << "the refusals above are for their one flaw each";
}

}  // namespace
}  // namespace hoist::api
