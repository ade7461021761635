#include "engine/s3/object_body.h"

#include "engine/s3/operation.h"

namespace hoist::s3 {

void attach_body(Operation& op, const ObjectBody& body) {
  op.payload = PayloadSigning::kUnsigned;
  if (body.source) {
    op.body_source = body.source;
    op.body_size = body.size;
  } else {
    op.body = body.bytes;
  }
}

}  // namespace hoist::s3
