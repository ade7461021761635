#include "sigv4/credentials.h"

#include <gtest/gtest.h>

#include <ostream>
#include <type_traits>

namespace hoist::sigv4 {
namespace {

template <typename T>
concept Streamable = requires(std::ostream& out, const T& value) { out << value; };

// Credentials must not find their way into a log line by accident: streaming them does not
// compile. (Streaming the access key id alone does.)
TEST(Credentials, CannotBeStreamed) {
  static_assert(!Streamable<Credentials>);
  static_assert(Streamable<decltype(Credentials::access_key_id)>);
  static_assert(std::is_aggregate_v<Credentials>);
  const Credentials credentials{"AKID", "secret", ""};
  EXPECT_EQ(credentials.access_key_id, "AKID");
}

}  // namespace
}  // namespace hoist::sigv4
