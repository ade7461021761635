// CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation.
#include "tools/serve/operations.h"
#include "tools/serve/xml_response.h"

namespace hoist::serve {
namespace {

Result<HttpResponse> empty_unless_error(const Status& status, int success_status) {
  if (!status.ok()) return status.error();
  HttpResponse response;
  response.status = success_status;
  return response;
}

}  // namespace

Result<HttpResponse> list_buckets(ObjectStore& store) {
  auto buckets = store.list_buckets();
  if (!buckets.ok()) return buckets.error();
  XmlResponse xml("ListAllMyBucketsResult");
  xml.open("Owner");
  xml.element("ID", "hoist");
  xml.element("DisplayName", "hoist");
  xml.close("Owner");
  xml.open("Buckets");
  for (const BucketInfo& bucket : *buckets) {
    xml.open("Bucket");
    xml.element("Name", bucket.name);
    xml.element("CreationDate", iso8601_time(bucket.created_ns));
    xml.close("Bucket");
  }
  xml.close("Buckets");
  return xml.done();
}

Result<HttpResponse> create_bucket(ObjectStore& store, const Exchange& exchange) {
  auto response = empty_unless_error(store.create_bucket(exchange.target.bucket), 200);
  if (response.ok()) response->add("Location", "/" + exchange.target.bucket);
  return response;
}

Result<HttpResponse> head_bucket(ObjectStore& store, const Exchange& exchange) {
  return empty_unless_error(store.head_bucket(exchange.target.bucket), 200);
}

Result<HttpResponse> delete_bucket(ObjectStore& store, const Exchange& exchange) {
  return empty_unless_error(store.delete_bucket(exchange.target.bucket), 204);
}

Result<HttpResponse> get_bucket_location(ObjectStore& store, const Exchange& exchange,
                                         const std::string& region) {
  if (auto exists = store.head_bucket(exchange.target.bucket); !exists.ok()) {
    return exists.error();
  }
  HttpResponse response;
  response.add("Content-Type", "application/xml");
  response.body = std::string(kXmlDeclaration) + "<LocationConstraint xmlns=\"" +
                  std::string(kS3Namespace) + "\">" +
                  (region == "us-east-1" ? std::string() : xml_escape(region)) +
                  "</LocationConstraint>";
  return response;
}

}  // namespace hoist::serve
