// find_resume_point against a LocalHttpResponder that answers ListParts: which parts an
// interrupted upload keeps (journal and server agree), which it adopts (the server holds them,
// the journal never heard, the local bytes prove them) and which it sends again.
#include "engine/transfer/resume_point.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/checksum/hasher.h"
#include "engine/checksum/message_digest.h"
#include "engine/s3/endpoint.h"
#include "io/env.h"
#include "tests/http/http_test.h"
#include "tests/support/local_http_responder.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_bytes.h"

namespace hoist::transfer {
namespace {

using test::CannedResponse;
using test::RecordedRequest;

constexpr uint64_t kPartSize = 5ull << 20;
// Three whole parts and a short fourth.
constexpr uint64_t kFileSize = 3 * kPartSize + 12345;
constexpr const char* kUploadId = "upload-1";

std::span<const uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// One <Part> of a ListParts answer.
struct HeldPart {
  int number = 0;
  uint64_t size = 0;
  std::string etag;
  std::string crc32c;  // base64; empty: no ChecksumCRC32C element
};

class ResumePointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bytes_ = test::xorshift_bytes(kFileSize, 7);
    path_ = dir_.write_file("big.bin", bytes_);
    source_.path = path_;
    ASSERT_TRUE(io::stat_path(path_, &source_.stat).ok());
    source_.bucket = "bucket";
    source_.key = "big.bin";
    auto plan = plan_parts(kFileSize, kPartSize, kPartSize);
    ASSERT_TRUE(plan.ok());
    source_.plan = *plan;
    ASSERT_EQ(source_.plan.part_count, 4u);
    auto journal = Journal::open(dir_.path() + "/state");
    ASSERT_TRUE(journal.ok()) << journal.error().describe();
    journal_ = std::move(*journal);

    s3::ServiceOptions options;
    auto endpoint = s3::parse_endpoint(server_.url());
    ASSERT_TRUE(endpoint.ok());
    options.endpoint = *endpoint;
    options.http = http::test_options();
    service_ = std::make_unique<s3::Service>(options, []() -> Result<sigv4::Credentials> {
      return sigv4::Credentials{"AKIDEXAMPLE", "secret", ""};
    });
  }

  // The bytes of part `number` (1-based) of the file.
  std::string_view part_bytes(int number) const {
    const uint64_t offset = (number - 1) * kPartSize;
    return std::string_view(bytes_).substr(offset, source_.plan.part_length(number - 1, kFileSize));
  }
  uint64_t part_size(int number) const { return part_bytes(number).size(); }
  std::string crc32c_of(int number) const {
    return checksum::digest_of(checksum::Algorithm::crc32c, as_bytes(part_bytes(number)))
        .to_base64();
  }
  std::string md5_etag_of(int number) const {
    return "\"" + checksum::md5(as_bytes(part_bytes(number))).to_hex() + "\"";
  }

  // Journals the upload under the identity `algorithm` gives it, with `parts` confirmed.
  void journal_upload(std::string_view algorithm, const std::vector<JournalPart>& parts) {
    ASSERT_TRUE(journal_->record_upload(upload_identity(source_, algorithm), kUploadId).ok());
    for (const JournalPart& p : parts) ASSERT_TRUE(journal_->record_part(kUploadId, p).ok());
  }

  // ListParts of the upload answers with `parts`, in one page.
  void server_holds(const std::vector<HeldPart>& parts) {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListPartsResult "
        "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>bucket</Bucket>"
        "<Key>big.bin</Key><UploadId>upload-1</UploadId><IsTruncated>false</IsTruncated>";
    for (const HeldPart& p : parts) {
      xml += "<Part><PartNumber>" + std::to_string(p.number) + "</PartNumber><ETag>" + p.etag +
             "</ETag><Size>" + std::to_string(p.size) + "</Size>";
      if (!p.crc32c.empty()) xml += "<ChecksumCRC32C>" + p.crc32c + "</ChecksumCRC32C>";
      xml += "</Part>";
    }
    xml += "</ListPartsResult>";
    server_.respond("GET", "/bucket/big.bin", CannedResponse().with_body(xml));
  }

