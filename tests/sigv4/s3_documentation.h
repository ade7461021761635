// The credentials, scope and time of the worked examples in the Amazon S3 API Reference's
// SigV4 pages (header signing and presigned URLs), shared by the tests that use them.
#pragma once

#include <chrono>

#include "sigv4/credentials.h"
#include "sigv4/scope.h"

namespace hoist::sigv4::testing {

inline const Credentials kDocumentedCredentials{
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
inline const Scope kDocumentedScope{"us-east-1", "s3"};
inline const std::chrono::system_clock::time_point kDocumentedTime =
    std::chrono::sys_days{std::chrono::year{2013} / std::chrono::May / 24};
inline constexpr const char* kDocumentedHost = "examplebucket.s3.amazonaws.com";

}  // namespace hoist::sigv4::testing
