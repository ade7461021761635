// PartialDownloads: what a resumed run was offered and never took up is kept again when that
// run is paused too, and otherwise its temporary file is removed, but only a file that is the
// target's own temporary file.
#include "engine/transfer/partial_download.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "io/atomic_file_writer.h"
#include "io/env.h"
#include "tests/support/temp_directory.h"

namespace hoist::transfer {
namespace {

class PartialDownloadsTest : public ::testing::Test {
 protected:
  // A temporary file for `target`, left behind as a pause leaves it.
  std::string kept_temp_file(const std::string& target) {
    std::unique_ptr<io::AtomicFileWriter> writer;
    EXPECT_TRUE(io::AtomicFileWriter::create(io::default_env(), target, &writer).ok());
    return writer->keep();
  }

  PartialDownload record(const std::string& target, const std::string& temp) {
    return PartialDownload{target, temp, "b", "k", "\"e\"", 10, 5, {0}};
  }

  test::TempDirectory dir_;
};

TEST_F(PartialDownloadsTest, WhatNothingTookUpIsRemovedAfterARunThatWasNotPaused) {
  const std::string target = dir_.path() + "/a";
  const std::string temp = kept_temp_file(target);
  PartialDownloads partials({record(target, temp)});
  EXPECT_TRUE(partials.settle(io::default_env(), /*paused=*/false).empty());
  EXPECT_FALSE(std::filesystem::exists(temp));
}

// A pause that did not end as one (the transfer finished or failed first): what downloads
// kept is removed too, since no token will name it.
TEST_F(PartialDownloadsTest, WhatWasKeptIsRemovedWhenNoTokenWillNameIt) {
  const std::string target = dir_.path() + "/a";
  const std::string temp = kept_temp_file(target);
  std::atomic<bool> pausing{true};
  PartialDownloads partials;
  partials.watch(&pausing);
  partials.keep(record(target, temp));
  EXPECT_TRUE(partials.settle(io::default_env(), /*paused=*/false).empty());
  EXPECT_FALSE(std::filesystem::exists(temp));
}

TEST_F(PartialDownloadsTest, WhatNothingTookUpIsKeptAgainWhenTheRunIsPaused) {
  const std::string target = dir_.path() + "/a";
  const std::string temp = kept_temp_file(target);
  std::atomic<bool> pausing{true};
  PartialDownloads partials({record(target, temp)});
  partials.watch(&pausing);
  auto kept = partials.settle(io::default_env(), /*paused=*/true);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0], record(target, temp));
  EXPECT_TRUE(std::filesystem::exists(temp));
}

TEST_F(PartialDownloadsTest, ATakenRecordIsHandedOutOnceAndNotRemoved) {
  const std::string target = dir_.path() + "/a";
  const std::string temp = kept_temp_file(target);
  PartialDownloads partials({record(target, temp)});
  EXPECT_TRUE(partials.take(target).has_value());
  EXPECT_FALSE(partials.take(target).has_value());
  EXPECT_TRUE(partials.settle(io::default_env(), /*paused=*/false).empty());
  EXPECT_TRUE(std::filesystem::exists(temp)) << "the download that took it owns it now";
}

TEST_F(PartialDownloadsTest, AForgedRecordRemovesNothing) {
  const std::string victim = dir_.path() + "/victim";
  std::ofstream(victim) << "keep me";
  PartialDownloads partials({record(dir_.path() + "/a", victim)});
  partials.settle(io::default_env(), /*paused=*/false);
  EXPECT_TRUE(std::filesystem::exists(victim));
}

}  // namespace
}  // namespace hoist::transfer
