// What every ObjectStore promises the front end, run against each implementation: buckets,
// single-request objects, listing, and multipart uploads with S3's rules and checksums.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/checksum/digest.h"
#include "engine/checksum/hasher.h"
#include "tests/serve_store/store_test_util.h"
#include "tests/support/temp_directory.h"
#include "tools/serve/discard_store.h"
#include "tools/serve/file_store.h"

namespace hoist::serve {
namespace {

using checksum::Algorithm;

struct StoreKind {
  std::string name;
  std::function<std::unique_ptr<ObjectStore>(const std::string& dir)> open;
  // The bytes a GET serves for an object that was written as `written`.
  std::function<std::string(const std::string& written)> served;
  // Whether HEAD and GET report the checksums given at upload: a store that serves generated
  // bytes must not, or verifying clients would reject what it serves.
  bool reports_checksums;
};

std::unique_ptr<ObjectStore> open_file_store(const std::string& dir) {
  Result<std::unique_ptr<FileStore>> store = FileStore::open(dir + "/root");
  EXPECT_TRUE(store.ok()) << store.error().describe();
  return store.ok() ? std::move(*store) : nullptr;
}

std::string generated(const std::string& written) {
  std::string out(written.size(), '\0');
  DiscardStore::fill_generated(0, out);
  return out;
}

std::vector<StoreKind> store_kinds() {
  return {
      {"FileStore", open_file_store, [](const std::string& written) { return written; }, true},
      {"DiscardStore", [](const std::string&) { return std::make_unique<DiscardStore>(); },
       generated, false},
  };
}

std::string base64_digest(Algorithm algorithm, const std::string& bytes) {
  return checksum::digest_of(algorithm, {reinterpret_cast<const uint8_t*>(bytes.data()),
                                         bytes.size()})
      .to_base64();
}

class ObjectStoreTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    store = GetParam().open(dir.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->create_bucket("bucket").ok());
  }

  std::string served(const std::string& written) const { return GetParam().served(written); }

  std::vector<std::string> keys(const ListResult& page) const {
    std::vector<std::string> out;
    for (const ObjectInfo& object : page.objects) out.push_back(object.key);
    return out;
  }

  // Designated initializers would leave members out, which -Wextra rejects.
  static ListQuery query(std::string prefix, std::string delimiter, std::string start_after = "",
                         int max_keys = 1000) {
    return {std::move(prefix), std::move(delimiter), std::move(start_after), max_keys};
  }

  ListResult list(const ListQuery& query) {
    Result<ListResult> page = store->list_objects("bucket", query);
    EXPECT_TRUE(page.ok()) << page.error().describe();
    return page.ok() ? *page : ListResult{};
  }

  std::string create_upload(const std::string& key, const std::string& algorithm = "",
                            const std::string& type = "") {
    Result<std::string> id = store->create_upload("bucket", key, {}, algorithm, type);
    EXPECT_TRUE(id.ok()) << id.error().describe();
    return id.ok() ? *id : "";
  }

  test::TempDirectory dir;
  std::unique_ptr<ObjectStore> store;
};

TEST_P(ObjectStoreTest, BucketsAreCreatedListedAndDeleted) {
  EXPECT_EQ(outcome(store->create_bucket("bucket")), "BucketAlreadyOwnedByYou 409");
  ASSERT_TRUE(store->create_bucket("another.bucket-1").ok());
  Result<std::vector<BucketInfo>> buckets = store->list_buckets();
  ASSERT_TRUE(buckets.ok());
  ASSERT_EQ(buckets->size(), 2u);
  EXPECT_EQ((*buckets)[0].name, "another.bucket-1");
  EXPECT_EQ((*buckets)[1].name, "bucket");
  EXPECT_GT((*buckets)[0].created_ns, 0);

  EXPECT_EQ(outcome(store->head_bucket("another.bucket-1")), "ok");
  EXPECT_EQ(outcome(store->delete_bucket("another.bucket-1")), "ok");
  EXPECT_EQ(outcome(store->head_bucket("another.bucket-1")), "NoSuchBucket 404");
  EXPECT_EQ(outcome(store->delete_bucket("another.bucket-1")), "NoSuchBucket 404");
}

