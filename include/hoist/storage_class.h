// Storage classes: the values S3 accepts in x-amz-storage-class (aws-cli's list), and which of
// them are archived: GLACIER and DEEP_ARCHIVE objects cannot be read until a RestoreObject
// request made a temporary copy of them readable. GLACIER_IR is read at once, like STANDARD.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace hoist {

inline constexpr std::array<std::string_view, 10> kStorageClasses = {
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER",  "DEEP_ARCHIVE",       "GLACIER_IR",  "OUTPOSTS",   "EXPRESS_ONEZONE",
};

inline bool is_storage_class(std::string_view name) {
  for (std::string_view c : kStorageClasses) {
    if (c == name) return true;
  }
  return false;
}

// REQUIRES nothing: an empty or unknown name is not archived.
inline bool is_archived_storage_class(std::string_view name) {
  return name == "GLACIER" || name == "DEEP_ARCHIVE";
}

// "STANDARD, REDUCED_REDUNDANCY, ..." for error messages.
inline std::string storage_class_list() {
  std::string out;
  for (std::string_view c : kStorageClasses) {
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

// The retrieval tiers of RestoreObject, fastest last.
inline constexpr std::array<std::string_view, 3> kRestoreTiers = {"Bulk", "Standard", "Expedited"};

inline bool is_restore_tier(std::string_view name) {
  for (std::string_view t : kRestoreTiers) {
    if (t == name) return true;
  }
  return false;
}

}  // namespace hoist
