// Helpers shared by engine/s3 tests: responses as the event loop hands them over, and checks
// on Result that print the error when one was not expected.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "hoist/result.h"

namespace hoist::s3 {

// Query parameters as an Operation holds them, for comparing whole lists.
using Query = std::vector<std::pair<std::string, std::string>>;

// The namespace attribute S3 puts on the root of every document it sends and accepts.
constexpr const char* kXmlns = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

// An S3 response document: declaration, then `root` in the S3 namespace around `inner`.
inline std::string s3_xml(const std::string& root, const std::string& inner) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + kXmlns + ">" + inner + "</" + root + ">";
}

inline http::Response response(long status, std::string body = {}, http::Headers headers = {}) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

// True when `op` is the call `name` (`method`) on bucket/key; else says what it is instead.
inline ::testing::AssertionResult is_call(const Operation& op, std::string_view name, std::string_view method,
                                          std::string_view bucket, std::string_view key) {
  if (op.name == name && op.method == method && op.bucket == bucket && op.key == key) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "the operation is " << op.name << " (" << op.method << ") on bucket '"
                                       << op.bucket << "' key '" << op.key << "'";
}

template <typename T>
::testing::AssertionResult is_ok(const Result<T>& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  // Error::describe() lives in hoist_api, above this module: print the fields instead.
  return ::testing::AssertionFailure() << result.error().code << ": " << result.error().message;
}

}  // namespace hoist::s3
