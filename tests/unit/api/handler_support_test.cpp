#include "api/handler_support.hpp"

#include <gtest/gtest.h>

#include <string>

#include "services/worker_pool.hpp"

namespace lkm::api {
namespace {

const Secret kApiSecret("a-secret-long-enough-for-livekit-000000");

class CookiesTest : public ::testing::Test {
 protected:
  std::string set(const std::string& base_path, std::string_view name, std::string_view value,
                  std::int64_t max_age, bool secure) const {
    const Cookies cookies(keys_, sessions_, base_path);
    const http::RawRequest raw{boost::beast::http::verb::post, "/api/rooms", 11};
    const http::Request request(raw, "/api/rooms", "", "10.0.0.1", {}, secure);
    return max_age == 0 && value.empty() ? cookies.clear(request, name)
                                         : cookies.set(request, name, value, max_age);
  }

  services::AccessKeys keys_ = services::AccessKeys::derive(kApiSecret);
  services::WorkerPool pool_{services::WorkerPool::Options{1, 1}};
  services::OrganizerSessions sessions_{services::OrganizerSessions::Dependencies{
      services::Blocking(pool_, std::chrono::seconds(1)), nullptr, nullptr, nullptr, &keys_, ""}};
};

TEST_F(CookiesTest, AreHttpOnlyStrictAndScopedToTheBasePath) {
  EXPECT_EQ(set("", "lkm_host_c0fbdc38b1762851", "v.s", 604800, false),
            "lkm_host_c0fbdc38b1762851=v.s; Path=/; HttpOnly; SameSite=Strict; Max-Age=604800");
  EXPECT_EQ(set("/meet", "lkm_organizer", "v", 43200, true),
            "lkm_organizer=v; Path=/meet/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure");
}

TEST_F(CookiesTest, AreClearedWithMaxAgeZero) {
  EXPECT_EQ(set("", "lkm_organizer", "", 0, false),
            "lkm_organizer=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  EXPECT_EQ(set("/a/b", "lkm_organizer", "", 0, true),
            "lkm_organizer=; Path=/a/b/; HttpOnly; SameSite=Strict; Max-Age=0; Secure");
}

}  // namespace
}  // namespace lkm::api
