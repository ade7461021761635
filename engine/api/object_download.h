// Download of one object to a local file or stdout, verified against the object's stored
// full-object checksum when it has one.
#pragma once

#include <string>

#include "engine/s3/service.h"
#include "hoist/client.h"

namespace hoist::api {

// `path` "-" streams to stdout. Otherwise bytes go to a temporary file beside `path` that is
// renamed into place only when every byte arrived and matched; on any failure it is removed
// and an existing file at `path` is left as it was.
Result<DownloadResult> download_file(s3::Service& service, const std::string& bucket,
                                     const std::string& key, const std::string& path);

}  // namespace hoist::api
