// The server side of RestoreObject (hoist serve): <RestoreRequest> bodies; what is accepted
// has a positive number of days and one of the three tiers.
#include <string>

#include "engine/s3/restore_object.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  auto parsed = s3::parse_restore_object_request(fuzz::text_of(data, size));
  if (!parsed.ok()) return 0;
  FUZZ_CHECK(parsed->days >= 1);
  FUZZ_CHECK(parsed->tier == "Bulk" || parsed->tier == "Standard" ||
             parsed->tier == "Expedited");
  return 0;
}