TEST_P(ObjectStoreTest, BucketNamesFollowS3Rules) {
  for (const char* bad : {"ab", "Upper", "-abc", "abc-", ".abc", "a..b", "192.168.1.1", "a_b",
                          "a/b", ""}) {
    EXPECT_EQ(outcome(store->create_bucket(bad)), "InvalidBucketName 400") << bad;
  }
  EXPECT_EQ(outcome(store->create_bucket(std::string(64, 'a'))), "InvalidBucketName 400");
  EXPECT_EQ(outcome(store->create_bucket(std::string(63, 'a'))), "ok");
  EXPECT_EQ(outcome(store->create_bucket("a.b-c1")), "ok");
}

TEST_P(ObjectStoreTest, NonEmptyBucketIsNotDeleted) {
  put(*store, "bucket", "k", "x");
  EXPECT_EQ(outcome(store->delete_bucket("bucket")), "BucketNotEmpty 409");
  ASSERT_TRUE(store->delete_object("bucket", "k").ok());
  std::string upload = create_upload("k");
  EXPECT_EQ(outcome(store->delete_bucket("bucket")), "BucketNotEmpty 409");
  ASSERT_TRUE(store->abort_upload("bucket", "k", upload).ok());
  EXPECT_EQ(outcome(store->delete_bucket("bucket")), "ok");
}

TEST_P(ObjectStoreTest, ObjectRoundTripsWithItsAttributes) {
  ObjectAttributes attributes;
  attributes.content_type = "text/plain; charset=utf-8";
  attributes.content_encoding = "gzip";
  attributes.storage_class = "STANDARD_IA";
  attributes.user_metadata = {{"colour", "blue, green"}, {"empty", ""}};
  std::string bytes = test_bytes(100'000, 1);
  ObjectInfo stored = put(*store, "bucket", "dir/file.txt", bytes, attributes);
  EXPECT_EQ(stored.size, bytes.size());
  EXPECT_EQ(stored.etag.size(), 34u) << stored.etag;
  EXPECT_EQ(stored.etag.front(), '"');

  Result<ObjectInfo> head = store->head_object("bucket", "dir/file.txt");
  ASSERT_TRUE(head.ok()) << head.error().describe();
  EXPECT_EQ(head->key, "dir/file.txt");
  EXPECT_EQ(head->size, bytes.size());
  EXPECT_EQ(head->etag, stored.etag);
  EXPECT_GT(head->last_modified_ns, 0);
  EXPECT_EQ(head->attributes.content_type, attributes.content_type);
  EXPECT_EQ(head->attributes.content_encoding, "gzip");
  EXPECT_EQ(head->attributes.storage_class, "STANDARD_IA");
  EXPECT_EQ(head->attributes.user_metadata, attributes.user_metadata);
  EXPECT_EQ(get(*store, "bucket", "dir/file.txt"), served(bytes));

  Result<std::unique_ptr<ObjectReader>> reader = store->get_object("bucket", "dir/file.txt");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->info().etag, stored.etag);
  char middle[10];
  Result<size_t> got = (*reader)->read_at(50'000, middle);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(*got, 10u);
  EXPECT_EQ(std::string(middle, 10), served(bytes).substr(50'000, 10));
  got = (*reader)->read_at(bytes.size(), middle);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, 0u);
}

TEST_P(ObjectStoreTest, ChecksumsGivenAtCommitAreStored) {
  std::string bytes = "checked";
  NamedValues checksums = {{"crc32c", base64_digest(Algorithm::crc32c, bytes)}};
  Result<ObjectInfo> stored =
      write_and_commit(store->put_object("bucket", "k", {}), bytes, checksums);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->checksums, checksums);
  Result<ObjectInfo> head = store->head_object("bucket", "k");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->checksums, GetParam().reports_checksums ? checksums : NamedValues{});
  EXPECT_EQ(head->checksum_type, GetParam().reports_checksums ? "FULL_OBJECT" : "");
}

TEST_P(ObjectStoreTest, EmptyObjectIsAnObject) {
  ObjectInfo stored = put(*store, "bucket", "empty", "");
  EXPECT_EQ(stored.size, 0u);
  EXPECT_EQ(get(*store, "bucket", "empty"), "");
}

TEST_P(ObjectStoreTest, DeletedObjectIsGoneAndDeletingAgainSucceeds) {
  put(*store, "bucket", "k", "bytes");
  EXPECT_EQ(outcome(store->delete_object("bucket", "k")), "ok");
  EXPECT_EQ(outcome(store->head_object("bucket", "k")), "NoSuchKey 404");
  EXPECT_EQ(outcome(store->get_object("bucket", "k")), "NoSuchKey 404");
  EXPECT_EQ(outcome(store->delete_object("bucket", "k")), "ok");
}