  // The part numbers of the resume point find_resume_point gives.
  std::vector<int> resumed_parts(const PartAdoption& adoption) {
    auto point = find_resume_point(*journal_, *service_, io::default_env(), source_, adoption);
    EXPECT_TRUE(point.ok()) << point.error().describe();
    if (!point.ok() || !*point) {
      ADD_FAILURE() << "no resume point";
      return {};
    }
    EXPECT_EQ((*point)->upload_id, kUploadId);
    std::vector<int> numbers;
    for (const JournalPart& p : (*point)->parts) numbers.push_back(p.part_number);
    last_point_ = std::move(**point);
    return numbers;
  }

  std::vector<int> journaled_parts() {
    auto parts = journal_->parts(kUploadId);
    EXPECT_TRUE(parts.ok());
    std::vector<int> numbers;
    if (parts.ok()) {
      for (const JournalPart& p : *parts) numbers.push_back(p.part_number);
    }
    return numbers;
  }

  static PartAdoption by_crc32c() { return {checksum::Algorithm::crc32c, true}; }

  test::TempDirectory dir_;
  test::LocalHttpResponder server_;
  std::string bytes_;
  std::string path_;
  UploadSource source_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<s3::Service> service_;
  ResumePoint last_point_;
};

TEST_F(ResumePointTest, PartsTheJournalLacksAreAdoptedWhenTheirChecksumMatchesTheFile) {
  journal_upload("CRC32C", {{1, part_size(1), "\"e1\"", crc32c_of(1)}});
  server_holds({{1, part_size(1), "\"e1\"", crc32c_of(1)},
                {2, part_size(2), "\"e2\"", crc32c_of(2)},
                {4, part_size(4), "\"e4\"", crc32c_of(4)}});
  EXPECT_EQ(resumed_parts(by_crc32c()), (std::vector<int>{1, 2, 4}));
  // Adopted parts carry the server's ETag and the checksum of the local bytes, which
  // CompleteMultipartUpload needs; and they are journaled, so a later run need not re-read them.
  ASSERT_EQ(last_point_.parts.size(), 3u);
  EXPECT_EQ(last_point_.parts[1].etag, "\"e2\"");
  EXPECT_EQ(last_point_.parts[1].checksum, crc32c_of(2));
  EXPECT_EQ(last_point_.parts[2].size, 12345u);
  EXPECT_EQ(journaled_parts(), (std::vector<int>{1, 2, 4}));
}

TEST_F(ResumePointTest, PartWhoseChecksumDiffersFromTheFileIsSentAgain) {
  journal_upload("CRC32C", {});
  server_holds({{2, part_size(2), "\"e2\"", crc32c_of(3)},  // another part's bytes
                {3, part_size(3), "\"e3\"", crc32c_of(3)}});
  EXPECT_EQ(resumed_parts(by_crc32c()), (std::vector<int>{3}));
  EXPECT_EQ(journaled_parts(), (std::vector<int>{3}));
}

TEST_F(ResumePointTest, PartWithoutTheUploadsChecksumIsNotAdopted) {
  journal_upload("CRC32C", {});
  // Its ETag is the right MD5, but an upload with part checksums is proved by them alone.
  server_holds({{2, part_size(2), md5_etag_of(2), ""}});
  EXPECT_EQ(resumed_parts(by_crc32c()), std::vector<int>{});
}

TEST_F(ResumePointTest, PartOfAnotherSizeIsNotAdopted) {
  journal_upload("CRC32C", {});
  server_holds({{4, part_size(4) + 1, "\"e4\"", crc32c_of(4)}});
  EXPECT_EQ(resumed_parts(by_crc32c()), std::vector<int>{});
}

TEST_F(ResumePointTest, PartNumberBeyondThePlanIsIgnored) {
  journal_upload("CRC32C", {});
  server_holds({{1, part_size(1), "\"e1\"", crc32c_of(1)}, {5, 5, "\"e5\"", "AAAAAA=="}});
  EXPECT_EQ(resumed_parts(by_crc32c()), std::vector<int>{1});
}

TEST_F(ResumePointTest, WithoutAPartChecksumTheEtagIsComparedAsTheMd5) {
  journal_upload("none", {});
  server_holds({{1, part_size(1), md5_etag_of(1), ""},
                {2, part_size(2), md5_etag_of(1), ""},  // part 1's MD5, not part 2's
                {3, part_size(3), md5_etag_of(3), ""}});
  EXPECT_EQ(resumed_parts({checksum::Algorithm::none, true}), (std::vector<int>{1, 3}));
  ASSERT_EQ(last_point_.parts.size(), 2u);
  EXPECT_EQ(last_point_.parts[0].etag, md5_etag_of(1));
  EXPECT_EQ(last_point_.parts[0].checksum, "");
}

