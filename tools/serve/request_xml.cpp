#include "tools/serve/request_xml.h"

#include <pugixml.hpp>

#include <cstdlib>
#include <cstring>

#include "tools/serve/s3_error.h"

namespace hoist::serve {
namespace {

// S3 allows at most 1,000 keys in one DeleteObjects request.
constexpr size_t kMaxDeleteKeys = 1000;

Error malformed() {
  return s3_error(400, "MalformedXML",
                  "The XML you provided was not well-formed or did not validate against our "
                  "published schema.");
}

// The element's own name without a namespace prefix.
bool named(const pugi::xml_node& node, const char* name) {
  const char* full = node.name();
  const char* colon = std::strchr(full, ':');
  return std::strcmp(colon ? colon + 1 : full, name) == 0;
}

pugi::xml_node child(const pugi::xml_node& node, const char* name) {
  for (pugi::xml_node c : node.children()) {
    if (named(c, name)) return c;
  }
  return {};
}

Result<pugi::xml_node> root(pugi::xml_document& doc, const std::string& body, const char* name) {
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8)) {
    return malformed();
  }
  pugi::xml_node node = doc.document_element();
  if (!named(node, name)) return malformed();
  return node;
}

}  // namespace

Result<DeleteRequest> parse_delete_request(const std::string& body) {
  pugi::xml_document doc;
  auto node = root(doc, body, "Delete");
  if (!node.ok()) return node.error();
  DeleteRequest out;
  for (pugi::xml_node c : node->children()) {
    if (named(c, "Quiet")) out.quiet = std::strcmp(c.child_value(), "true") == 0;
    if (!named(c, "Object")) continue;
    pugi::xml_node key = child(c, "Key");
    if (!key) return malformed();
    out.keys.emplace_back(key.child_value());
  }
  if (out.keys.empty() || out.keys.size() > kMaxDeleteKeys) return malformed();
  return out;
}

Result<std::vector<CompletePart>> parse_complete_request(const std::string& body) {
  pugi::xml_document doc;
  auto node = root(doc, body, "CompleteMultipartUpload");
  if (!node.ok()) return node.error();
  std::vector<CompletePart> parts;
  for (pugi::xml_node c : node->children()) {
    if (!named(c, "Part")) continue;
    CompletePart part;
    pugi::xml_node number = child(c, "PartNumber");
    pugi::xml_node etag = child(c, "ETag");
    if (!number || !etag) return malformed();
    char* end = nullptr;
    part.part_number = static_cast<int>(std::strtol(number.child_value(), &end, 10));
    if (end == number.child_value() || *end != '\0') return malformed();
    part.etag = etag.child_value();
    for (pugi::xml_node field : c.children()) {
      const std::string name = field.name();
      if (name.rfind("Checksum", 0) == 0 && name.size() > 8 && name != "ChecksumType") {
        std::string algorithm = name.substr(8);
        for (char& ch : algorithm) ch = static_cast<char>(std::tolower(ch));
        part.checksums.emplace_back(algorithm, field.child_value());
      }
    }
    parts.push_back(std::move(part));
  }
  if (parts.empty()) return malformed();
  return parts;
}

}  // namespace hoist::serve
