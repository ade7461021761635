#include "engine/transfer/part_plan.h"

#include <algorithm>
#include <string>

#include "hoist/transfer.h"

namespace hoist::transfer {
namespace {

constexpr uint64_t kMiB = 1ull << 20;

uint64_t ceil_div(uint64_t a, uint64_t b) { return a / b + (a % b != 0); }

// "4 MiB" when the size is a whole number of a unit, otherwise the exact byte count: a
// rounded "5.0 MiB" next to "below the 5 MiB minimum" would read as a contradiction.
std::string describe_size(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"TiB", "GiB", "MiB", "KiB"};
  for (int i = 0; i < 4; ++i) {
    const uint64_t unit = 1ull << (10 * (4 - i));
    if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + " " + kUnits[i];
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

Error invalid(std::string code, std::string message) {
  return Error::make(ErrorKind::kInvalid, std::move(code), std::move(message));
}

// `base` or, when `size` would need more than 10,000 parts of it, the smallest whole number
// of MiB that fits `size` in 10,000 parts. Whole MiB keep parts page-aligned in the buffer
// pool and easy to read in logs. Never above 5 GiB.
uint64_t part_size_for(uint64_t size, uint64_t base) {
  if (ceil_div(size, base) <= kMaxPartCount) return base;
  const uint64_t raised = ceil_div(ceil_div(size, kMaxPartCount), kMiB) * kMiB;
  return std::min(raised, kMaxPartSize);
}

}  // namespace

uint64_t PartPlan::part_offset(uint32_t index) const { return uint64_t{index} * part_size; }

uint64_t PartPlan::part_length(uint32_t index, uint64_t object_size) const {
  const uint64_t offset = part_offset(index);
  return offset >= object_size ? 0 : std::min(part_size, object_size - offset);
}

Status validate_part_size(uint64_t requested_part_size) {
  if (requested_part_size == 0) return ok_status();
  if (requested_part_size < kMinPartSize) {
    return invalid("InvalidPartSize", "part size " + describe_size(requested_part_size) +
                                          " is below S3's " + describe_size(kMinPartSize) +
                                          " minimum");
  }
  if (requested_part_size > kMaxPartSize) {
    return invalid("InvalidPartSize", "part size " + describe_size(requested_part_size) +
                                          " is above S3's " + describe_size(kMaxPartSize) +
                                          " maximum");
  }
  return ok_status();
}

Result<PartPlan> plan_parts(uint64_t object_size, uint64_t requested_part_size,
                            uint64_t multipart_threshold) {
  Status valid = validate_part_size(requested_part_size);
  if (!valid.ok()) return std::move(valid).error();
  if (object_size > kMaxObjectSize) {
    return invalid("EntityTooLarge", "object size " + describe_size(object_size) +
                                         " is above S3's " + describe_size(kMaxObjectSize) +
                                         " maximum");
  }
  // A PutObject carries at most 5 GiB, so a threshold set above that cannot keep a larger
  // object out of multipart. An empty object has no part to upload: always one PUT.
  if (object_size == 0 || (object_size < multipart_threshold && object_size <= kMaxPartSize)) {
    return PartPlan{object_size, 1, false};
  }
  const uint64_t base = requested_part_size == 0 ? kDefaultPartSize : requested_part_size;
  const uint64_t part_size = part_size_for(object_size, base);
  const auto part_count = static_cast<uint32_t>(ceil_div(object_size, part_size));
  return PartPlan{part_size, part_count, true};
}

uint64_t stream_part_size(uint64_t expected_size, uint64_t requested_part_size) {
  const uint64_t base = requested_part_size == 0 ? kDefaultPartSize : requested_part_size;
  return expected_size == 0 ? base : part_size_for(expected_size, base);
}

}  // namespace hoist::transfer
