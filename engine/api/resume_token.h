// ResumeToken: what TransferHandle::pause() hands back and Client::resume() takes: the call
// to make again (an upload of a file or directory to a destination). What makes the second
// call resume rather than start over is the resume journal, which keeps the paused
// multipart uploads and their confirmed parts; the token only names the call.
#pragma once

#include <string>

#include "hoist/result.h"
#include "hoist/s3_uri.h"

namespace hoist::api {

struct ResumeToken {
  std::string source;  // the local file or directory
  S3Uri destination;
  bool recursive = false;
};

// A string an embedder can keep (in a file, a database) until it resumes: JSON, versioned.
std::string encode_resume_token(const ResumeToken& token);
// Fails with InvalidResumeToken for anything encode_resume_token() did not make.
Result<ResumeToken> decode_resume_token(const std::string& text);

}  // namespace hoist::api
