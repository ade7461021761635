#include "engine/s3/xml.h"

#include <charconv>
#include <sstream>

namespace hoist::s3 {
namespace {

// S3 never sends a document type declaration. One in an answer is either an attack (entity
// expansion, "billion laughs") or a different server; either way its entity names must not
// become keys, so a document that has one is refused. pugixml skips DOCTYPE unless told to
// keep it, which is what lets this see it.
// parse_ws_pcdata: an element whose text is only whitespace (<Key> </Key>, a legal S3 key)
// keeps that text; by default pugixml drops it and the key would read as "".
constexpr unsigned kParseOptions =
    pugi::parse_default | pugi::parse_doctype | pugi::parse_ws_pcdata;

bool has_doctype(const pugi::xml_document& doc) {
  for (pugi::xml_node node : doc.children()) {
    if (node.type() == pugi::node_doctype) return true;
  }
  return false;
}

}  // namespace

std::optional<Error> parse_xml_root(std::string_view body, std::string_view root,
                                    std::string_view operation, pugi::xml_document& doc,
                                    pugi::xml_node& out) {
  auto parsed = doc.load_buffer(body.data(), body.size(), kParseOptions, pugi::encoding_utf8);
  Error e;
  e.kind = ErrorKind::kService;
  e.code = "MalformedResponse";
  if (!parsed) {
    e.message = std::string(operation) + " response is not valid XML: " + parsed.description();
    return e;
  }
  if (has_doctype(doc)) {
    e.message = std::string(operation) + " response declares a document type, which S3 never does";
    return e;
  }
  out = doc.document_element();
  if (std::string_view(out.name()) != root) {
    e.message = std::string(operation) + " response has root <" + out.name() + ">, expected <" +
                std::string(root) + ">";
    return e;
  }
  return std::nullopt;
}

std::string child_text(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

uint64_t child_u64(const pugi::xml_node& node, const char* name, uint64_t fallback) {
  std::string_view text = node.child(name).text().as_string();
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return fallback;
  return value;
}

bool child_bool(const pugi::xml_node& node, const char* name) {
  return std::string_view(node.child(name).text().as_string()) == "true";
}

bool has_local_name(const pugi::xml_node& node, const char* name) {
  std::string_view full = node.name();
  auto colon = full.find(':');
  return (colon == std::string_view::npos ? full : full.substr(colon + 1)) == name;
}

pugi::xml_node local_child(const pugi::xml_node& node, const char* name) {
  for (pugi::xml_node c : node.children()) {
    if (has_local_name(c, name)) return c;
  }
  return {};
}

pugi::xml_node request_root(pugi::xml_document& doc, std::string_view body, const char* root) {
  if (!doc.load_buffer(body.data(), body.size(), kParseOptions, pugi::encoding_utf8) ||
      has_doctype(doc)) {
    return {};
  }
  pugi::xml_node node = doc.document_element();
  return has_local_name(node, root) ? node : pugi::xml_node();
}

Error malformed_xml() {
  Error e = Error::make(ErrorKind::kInvalid, "MalformedXML",
                        "The XML you provided was not well-formed or did not validate against "
                        "our published schema.");
  e.http_status = 400;
  return e;
}

std::string to_string(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  // pugixml writes a CR in text as is, and every XML parser (S3's too) reads a raw CR as LF:
  // a key "a\rb" in a DeleteObjects body would name the object "a\nb". As a character
  // reference it survives. With format_raw, a CR in the output can only come from text or
  // attribute values, so replacing every one is safe.
  std::string xml = out.str();
  for (size_t pos = 0; (pos = xml.find('\r', pos)) != std::string::npos; pos += 5) {
    xml.replace(pos, 1, "&#13;");
  }
  return xml;
}

}  // namespace hoist::s3
