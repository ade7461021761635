// How the Env is chosen: HOIST_IO, and falling back to pread when io_uring is refused.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cerrno>
#include <string>

#include "io/env.h"

namespace hoist::io {
namespace {

TEST(EnvChoiceTest, PosixWhenAsked) {
  EnvChoice choice = choose_env("posix", 0);
  EXPECT_EQ(choice.kind, EnvKind::kPosix);
  EXPECT_EQ(choice.reason, "HOIST_IO=posix");
}

TEST(EnvChoiceTest, UringWhenItWorks) {
  EXPECT_EQ(choose_env(nullptr, 0).kind, EnvKind::kUring);
  EXPECT_EQ(choose_env("io_uring", 0).kind, EnvKind::kUring);
  EXPECT_EQ(choose_env("", 0).reason, "io_uring available");
}

TEST(EnvChoiceTest, PosixWhenTheKernelOrSeccompRefusesUring) {
  EXPECT_EQ(choose_env(nullptr, -ENOSYS).reason,
            "io_uring unavailable: Function not implemented");
  EXPECT_EQ(choose_env(nullptr, -EPERM).reason, "io_uring unavailable: Operation not permitted");
  EXPECT_EQ(choose_env("io_uring", -ENOMEM).kind, EnvKind::kPosix);
  EXPECT_EQ(choose_env("io_uring", -ENOMEM).reason,
            "io_uring unavailable: Cannot allocate memory");
}

TEST(EnvChoiceTest, UnknownSettingIsNamedAndIgnored) {
  EnvChoice choice = choose_env("fast", 0);
  EXPECT_EQ(choice.kind, EnvKind::kUring);
  EXPECT_EQ(choice.reason, "io_uring available (HOIST_IO=fast is not posix or io_uring: ignored)");
}

// Restores HOIST_IO as it was when the test began.
class HoistIoVariable {
 public:
  HoistIoVariable() {
    const char* value = ::getenv("HOIST_IO");
    had_ = value != nullptr;
    if (had_) old_ = value;
  }
  ~HoistIoVariable() {
    if (had_) {
      ::setenv("HOIST_IO", old_.c_str(), 1);
    } else {
      ::unsetenv("HOIST_IO");
    }
  }

 private:
  bool had_ = false;
  std::string old_;
};

TEST(EnvChoiceTest, EnvironmentVariableSelectsPosix) {
  HoistIoVariable restore;
  ::setenv("HOIST_IO", "posix", 1);
  EnvChoice choice;
  auto env = new_env_from_environment(&choice);
  ASSERT_TRUE(env);
  EXPECT_STREQ(env->name(), "posix");
  EXPECT_EQ(choice.reason, "HOIST_IO=posix");
  std::unique_ptr<IoQueue> queue;
  ASSERT_TRUE(env->new_queue({}, &queue).ok());
  EXPECT_STREQ(queue->name(), "posix");
  EXPECT_EQ(queue->depth(), kDefaultQueueDepth);
}

TEST(EnvChoiceTest, WithoutTheVariableUringIsUsedWhereItWorks) {
  HoistIoVariable restore;
  ::unsetenv("HOIST_IO");
  std::unique_ptr<Env> uring;
  Status probe = new_uring_env(&uring);
  EnvChoice choice;
  auto env = new_env_from_environment(&choice);
  ASSERT_TRUE(env);
  EXPECT_STREQ(env->name(), probe.ok() ? "io_uring" : "posix") << probe.message;
  EXPECT_EQ(choice.kind, probe.ok() ? EnvKind::kUring : EnvKind::kPosix);
}

TEST(EnvChoiceTest, SynchronousQueueIsPosixEvenOnUring) {
  std::unique_ptr<Env> uring;
  if (!new_uring_env(&uring).ok()) GTEST_SKIP() << "io_uring is not available here";
  std::unique_ptr<IoQueue> queue;
  QueueOptions options;
  options.synchronous = true;
  ASSERT_TRUE(uring->new_queue(options, &queue).ok());
  EXPECT_STREQ(queue->name(), "posix");
  ASSERT_TRUE(uring->new_queue({}, &queue).ok());
  EXPECT_STREQ(queue->name(), "io_uring");
}

TEST(EnvChoiceTest, DefaultEnvNamesWhatItChose) {
  const char* expected = default_env_choice().kind == EnvKind::kUring ? "io_uring" : "posix";
  EXPECT_STREQ(default_env()->name(), expected);
  EXPECT_FALSE(default_env_choice().reason.empty());
}

}  // namespace
}  // namespace hoist::io