TEST_P(ObjectStoreTest, MissingBucketIsNoSuchBucket) {
  EXPECT_EQ(outcome(store->put_object("nothere", "k", {})), "NoSuchBucket 404");
  EXPECT_EQ(outcome(store->get_object("nothere", "k")), "NoSuchBucket 404");
  EXPECT_EQ(outcome(store->head_object("nothere", "k")), "NoSuchBucket 404");
  EXPECT_EQ(outcome(store->delete_object("nothere", "k")), "NoSuchBucket 404");
  EXPECT_EQ(outcome(store->list_objects("nothere", {})), "NoSuchBucket 404");
  EXPECT_EQ(outcome(store->create_upload("nothere", "k", {}, "", "")), "NoSuchBucket 404");
  EXPECT_EQ(outcome(store->list_uploads("nothere", "")), "NoSuchBucket 404");
}

TEST_P(ObjectStoreTest, KeysAreCheckedForLength) {
  EXPECT_EQ(outcome(store->put_object("bucket", std::string(1025, 'k'), {})),
            "KeyTooLongError 400");
  EXPECT_EQ(outcome(store->put_object("bucket", "", {})), "InvalidArgument 400");
  put(*store, "bucket", std::string(1024, 'k'), "longest key");
  EXPECT_EQ(get(*store, "bucket", std::string(1024, 'k')), served("longest key"));
}

TEST_P(ObjectStoreTest, UncommittedWriterLeavesNothing) {
  {
    Result<std::unique_ptr<ObjectWriter>> writer = store->put_object("bucket", "k", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->write({"abc", 3}).ok());
  }
  EXPECT_EQ(outcome(store->head_object("bucket", "k")), "NoSuchKey 404");
  EXPECT_TRUE(list({}).objects.empty());
}

TEST_P(ObjectStoreTest, ReplacedObjectServesTheNewBytes) {
  put(*store, "bucket", "k", "old bytes, longer than the new");
  ObjectInfo replaced = put(*store, "bucket", "k", "new");
  EXPECT_EQ(get(*store, "bucket", "k"), served("new"));
  EXPECT_EQ(store->head_object("bucket", "k")->etag, replaced.etag);
  EXPECT_EQ(list({}).objects.size(), 1u);
}

// Keys chosen so that byte order, delimiters inside and after the prefix, and characters that
// need escaping on the wire all matter.
const std::vector<std::string> kListedKeys = {
    "a", "a/b", "a/c/d", "a/c/e", "b", "b c", "b%20", "b+c", "x//y", "x//z", "\xc3\xa9"};

TEST_P(ObjectStoreTest, ListingIsInByteOrder) {
  for (auto it = kListedKeys.rbegin(); it != kListedKeys.rend(); ++it) put(*store, "bucket", *it, *it);
  ListResult all = list({});
  EXPECT_EQ(keys(all), kListedKeys);
  EXPECT_FALSE(all.truncated);
  EXPECT_TRUE(all.common_prefixes.empty());
  ASSERT_EQ(all.objects.size(), kListedKeys.size());
  EXPECT_EQ(all.objects[1].size, 3u);
  EXPECT_FALSE(all.objects[1].etag.empty());
}

TEST_P(ObjectStoreTest, DelimiterRollsKeysUpIntoCommonPrefixes) {
  for (const std::string& key : kListedKeys) put(*store, "bucket", key, key);
  ListResult top = list(query("", "/"));
  EXPECT_EQ(keys(top), (std::vector<std::string>{"a", "b", "b c", "b%20", "b+c", "\xc3\xa9"}));
  EXPECT_EQ(top.common_prefixes, (std::vector<std::string>{"a/", "x/"}));

  ListResult under_a = list(query("a/", "/"));
  EXPECT_EQ(keys(under_a), std::vector<std::string>{"a/b"});
  EXPECT_EQ(under_a.common_prefixes, std::vector<std::string>{"a/c/"});

  ListResult under_x = list(query("x/", "/"));
  EXPECT_TRUE(under_x.objects.empty());
  EXPECT_EQ(under_x.common_prefixes, std::vector<std::string>{"x//"});

  ListResult by_b = list(query("b", "c"));
  EXPECT_EQ(keys(by_b), (std::vector<std::string>{"b", "b%20"}));
  EXPECT_EQ(by_b.common_prefixes, (std::vector<std::string>{"b c", "b+c"}));

  ListResult prefix_only = list(query("a/c", ""));
  EXPECT_EQ(keys(prefix_only), (std::vector<std::string>{"a/c/d", "a/c/e"}));
}

