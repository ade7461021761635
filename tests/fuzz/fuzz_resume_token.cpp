// Resume tokens, which embedders keep wherever they like and hand back to Client::resume: any
// text decodes to a token or to InvalidResumeToken, never a crash or an exception; a token that
// decodes encodes to one that decodes the same (a download's partial files included); and any
// bytes as a path, bucket and key (split from the input at NULs) survive encoding and decoding
// unchanged.
#include <string>

#include "engine/api/resume_token.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  const std::string text(fuzz::text_of(data, size));
  auto decoded = api::decode_resume_token(text);
  if (decoded.ok()) {
    auto again = api::decode_resume_token(api::encode_resume_token(*decoded));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->kind == decoded->kind);
    FUZZ_CHECK(again->local == decoded->local);
    FUZZ_CHECK(again->remote.bucket == decoded->remote.bucket);
    FUZZ_CHECK(again->remote.key == decoded->remote.key);
    FUZZ_CHECK(again->recursive == decoded->recursive);
    FUZZ_CHECK(again->partials == decoded->partials);
  } else {
    FUZZ_CHECK(decoded.error().code == "InvalidResumeToken");
  }

  api::ResumeToken made;
  const size_t first = text.find('\0');
  const size_t second = first == std::string::npos ? first : text.find('\0', first + 1);
  made.local = text.substr(0, first);
  if (first != std::string::npos) made.remote.bucket = text.substr(first + 1, second - first - 1);
  if (second != std::string::npos) made.remote.key = text.substr(second + 1);
  made.recursive = size % 2 == 1;
  if (size % 3 == 0) made.kind = api::ResumeToken::Kind::kDownload;
  auto round = api::decode_resume_token(api::encode_resume_token(made));
  if (made.local.empty() || made.local == "-" || made.remote.bucket.empty()) {
    FUZZ_CHECK(!round.ok());
    return 0;
  }
  FUZZ_CHECK(round.ok());
  FUZZ_CHECK(round->kind == made.kind);
  FUZZ_CHECK(round->local == made.local);
  FUZZ_CHECK(round->remote.bucket == made.remote.bucket);
  FUZZ_CHECK(round->remote.key == made.remote.key);
  FUZZ_CHECK(round->recursive == made.recursive);
  return 0;
}
