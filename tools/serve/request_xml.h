// The two S3 requests whose bodies are XML: DeleteObjects' <Delete> and
// CompleteMultipartUpload's <CompleteMultipartUpload>. Parsed with pugixml, the project's one
// XML library. Pure functions; any thread may call them.
#pragma once

#include <string>
#include <vector>

#include "hoist/result.h"
#include "tools/serve/object_store.h"

namespace hoist::serve {

struct DeleteRequest {
  std::vector<std::string> keys;
  bool quiet = false;
};

// MalformedXML when the body is not such a document.
Result<DeleteRequest> parse_delete_request(const std::string& body);
Result<std::vector<CompletePart>> parse_complete_request(const std::string& body);

}  // namespace hoist::serve