TEST_P(ObjectStoreTest, PagesCountObjectsAndPrefixesAndResumeAfterTheLast) {
  for (const std::string& key : kListedKeys) put(*store, "bucket", key, key);
  for (const std::string& delimiter : {std::string(), std::string("/")}) {
    ListResult whole = list(query("", delimiter));
    std::vector<std::string> objects, prefixes;
    ListQuery next = query("", delimiter, "", 2);
    int pages = 0;
    for (;;) {
      ListResult page = list(next);
      ++pages;
      ASSERT_LE(page.objects.size() + page.common_prefixes.size(), 2u);
      for (const ObjectInfo& o : page.objects) objects.push_back(o.key);
      for (const std::string& p : page.common_prefixes) prefixes.push_back(p);
      if (!page.truncated) break;
      ASSERT_EQ(page.objects.size() + page.common_prefixes.size(), 2u);
      ASSERT_LT(pages, 20);
      next.start_after = page.next_start_after;
    }
    EXPECT_EQ(objects, keys(whole)) << "delimiter '" << delimiter << "'";
    EXPECT_EQ(prefixes, whole.common_prefixes);
    size_t entries = whole.objects.size() + whole.common_prefixes.size();
    EXPECT_EQ(pages, static_cast<int>((entries + 1) / 2));
  }
}

TEST_P(ObjectStoreTest, StartAfterAndMaxKeys) {
  for (const std::string& key : kListedKeys) put(*store, "bucket", key, key);
  EXPECT_EQ(keys(list(query("", "", "b+c"))),
            (std::vector<std::string>{"x//y", "x//z", "\xc3\xa9"}));
  EXPECT_EQ(keys(list(query("", "", "b+"))),
            (std::vector<std::string>{"b+c", "x//y", "x//z", "\xc3\xa9"}));
  ListResult none = list(query("", "", "", 0));
  EXPECT_TRUE(none.objects.empty());
  EXPECT_FALSE(none.truncated);
  ListResult first = list(query("", "", "", 1));
  EXPECT_EQ(keys(first), std::vector<std::string>{"a"});
  EXPECT_TRUE(first.truncated);
  EXPECT_EQ(first.next_start_after, "a");
}

TEST_P(ObjectStoreTest, MultipartUploadAssemblesItsParts) {
  std::string one = test_bytes(kMinPartSize, 1), two = test_bytes(1000, 2);
  ObjectAttributes attributes;
  attributes.content_type = "application/x-test";
  attributes.user_metadata = {{"m", "v"}};
  Result<std::string> upload = store->create_upload("bucket", "big", attributes, "", "");
  ASSERT_TRUE(upload.ok());
  std::string etag2 = put_part(*store, "bucket", "big", *upload, 2, two);
  std::string etag1 = put_part(*store, "bucket", "big", *upload, 1, one);

  Result<std::vector<PartInfo>> parts = store->list_parts("bucket", "big", *upload);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].part_number, 1);
  EXPECT_EQ((*parts)[0].size, one.size());
  EXPECT_EQ((*parts)[0].etag, etag1);
  EXPECT_EQ((*parts)[1].etag, etag2);

  Result<std::vector<UploadInfo>> uploads = store->list_uploads("bucket", "b");
  ASSERT_TRUE(uploads.ok());
  ASSERT_EQ(uploads->size(), 1u);
  EXPECT_EQ((*uploads)[0].upload_id, *upload);
  EXPECT_EQ((*uploads)[0].key, "big");
  EXPECT_TRUE(store->list_uploads("bucket", "c")->empty());

  Result<ObjectInfo> done =
      store->complete_upload("bucket", "big", *upload, {{1, etag1, {}}, {2, etag2, {}}}, {});
  ASSERT_TRUE(done.ok()) << done.error().describe();
  EXPECT_EQ(done->size, one.size() + two.size());
  EXPECT_TRUE(done->etag.ends_with("-2\"")) << done->etag;
  Result<ObjectInfo> head = store->head_object("bucket", "big");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->etag, done->etag);
  EXPECT_EQ(head->attributes.content_type, "application/x-test");
  EXPECT_EQ(head->attributes.user_metadata, attributes.user_metadata);
  EXPECT_EQ(get(*store, "bucket", "big"), served(one + two));
  EXPECT_EQ(outcome(store->list_parts("bucket", "big", *upload)), "NoSuchUpload 404");
  EXPECT_TRUE(store->list_uploads("bucket", "")->empty());
}

