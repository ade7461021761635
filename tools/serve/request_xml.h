// The two S3 requests whose bodies are XML, DeleteObjects' <Delete> and
// CompleteMultipartUpload's <CompleteMultipartUpload>, read with engine/s3's parsers (the
// same module that writes them for the client) and turned into the store's types.
#pragma once

#include <string>
#include <vector>

#include "engine/s3/delete_objects.h"
#include "hoist/result.h"
#include "tools/serve/object_store.h"

namespace hoist::serve {

// MalformedXML (400) when the body is not such a document.
Result<s3::DeleteObjectsInput> parse_delete_request(const std::string& body);
Result<std::vector<CompletePart>> parse_complete_request(const std::string& body);

}  // namespace hoist::serve
