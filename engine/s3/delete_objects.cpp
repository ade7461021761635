#include "engine/s3/delete_objects.h"

#include "engine/checksum/hasher.h"
#include "engine/s3/xml.h"

namespace hoist::s3 {

Operation delete_objects(const DeleteObjectsInput& input) {
  Operation op = Operation::on("DeleteObjects", "POST", input.bucket);
  op.query.emplace_back("delete", "");

  pugi::xml_document doc;
  auto root = doc.append_child("Delete");
  root.append_attribute("xmlns") = "http://s3.amazonaws.com/doc/2006-03-01/";
  if (input.quiet) root.append_child("Quiet").text().set("true");
  for (const auto& key : input.keys) {
    root.append_child("Object").append_child("Key").text().set(key.c_str());
  }
  op.owned_body = to_string(doc);
  const auto* bytes = reinterpret_cast<const uint8_t*>(op.owned_body.data());
  op.headers.emplace_back("Content-Type", "application/xml");
  op.headers.emplace_back(
      "Content-MD5",
      checksum::digest_of(checksum::Algorithm::md5, {bytes, op.owned_body.size()}).to_base64());
  return op;
}

Result<DeleteObjectsInput> parse_delete_objects_request(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root = request_root(doc, body, "Delete");
  if (!root) return malformed_xml();
  DeleteObjectsInput out;
  for (pugi::xml_node c : root.children()) {
    if (has_local_name(c, "Quiet")) out.quiet = std::string_view(c.child_value()) == "true";
    if (!has_local_name(c, "Object")) continue;
    pugi::xml_node key = local_child(c, "Key");
    if (!key) return malformed_xml();
    out.keys.emplace_back(key.child_value());
  }
  if (out.keys.empty() || out.keys.size() > kMaxKeysPerDelete) return malformed_xml();
  return out;
}

Result<DeleteObjectsOutput> parse_delete_objects(const http::Response& response,
                                                 const Operation& op) {
  pugi::xml_document doc;
  pugi::xml_node root;
  if (auto err = parse_xml_root(response.body, "DeleteResult", op.name, doc, root)) return *err;
  DeleteObjectsOutput out;
  for (auto node : root.children("Deleted")) out.deleted.push_back(child_text(node, "Key"));
  for (auto node : root.children("Error")) {
    out.failed.push_back(
        {child_text(node, "Key"), child_text(node, "Code"), child_text(node, "Message")});
  }
  return out;
}

}  // namespace hoist::s3
