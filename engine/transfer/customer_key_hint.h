// S3 refuses to read an SSE-C object without its key with a bare "400 Bad Request" to a HEAD
// (which has no body), and with its key wrong with "403 Forbidden": errors that do not say
// why. This names the likely cause on the errors of downloads.
#pragma once

#include "hoist/error.h"

namespace hoist::transfer {

// `error` from a HEAD or GET of an object, with a hint appended when it is the answer S3
// gives for a missing (`key_given` false) or wrong SSE-C key; otherwise unchanged.
Error with_customer_key_hint(Error error, bool key_given);

}  // namespace hoist::transfer
