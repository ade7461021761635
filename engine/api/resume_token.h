// ResumeToken: what TransferHandle::pause() hands back and Client::resume() takes: the call
// to make again. An upload's token only names the call (a file or directory to a
// destination): what makes the second call resume rather than start over is the resume
// journal, which keeps the paused multipart uploads and their confirmed parts. A download's
// token also carries the temporary files the pause kept and the ranges each holds
// (transfer/partial_download.h), which the resumed download checks and completes.
#pragma once

#include <string>
#include <vector>

#include "engine/transfer/partial_download.h"
#include "hoist/result.h"
#include "hoist/s3_uri.h"

namespace hoist::api {

struct ResumeToken {
  enum class Kind { kUpload, kDownload };
  Kind kind = Kind::kUpload;
  std::string local;  // an upload's file or directory; a download's destination
  S3Uri remote;       // an upload's destination; a download's source
  bool recursive = false;
  std::vector<transfer::PartialDownload> partials;  // a download's kept temporary files
};

// A string an embedder can keep (in a file, a database) until it resumes: JSON, versioned.
std::string encode_resume_token(const ResumeToken& token);
// Fails with InvalidResumeToken for anything encode_resume_token() did not make.
Result<ResumeToken> decode_resume_token(const std::string& text);

}  // namespace hoist::api
