#include "services/errors.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "services/random.hpp"

namespace lkm::services {
namespace {

TEST(FromPool, AFullQueueIsUnavailableAndALateAnswerATimeoutBothWithRetryAfter) {
  const Error full = from_pool(PoolError::full);
  EXPECT_EQ(full.code, ErrorCode::store_unavailable);
  EXPECT_EQ(full.retry_after_seconds, kStoreRetryAfterSeconds);
  const Error late = from_pool(PoolError::deadline);
  EXPECT_EQ(late.code, ErrorCode::store_timeout);
  EXPECT_EQ(late.retry_after_seconds, kStoreRetryAfterSeconds);
  EXPECT_NE(late.message.find("in time"), std::string::npos);
  const Error stopping = from_pool(PoolError::stopped);
  EXPECT_EQ(stopping.code, ErrorCode::store_unavailable);
  EXPECT_GT(stopping.retry_after_seconds, 0);
}

TEST(FromStore, NamesWhatFailedButNeverTheStoresOwnWords) {
  using Code = store::StoreError::Code;
  const Error down =
      from_store({Code::unavailable, "could not connect to db.internal:5432"}, "meeting history");
  EXPECT_EQ(down.code, ErrorCode::store_unavailable);
  EXPECT_EQ(down.message, "The meeting history is unavailable: try again later");
  EXPECT_EQ(down.retry_after_seconds, kStoreRetryAfterSeconds);
  EXPECT_EQ(from_store({Code::invalid, "bad cursor"}, "meeting history").code,
            ErrorCode::bad_request);
}

TEST(Random, DrawsLowercaseAlphanumerics) {
  std::string all;
  for (int i = 0; i < 200; ++i) {
    const auto s = random_lower_alnum(4);
    ASSERT_EQ(s.size(), 4U);
    all += s;
  }
  for (char c : all) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) << c;
  // 800 draws over 36 symbols: every symbol should appear (missing one has probability < 1e-8).
  for (char c : std::string_view("abcdefghijklmnopqrstuvwxyz0123456789")) {
    EXPECT_NE(all.find(c), std::string::npos) << c;
  }
}

}  // namespace
}  // namespace lkm::services
