#include "engine/transfer/single_upload.h"

#include "engine/checksum/hasher.h"
#include "engine/s3/put_object.h"
#include "engine/transfer/compressed_body.h"
#include "engine/transfer/content_encoding.h"
#include "engine/transfer/disk_threads.h"
#include "engine/transfer/object_report.h"
#include "engine/transfer/part_source.h"
#include "engine/transfer/storage_class_header.h"
#include "engine/transfer/worker.h"

namespace hoist::transfer {
namespace {

// Reads the whole source into `buffer` and checks it did not change meanwhile.
Status read_whole(DiskThread& reader, PartSource& source, uint64_t size,
                  const io::PoolBuffer& buffer) {
  Status opened = source.open(reader.env());
  if (!opened.ok()) return opened;
  Status read = source.read(reader, 0, static_cast<size_t>(size), buffer);
  if (!read.ok()) return read;
  return source.unchanged();
}

// What stays alive until the PutObject completes: the request refers to it.
struct PutState {
  std::shared_ptr<const UploadSource> source;
  io::PoolBuffer buffer;
  s3::Operation op;
  std::string checksum_value;
  size_t stored = 0;  // body bytes: the file's, or fewer once compressed
  std::optional<Error> read_error;
};

// On a DiskThread: reads the object, compresses it when asked, takes its checksum, and makes
// the request.
void prepare(DiskThread& reader, const EngineContext& c, PutState& state) {
  if (c.cancelled.load()) return;  // send() lets it go
  const UploadSource& source = *state.source;
  std::shared_ptr<PartSource> from = part_source_of(source);
  Status read = read_whole(reader, *from, source.stat.size, state.buffer);
  if (!read.ok()) {
    state.read_error = read.error();
    return;
  }
  char* data = state.buffer.data;
  state.stored = source.stat.size;
  std::optional<size_t> compressed;
  if (c.object.codec && state.stored <= kMaxInPlaceCompression) {
    compressed = compress_in_place(*c.object.codec, data, state.stored);
    state.stored = compressed.value_or(state.stored);
  }
  s3::PutObjectInput input;
  input.bucket = source.bucket;
  input.key = source.key;
  input.body.bytes = std::string_view(data, state.stored);
  input.headers = from->object_headers(c.object.content_type, c.object.options);
  add_storage_class(c.object, &input.headers);
  if (compressed) add_encoding_headers(&input.headers, *c.object.codec, source.stat.size);
  const checksum::Algorithm algorithm = c.object.algorithm;
  if (algorithm != checksum::Algorithm::none) {
    state.checksum_value =
        checksum::digest_of(algorithm, {reinterpret_cast<const uint8_t*>(data), state.stored})
            .to_base64();
    input.headers.emplace_back(std::string(checksum::header_name(algorithm)), state.checksum_value);
  }
  state.op = s3::put_object(input);
}

void send(Worker& worker, std::shared_ptr<PutState> state) {
  EngineContext& c = worker.context();
  if (state->read_error) {
    worker.release(state->buffer);
    ObjectReport report = report_for(*state->source);
    report.error = error_for(*state->source, *state->read_error);
    c.finish_object(std::move(report));
    return;
  }
  if (c.cancelled.load()) {  // as for a request dropped: the coordinator says what was left
    worker.release(state->buffer);
    return;
  }
  worker.send(&state->op, RequestKind::kData, [state, &worker](Result<http::Response>&& response) {
    EngineContext& c = worker.context();
    worker.release(state->buffer);
    const UploadSource& source = *state->source;
    ObjectReport report = report_for(source);
    if (!response.ok()) {
      report.error = error_for(source, response.error());
    } else {
      c.counters.bytes_done.fetch_add(source.stat.size);
      report.stored_bytes = state->stored;
      report.etag = s3::parse_put_object(*response).etag;
      if (c.object.algorithm != checksum::Algorithm::none) {
        report.checksum_algorithm = std::string(checksum::algorithm_name(c.object.algorithm));
        report.checksum_value = state->checksum_value;
      }
    }
    c.finish_object(std::move(report));
  });
}

}  // namespace

Task single_upload_task(std::shared_ptr<const UploadSource> source) {
  return Task{true, [source](Worker& worker, io::PoolBuffer buffer) {
                auto state = std::make_shared<PutState>();
                state->source = source;
                state->buffer = buffer;
                EngineContext& c = worker.context();
                worker.off_loop(
                    DiskWork::kBeforeRequest,
                    [state, &c](DiskThread& reader) { prepare(reader, c, *state); },
                    [state, &worker] { send(worker, state); });
              }};
}

}  // namespace hoist::transfer
