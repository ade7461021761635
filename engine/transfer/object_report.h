// Building ObjectReports: the error that failed an object carries the object's names.
#pragma once

#include "engine/transfer/download_source.h"
#include "engine/transfer/upload_source.h"
#include "hoist/transfer.h"

namespace hoist::transfer {

ObjectReport report_for(const UploadSource& source);
ObjectReport report_for(const DownloadSource& source);

// `error` with the object's bucket, key and local path filled in where it left them empty.
Error error_for(const UploadSource& source, Error error);
Error error_for(const DownloadSource& source, Error error);

}  // namespace hoist::transfer
