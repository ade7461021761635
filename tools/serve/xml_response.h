// XmlResponse: a 200 response whose body is one S3 XML document, written element by element.
// Used by the operations; one per response, one thread.
#pragma once

#include <string>
#include <string_view>

#include "tools/serve/http_response.h"
#include "tools/serve/xml_text.h"

namespace hoist::serve {

class XmlResponse {
 public:
  // Opens <root xmlns="http://s3.amazonaws.com/doc/2006-03-01/">.
  explicit XmlResponse(std::string_view root) : root_(root) {
    body_.append(kXmlDeclaration);
    body_ += "<" + root_ + " xmlns=\"" + std::string(kS3Namespace) + "\">";
  }
  void element(std::string_view name, std::string_view value) {
    append_element(&body_, name, value);
  }
  void open(std::string_view name) { body_ += "<" + std::string(name) + ">"; }
  void close(std::string_view name) { body_ += "</" + std::string(name) + ">"; }

  // Closes the root and returns the response.
  HttpResponse done() {
    body_ += "</" + root_ + ">";
    HttpResponse response;
    response.add("Content-Type", "application/xml");
    response.body = std::move(body_);
    return response;
  }

 private:
  std::string root_;
  std::string body_;
};

}  // namespace hoist::serve
