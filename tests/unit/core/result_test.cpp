#include "core/result.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "core/secret.hpp"

namespace lkm {
namespace {

Result<int, std::string> half(int value) {
  if (value % 2 != 0) return fail(std::string("odd"));
  return value / 2;
}

TEST(Result, CarriesValueOrError) {
  const auto good = half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);
  const auto bad = half(3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "odd");
}

TEST(Secret, NeverPrintsItsValue) {
  const Secret secret("hunter2");
  std::ostringstream out;
  out << secret;
  EXPECT_EQ(out.str(), "***");
  EXPECT_EQ(secret.reveal(), "hunter2");
}

}  // namespace
}  // namespace lkm
