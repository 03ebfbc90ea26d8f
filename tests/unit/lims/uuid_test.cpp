// Record uuids: RFC 9562 version 4 text, distinct on every call.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "lims/records/uuid.hpp"

namespace kj::lims {
namespace {

TEST(Uuid, IsVersion4TextAndDistinct) {
  const std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    const auto uuid = new_uuid();
    ASSERT_TRUE(std::regex_match(uuid, v4)) << uuid;
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 10000u);
}

}  // namespace
}  // namespace kj::lims
