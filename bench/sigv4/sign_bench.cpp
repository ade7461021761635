// Cost of signing one UploadPart request, the request hoist sends most: with the signing key
// cached (the steady state, one key per day and scope) and with it derived every time.

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "sigv4/canonical_uri.h"
#include "sigv4/sha256.h"
#include "sigv4/signer.h"

namespace hoist::sigv4 {
namespace {

const Credentials kCredentials{"AKIAIOSFODNN7EXAMPLE",
                               "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const Scope kScope{"us-east-1", "s3"};

// An upload id as long as S3 issues them.
const char* const kUploadId =
    "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA.2Ph3Uk4nfBsCvPbHiLt0RiXzF4lK"
    "YyMGmfrN_kDr1s2dWUwKfKHOyHrJjS5VrXIP2U4eYR2Jm7l9Q--";

Request upload_part() {
  return {"PUT",
          "/bucket/some/key/part-of-a-backup.tar",
          {{"partNumber", "7"}, {"uploadId", kUploadId}},
          {{"host", "bucket.s3.us-east-1.amazonaws.com"},
           {"content-length", "16777216"},
           {"x-amz-checksum-crc32c", "yZRlqg=="}},
          std::string(UNSIGNED_PAYLOAD)};
}

std::chrono::system_clock::time_point now() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1709622000));
}

// Signs the same request again and again: sign() replaces the previous signature headers, so
// each iteration does the full work of a first signing.
void BM_SignUploadPart_CachedKey(benchmark::State& state) {
  SigningKeyCache cache;
  Request request = upload_part();
  const auto t = now();
  for (auto _ : state) {
    sign(request, kCredentials, kScope, t, &cache);
    benchmark::DoNotOptimize(request.headers.back().second.data());
  }
}
BENCHMARK(BM_SignUploadPart_CachedKey);

void BM_SignUploadPart_UncachedKey(benchmark::State& state) {
  Request request = upload_part();
  const auto t = now();
  for (auto _ : state) {
    sign(request, kCredentials, kScope, t);
    benchmark::DoNotOptimize(request.headers.back().second.data());
  }
}
BENCHMARK(BM_SignUploadPart_UncachedKey);

// What a caller does per part: build the request, sign it, and make its request target.
void BM_BuildAndSignUploadPart_CachedKey(benchmark::State& state) {
  SigningKeyCache cache;
  const auto t = now();
  for (auto _ : state) {
    Request request = upload_part();
    sign(request, kCredentials, kScope, t, &cache);
    std::string target = request_target(request);
    benchmark::DoNotOptimize(target.data());
  }
}
BENCHMARK(BM_BuildAndSignUploadPart_CachedKey);

}  // namespace
}  // namespace hoist::sigv4