TEST_F(ResumePointTest, EncryptedUploadWithoutAPartChecksumAdoptsNothing) {
  journal_upload("none", {{1, part_size(1), "\"kms-etag-1\"", ""}});
  // SSE-C and SSE-KMS ETags are not MD5s: even a matching one proves nothing.
  server_holds({{1, part_size(1), "\"kms-etag-1\"", ""}, {2, part_size(2), md5_etag_of(2), ""}});
  EXPECT_EQ(resumed_parts({checksum::Algorithm::none, false}), std::vector<int>{1});
}

TEST_F(ResumePointTest, SseKmsAndSseCUploadsDoNotTrustEtagsAsMd5) {
  ObjectOptions plain;
  EXPECT_TRUE(part_adoption_for(checksum::Algorithm::none, plain).etag_is_md5);
  ObjectOptions sse_s3;
  sse_s3.create_headers = {{"x-amz-server-side-encryption", "AES256"}};
  EXPECT_TRUE(part_adoption_for(checksum::Algorithm::none, sse_s3).etag_is_md5);
  ObjectOptions kms;
  kms.create_headers = {{"x-amz-server-side-encryption", "aws:kms:dsse"}};
  EXPECT_FALSE(part_adoption_for(checksum::Algorithm::none, kms).etag_is_md5);
  ObjectOptions customer;
  customer.customer_key = {{"x-amz-server-side-encryption-customer-algorithm", "AES256"}};
  EXPECT_FALSE(part_adoption_for(checksum::Algorithm::crc32c, customer).etag_is_md5);
  EXPECT_EQ(part_adoption_for(checksum::Algorithm::crc32c, customer).algorithm,
            checksum::Algorithm::crc32c);
}

TEST_F(ResumePointTest, FileChangedSinceItWasPlannedAdoptsNothing) {
  source_.stat.mtime_ns += 1;  // the plan saw another file than the one on disk now
  journal_upload("CRC32C", {});
  server_holds({{1, part_size(1), "\"e1\"", crc32c_of(1)}});
  EXPECT_EQ(resumed_parts(by_crc32c()), std::vector<int>{});
}

TEST_F(ResumePointTest, UploadsADamagedJournalNamedForThisFileAreAborted) {
  // The damaged journal is made as a kill -9 mid-write could leave it: the uploads table
  // readable, the parts beyond the end of the file.
  const std::string state = dir_.path() + "/damaged";
  {
    auto journal = Journal::open(state);
    ASSERT_TRUE(journal.ok());
    UploadIdentity id = upload_identity(source_, "CRC32C");
    ASSERT_TRUE((*journal)->record_upload(id, "old-upload").ok());
    for (int n = 1; n <= 3000; ++n) {
      ASSERT_TRUE((*journal)->record_part("old-upload", {n, kPartSize, "\"etag\"", ""}).ok());
    }
  }
  const std::string file = state + "/journal.sqlite";
  ASSERT_EQ(::truncate(file.c_str(), static_cast<off_t>(std::filesystem::file_size(file) / 2)), 0);
  auto reopened = Journal::open(state);
  ASSERT_TRUE(reopened.ok()) << reopened.error().describe();
  EXPECT_NE((*reopened)->set_aside_warning(), "");
  journal_ = std::move(*reopened);

  server_.respond("DELETE", "/bucket/big.bin", CannedResponse().with_status(204));
  auto point = find_resume_point(*journal_, *service_, io::default_env(), source_, by_crc32c());
  ASSERT_TRUE(point.ok()) << point.error().describe();
  EXPECT_FALSE(*point);  // afresh
  std::vector<std::string> aborted;
  for (const RecordedRequest& r : server_.requests()) {
    if (r.method == "DELETE") aborted.push_back(r.target);
  }
  EXPECT_EQ(aborted, std::vector<std::string>{"/bucket/big.bin?uploadId=old-upload"});
  // Handed out once: the next object of the same name does not abort it again.
  EXPECT_EQ(journal_->take_orphaned(source_.path, "bucket", "big.bin"), std::vector<std::string>{});
}

}  // namespace
}  // namespace hoist::transfer
