#include "engine/transfer/customer_key_hint.h"

namespace hoist::transfer {

Error with_customer_key_hint(Error error, bool key_given) {
  if (!key_given && error.http_status == 400 && error.code == "BadRequest") {
    error.message += " (an object stored with SSE-C needs --sse-c AES256 and its --sse-c-key)";
  } else if (key_given && error.http_status == 403) {
    error.message += " (or the --sse-c-key is not the object's key)";
  }
  return error;
}

}  // namespace hoist::transfer
