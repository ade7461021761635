#include "tools/serve/s3_error.h"

#include "tools/serve/xml_text.h"

namespace hoist::serve {

Error s3_error(int status, std::string code, std::string message) {
  Error e = Error::make(ErrorKind::kService, std::move(code), std::move(message));
  e.http_status = status;
  return e;
}

HttpResponse error_response(const Error& error, const std::string& resource,
                            const std::string& request_id, bool head_request) {
  HttpResponse response;
  response.status = error.http_status > 0 ? error.http_status : 500;
  if (head_request) return response;
  response.add("Content-Type", "application/xml");
  std::string& body = response.body;
  body.append(kXmlDeclaration);
  body += "<Error>";
  append_element(&body, "Code", error.code.empty() ? "InternalError" : error.code);
  append_element(&body, "Message", error.message);
  append_element(&body, "Resource", resource);
  append_element(&body, "RequestId", request_id);
  body += "</Error>";
  return response;
}

}  // namespace hoist::serve
