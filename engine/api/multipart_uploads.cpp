// Client calls on multipart uploads left in progress: listing every one under a prefix (all
// pages) and aborting one. They are how a user finds and removes the parts a crashed or killed
// transfer left behind, which S3 keeps (and bills) until they are aborted.
#include <utility>

#include "engine/api/client_impl.h"
#include "engine/s3/abort_multipart_upload.h"
#include "engine/s3/error_response.h"
#include "engine/s3/list_multipart_uploads.h"

namespace hoist {

Result<std::vector<MultipartUploadInfo>> Client::list_multipart_uploads(const std::string& bucket,
                                                                        const std::string& prefix) {
  std::vector<MultipartUploadInfo> uploads;
  s3::ListMultipartUploadsInput input;
  input.bucket = bucket;
  input.prefix = prefix;
  for (;;) {
    s3::Operation op = s3::list_multipart_uploads(input);
    auto response = impl_->execute(op);
    if (!response.ok()) return response.error();
    auto page = s3::parse_list_multipart_uploads(*response, op);
    if (!page.ok()) return page.error();
    for (auto& u : page->uploads) {
      uploads.push_back({std::move(u.key), std::move(u.upload_id), std::move(u.initiated),
                         std::move(u.storage_class)});
    }
    if (!page->is_truncated) return uploads;
    // A truncated page must move the markers on, or following them would ask for the same
    // page forever.
    if (page->next_key_marker.empty() || (page->next_key_marker == input.key_marker &&
                                          page->next_upload_id_marker == input.upload_id_marker)) {
      return s3::malformed_response(op, "truncated listing whose markers do not advance");
    }
    input.key_marker = std::move(page->next_key_marker);
    input.upload_id_marker = std::move(page->next_upload_id_marker);
  }
}

Status Client::abort_multipart_upload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id) {
  return impl_->run(s3::abort_multipart_upload(bucket, key, upload_id));
}

}  // namespace hoist
