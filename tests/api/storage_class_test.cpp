// Storage classes in the public API: the names S3 accepts, which of them are archived, and a
// transfer's refusal of any other name before it starts.
#include "hoist/storage_class.h"

#include <gtest/gtest.h>

#include "engine/api/transfer_setup.h"

namespace hoist {
namespace {

TEST(StorageClass, AwsCliNamesAreKnownAndOnlyGlacierAndDeepArchiveAreArchived) {
  for (std::string_view name : kStorageClasses) {
    EXPECT_TRUE(is_storage_class(name)) << name;
    EXPECT_EQ(is_archived_storage_class(name), name == "GLACIER" || name == "DEEP_ARCHIVE") << name;
  }
  for (std::string_view name : {"", "standard", "GLACIER ", "COLD"}) {
    EXPECT_FALSE(is_storage_class(name)) << name;
    EXPECT_FALSE(is_archived_storage_class(name)) << name;
  }
  EXPECT_EQ(storage_class_list().rfind("STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ", 0), 0u);
}

TEST(StorageClass, TransferSettingsCarryAKnownClassAndRefuseOthers) {
  TransferOptions options;
  auto none = api::object_settings(options);
  ASSERT_TRUE(none.ok()) << none.error().describe();
  EXPECT_EQ(none->storage_class, "");

  options.storage_class = "GLACIER_IR";
  auto chosen = api::object_settings(options);
  ASSERT_TRUE(chosen.ok()) << chosen.error().describe();
  EXPECT_EQ(chosen->storage_class, "GLACIER_IR");

  options.storage_class = "glacier";
  auto refused = api::object_settings(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(refused.error().code, "InvalidStorageClass");
  EXPECT_NE(refused.error().message.find("'glacier' is not a storage class; valid: STANDARD"),
            std::string::npos)
      << refused.error().message;
}

TEST(StorageClass, RestoreTiers) {
  for (std::string_view tier : {"Standard", "Bulk", "Expedited"})
    EXPECT_TRUE(is_restore_tier(tier));
  for (std::string_view tier : {"", "standard", "Fast"}) EXPECT_FALSE(is_restore_tier(tier));
}

}  // namespace
}  // namespace hoist