TEST_P(ObjectStoreTest, EtagOfMultipartIsMd5OfPartMd5s) {
  std::string upload = create_upload("k");
  std::string etag = put_part(*store, "bucket", "k", upload, 1, "only part");
  Result<ObjectInfo> done = store->complete_upload("bucket", "k", upload, {{1, etag, {}}}, {});
  ASSERT_TRUE(done.ok());
  std::optional<checksum::Digest> part_md5 = checksum::Digest::from_hex(etag.substr(1, 32));
  ASSERT_TRUE(part_md5);
  std::string expected =
      checksum::digest_of(Algorithm::md5, part_md5->bytes()).to_hex();
  EXPECT_EQ(done->etag, "\"" + expected + "-1\"");
}

TEST_P(ObjectStoreTest, ReplacedPartIsTheOneAssembled) {
  std::string upload = create_upload("k");
  put_part(*store, "bucket", "k", upload, 1, "first try");
  std::string etag = put_part(*store, "bucket", "k", upload, 1, "second");
  ASSERT_EQ(store->list_parts("bucket", "k", upload)->size(), 1u);
  Result<ObjectInfo> done = store->complete_upload("bucket", "k", upload, {{1, etag, {}}}, {});
  ASSERT_TRUE(done.ok()) << done.error().describe();
  EXPECT_EQ(get(*store, "bucket", "k"), served("second"));
}

TEST_P(ObjectStoreTest, CompleteEnforcesS3Rules) {
  std::string upload = create_upload("k");
  std::string big = test_bytes(kMinPartSize, 3);
  std::string e1 = put_part(*store, "bucket", "k", upload, 1, "small");
  std::string e2 = put_part(*store, "bucket", "k", upload, 2, big);
  std::string e3 = put_part(*store, "bucket", "k", upload, 3, "last");

  auto complete = [&](std::vector<CompletePart> parts) {
    return outcome(store->complete_upload("bucket", "k", upload, parts, {}));
  };
  EXPECT_EQ(complete({{2, e2, {}}, {1, e1, {}}}), "InvalidPartOrder 400");
  EXPECT_EQ(complete({{2, e2, {}}, {2, e2, {}}}), "InvalidPartOrder 400");
  EXPECT_EQ(complete({{2, e2, {}}, {4, e3, {}}}), "InvalidPart 400");
  EXPECT_EQ(complete({{2, e2, {}}, {3, e2, {}}}), "InvalidPart 400");
  EXPECT_EQ(complete({{1, e1, {}}, {3, e3, {}}}), "EntityTooSmall 400");
  EXPECT_EQ(complete({}), "MalformedXML 400");
  std::vector<CompletePart> too_many(kMaxParts + 1);
  for (int i = 0; i <= kMaxParts; ++i) too_many[i] = {i + 1, e1, {}};
  EXPECT_EQ(complete(too_many), "InvalidArgument 400");
  EXPECT_EQ(outcome(store->complete_upload("bucket", "other", upload, {{1, e1, {}}}, {})),
            "NoSuchUpload 404");
  // Every failure left the upload as it was; an unquoted ETag is accepted, and parts not named
  // are dropped.
  EXPECT_EQ(store->list_parts("bucket", "k", upload)->size(), 3u);
  EXPECT_EQ(complete({{2, e2.substr(1, 32), {}}, {3, e3, {}}}), "ok");
  EXPECT_EQ(get(*store, "bucket", "k"), served(big + "last"));
}

TEST_P(ObjectStoreTest, PartNumbersAndUploadIdsAreChecked) {
  std::string upload = create_upload("k");
  EXPECT_EQ(outcome(store->put_part("bucket", "k", upload, 0)), "InvalidArgument 400");
  EXPECT_EQ(outcome(store->put_part("bucket", "k", upload, kMaxParts + 1)), "InvalidArgument 400");
  EXPECT_EQ(outcome(store->put_part("bucket", "k", upload, kMaxParts)), "ok");
  EXPECT_EQ(outcome(store->put_part("bucket", "k", "no-such-upload", 1)), "NoSuchUpload 404");
  EXPECT_EQ(outcome(store->put_part("bucket", "other-key", upload, 1)), "NoSuchUpload 404");
  EXPECT_EQ(outcome(store->abort_upload("bucket", "k", "no-such-upload")), "NoSuchUpload 404");
}

