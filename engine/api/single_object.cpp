// Client::upload_file and download_file: one object, through the same engine as every other
// transfer, reported the way a caller that moves one object wants it: a result or an error.
#include "hoist/client.h"

namespace hoist {
namespace {

// Runs `transfer` with a callback that keeps the one object's report.
template <typename Run>
Result<ObjectReport> one_object(TransferOptions options, Run transfer) {
  std::optional<ObjectReport> report;
  options.on_object = [&](const ObjectReport& r) { report = r; };
  Result<TransferSummary> summary = transfer(options);
  if (!summary.ok()) return summary.error();
  if (!report) {
    return Error::make(ErrorKind::kLocal, "Interrupted", "the transfer stopped before the object");
  }
  if (report->error) return *report->error;
  return std::move(*report);
}

}  // namespace

Result<UploadResult> Client::upload_file(const std::string& path, const std::string& bucket,
                                         const std::string& key, const UploadOptions& options) {
  TransferOptions transfer;
  transfer.content_type = options.content_type;
  transfer.checksum_algorithm = options.checksum_algorithm;
  auto report = one_object(transfer, [&](const TransferOptions& o) {
    return upload(path, S3Uri{bucket, key}, /*recursive=*/false, o);
  });
  if (!report.ok()) return report.error();
  return UploadResult{report->bytes, report->etag, report->checksum_algorithm,
                      report->checksum_value};
}

Result<DownloadResult> Client::download_file(const std::string& bucket, const std::string& key,
                                             const std::string& path) {
  auto report = one_object(TransferOptions{}, [&](const TransferOptions& o) {
    return download(S3Uri{bucket, key}, path, /*recursive=*/false, o);
  });
  if (!report.ok()) return report.error();
  return DownloadResult{report->bytes, report->etag, report->checksum_verified};
}

}  // namespace hoist
