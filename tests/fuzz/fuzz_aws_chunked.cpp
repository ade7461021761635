// hoist serve's aws-chunked decoder. The body is decoded twice, in one piece and split into
// pieces whose sizes come from the input's first byte, and both must agree on the outcome,
// the data, and the trailers, since the network may cut a body anywhere.
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_input.h"
#include "tools/serve/aws_chunked_decoder.h"

namespace {

using hoist::serve::AwsChunkedDecoder;

struct Outcome {
  bool ok = true;
  bool done = false;
  std::string data;
  std::vector<std::pair<std::string, std::string>> trailers;
  uint64_t decoded_size = 0;
};

Outcome decode(std::string_view body, size_t piece) {
  Outcome out;
  AwsChunkedDecoder decoder([&out](std::span<const char> bytes) {
    out.data.append(bytes.data(), bytes.size());
  });
  while (!body.empty() && out.ok) {
    const std::string_view next = body.substr(0, piece);
    body.remove_prefix(next.size());
    out.ok = decoder.feed(std::span<const char>(next.data(), next.size()));
  }
  out.done = decoder.done();
  out.trailers = decoder.trailers();
  out.decoded_size = decoder.decoded_size();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 16;
  const std::string_view body = hoist::fuzz::text_of(data + 1, size - 1);
  const Outcome whole = decode(body, body.size() + 1);
  const Outcome split = decode(body, piece);
  FUZZ_CHECK(whole.decoded_size == whole.data.size());
  FUZZ_CHECK(whole.ok == split.ok);
  if (whole.ok) {
    FUZZ_CHECK(whole.done == split.done);
    FUZZ_CHECK(whole.data == split.data);
    FUZZ_CHECK(whole.trailers == split.trailers);
  }
  return 0;
}