TEST_P(ObjectStoreTest, AbortForgetsTheUploadAndItsParts) {
  std::string upload = create_upload("k");
  put_part(*store, "bucket", "k", upload, 1, "part");
  ASSERT_EQ(outcome(store->abort_upload("bucket", "k", upload)), "ok");
  EXPECT_EQ(outcome(store->list_parts("bucket", "k", upload)), "NoSuchUpload 404");
  EXPECT_EQ(outcome(store->put_part("bucket", "k", upload, 2)), "NoSuchUpload 404");
  EXPECT_TRUE(store->list_uploads("bucket", "")->empty());
  EXPECT_EQ(outcome(store->head_object("bucket", "k")), "NoSuchKey 404");
}

TEST_P(ObjectStoreTest, PartCommittedAfterAbortIsRefused) {
  std::string upload = create_upload("k");
  Result<std::unique_ptr<ObjectWriter>> writer = store->put_part("bucket", "k", upload, 1);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->write({"late", 4}).ok());
  ASSERT_TRUE(store->abort_upload("bucket", "k", upload).ok());
  EXPECT_EQ(outcome((*writer)->commit({})), "NoSuchUpload 404");
}

TEST_P(ObjectStoreTest, UnsupportedChecksumsAreRefusedAtCreate) {
  EXPECT_EQ(outcome(store->create_upload("bucket", "k", {}, "CRC99", "")), "InvalidRequest 400");
  EXPECT_EQ(outcome(store->create_upload("bucket", "k", {}, "SHA256", "FULL_OBJECT")),
            "InvalidRequest 400");
  EXPECT_EQ(outcome(store->create_upload("bucket", "k", {}, "CRC64NVME", "COMPOSITE")),
            "InvalidRequest 400");
  EXPECT_EQ(outcome(store->create_upload("bucket", "k", {}, "", "COMPOSITE")),
            "InvalidRequest 400");
}

// Parts carrying their checksums (as a client sends them) and the bytes they make together.
struct ChecksummedParts {
  std::vector<std::string> bytes;
  std::string whole;
};

