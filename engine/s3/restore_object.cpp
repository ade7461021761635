#include "engine/s3/restore_object.h"

#include <charconv>

#include "engine/s3/xml.h"
#include "hoist/storage_class.h"

namespace hoist::s3 {

Operation restore_object(const RestoreObjectInput& input) {
  Operation op = Operation::on("RestoreObject", "POST", input.bucket, input.key);
  op.query.emplace_back("restore", "");
  pugi::xml_document doc;
  auto root = doc.append_child("RestoreRequest");
  root.append_attribute("xmlns") = "http://s3.amazonaws.com/doc/2006-03-01/";
  root.append_child("Days").text().set(input.days);
  root.append_child("GlacierJobParameters").append_child("Tier").text().set(input.tier.c_str());
  op.owned_body = to_string(doc);
  op.headers.emplace_back("Content-Type", "application/xml");
  return op;
}

bool restore_started(const http::Response& response) { return response.status == 202; }

Result<RestoreObjectInput> parse_restore_object_request(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root = request_root(doc, body, "RestoreRequest");
  if (!root) return malformed_xml();
  RestoreObjectInput out;
  const std::string_view days = local_child(root, "Days").child_value();
  const auto [end, failure] = std::from_chars(days.data(), days.data() + days.size(), out.days);
  if (days.empty() || failure != std::errc() || end != days.data() + days.size() || out.days < 1) {
    return malformed_xml();
  }
  pugi::xml_node tier = local_child(local_child(root, "GlacierJobParameters"), "Tier");
  if (tier) out.tier = tier.child_value();
  if (!is_restore_tier(out.tier)) return malformed_xml();
  return out;
}

}  // namespace hoist::s3
