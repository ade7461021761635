// Small helpers over pugixml for reading S3's XML. Only engine/s3 includes this header; the
// one other reader of pugixml is engine/config's STS client (sts_client.cpp), which parses
// STS answers without depending on engine/s3.
#pragma once

#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "hoist/error.h"

namespace hoist::s3 {

// Parses `body` and returns its root element if it is named `root`, else an error that names
// the operation and what was wrong.
std::optional<Error> parse_xml_root(std::string_view body, std::string_view root,
                                    std::string_view operation, pugi::xml_document& doc,
                                    pugi::xml_node& out);

// The text of the first child named `name`, or "" when absent.
std::string child_text(const pugi::xml_node& node, const char* name);

// The child's text as an unsigned integer, or `fallback` when absent or not a number.
uint64_t child_u64(const pugi::xml_node& node, const char* name, uint64_t fallback = 0);

bool child_bool(const pugi::xml_node& node, const char* name);

// Serialises `doc` without indentation or declaration noise, as S3 request bodies.
std::string to_string(const pugi::xml_document& doc);

// For servers reading request bodies, where clients may qualify element names with a
// namespace prefix ("s3:Key"): whether the element's local name is `name`, the first child
// with that local name, and the root element if its local name is `root` (else null).
bool has_local_name(const pugi::xml_node& node, const char* name);
pugi::xml_node local_child(const pugi::xml_node& node, const char* name);
pugi::xml_node request_root(pugi::xml_document& doc, std::string_view body, const char* root);

// The error S3 answers to a request body it cannot read: MalformedXML, 400.
Error malformed_xml();

}  // namespace hoist::s3