ChecksummedParts two_parts() {
  ChecksummedParts out;
  out.bytes = {test_bytes(kMinPartSize, 7), test_bytes(12'345, 8)};
  out.whole = out.bytes[0] + out.bytes[1];
  return out;
}

TEST_P(ObjectStoreTest, FullObjectChecksumIsTheChecksumOfTheAssembledBytes) {
  for (auto [name, algorithm] : {std::pair{"crc32c", Algorithm::crc32c},
                                 std::pair{"crc32", Algorithm::crc32},
                                 std::pair{"crc64nvme", Algorithm::crc64nvme}}) {
    ChecksummedParts parts = two_parts();
    std::string upload = create_upload(name, name, "FULL_OBJECT");
    std::vector<CompletePart> complete;
    for (size_t i = 0; i < parts.bytes.size(); ++i) {
      int number = static_cast<int>(i) + 1;
      NamedValues sent = {{name, base64_digest(algorithm, parts.bytes[i])}};
      complete.push_back({number, put_part(*store, "bucket", name, upload, number,
                                           parts.bytes[i], sent), sent});
    }
    std::string expected = base64_digest(algorithm, parts.whole);
    Result<ObjectInfo> done =
        store->complete_upload("bucket", name, upload, complete, {{name, expected}});
    ASSERT_TRUE(done.ok()) << name << ": " << done.error().describe();
    EXPECT_EQ(done->checksums, (NamedValues{{name, expected}})) << name;
    EXPECT_EQ(done->checksum_type, "FULL_OBJECT");
    Result<ObjectInfo> head = store->head_object("bucket", name);
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(head->checksums, GetParam().reports_checksums ? done->checksums : NamedValues{});
    EXPECT_EQ(head->checksum_type, GetParam().reports_checksums ? "FULL_OBJECT" : "");
  }
}

TEST_P(ObjectStoreTest, CompositeChecksumIsTheChecksumOfPartChecksums) {
  ChecksummedParts parts = two_parts();
  std::string upload = create_upload("k", "SHA256", "");
  std::vector<CompletePart> complete;
  std::string concatenated_digests;
  for (size_t i = 0; i < parts.bytes.size(); ++i) {
    int number = static_cast<int>(i) + 1;
    checksum::Digest digest = checksum::digest_of(
        Algorithm::sha256,
        {reinterpret_cast<const uint8_t*>(parts.bytes[i].data()), parts.bytes[i].size()});
    concatenated_digests.append(reinterpret_cast<const char*>(digest.bytes().data()),
                                digest.size());
    NamedValues sent = {{"sha256", digest.to_base64()}};
    complete.push_back(
        {number, put_part(*store, "bucket", "k", upload, number, parts.bytes[i], sent), sent});
  }
  Result<ObjectInfo> done = store->complete_upload("bucket", "k", upload, complete, {});
  ASSERT_TRUE(done.ok()) << done.error().describe();
  EXPECT_EQ(done->checksums,
            (NamedValues{{"sha256", base64_digest(Algorithm::sha256, concatenated_digests) + "-2"}}));
  EXPECT_EQ(done->checksum_type, "COMPOSITE");
}

TEST_P(ObjectStoreTest, WrongChecksumAtCompleteIsBadDigestAndKeepsTheUpload) {
  std::string upload = create_upload("k", "CRC32C", "FULL_OBJECT");
  NamedValues sent = {{"crc32c", base64_digest(Algorithm::crc32c, "part")}};
  std::string etag = put_part(*store, "bucket", "k", upload, 1, "part", sent);
  std::vector<CompletePart> complete = {{1, etag, sent}};
  NamedValues wrong = {{"crc32c", base64_digest(Algorithm::crc32c, "other")}};
  EXPECT_EQ(outcome(store->complete_upload("bucket", "k", upload, complete, wrong)),
            "BadDigest 400");
  EXPECT_EQ(outcome(store->complete_upload("bucket", "k", upload, complete,
                                           {{"sha256", "AAAA"}})),
            "InvalidRequest 400");
  EXPECT_EQ(store->list_parts("bucket", "k", upload)->size(), 1u);
  EXPECT_EQ(outcome(store->complete_upload("bucket", "k", upload, complete, sent)), "ok");
}

TEST_P(ObjectStoreTest, RestoreBelongsToTheObjectItWasSetOn) {
  ObjectAttributes glacier;
  glacier.storage_class = "GLACIER";
  ObjectInfo stored = put(*store, "bucket", "k", "archived", glacier);
  EXPECT_EQ(store->head_object("bucket", "k")->restore.ready_ns, 0);
  EXPECT_EQ(outcome(store->set_restore("bucket", "k", "\"other\"", {1, 2})), "NoSuchKey 404");
  EXPECT_EQ(outcome(store->set_restore("bucket", "missing", stored.etag, {1, 2})), "NoSuchKey 404");
  ASSERT_EQ(outcome(store->set_restore("bucket", "k", stored.etag, {5, 9})), "ok");
  Result<ObjectInfo> head = store->head_object("bucket", "k");
  EXPECT_EQ(head->restore.ready_ns, 5);
  EXPECT_EQ(head->restore.expiry_ns, 9);
  EXPECT_EQ((*store->get_object("bucket", "k"))->info().restore.expiry_ns, 9);
  EXPECT_EQ(head->attributes.storage_class, "GLACIER");

  // A new object under the key starts without the old one's restore.
  put(*store, "bucket", "k", "archived again", glacier);
  EXPECT_EQ(store->head_object("bucket", "k")->restore.ready_ns, 0);
}

TEST_P(ObjectStoreTest, UploadsListTheirStorageClass) {
  ObjectAttributes deep;
  deep.storage_class = "DEEP_ARCHIVE";
  ASSERT_TRUE(store->create_upload("bucket", "a", deep, "", "").ok());
  create_upload("b");
  Result<std::vector<UploadInfo>> uploads = store->list_uploads("bucket", "");
  ASSERT_EQ(uploads->size(), 2u);
  EXPECT_EQ((*uploads)[0].storage_class, "DEEP_ARCHIVE");
  EXPECT_EQ((*uploads)[1].storage_class, "");
}

INSTANTIATE_TEST_SUITE_P(Stores, ObjectStoreTest, ::testing::ValuesIn(store_kinds()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace hoist::serve
