// livekit::meet::App: settings checked at construction, run() until stop() from another thread.
#include "livekit/meet.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include "one_shot_server.hpp"

namespace {

namespace fs = std::filesystem;

class SdkMeetApp : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "lkm-sdk-app-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  livekit::meet::Config config() const {
    return {.livekit_url = "wss://livekit.example.test",
            .api_key = "APIapp",
            .api_secret = "app-secret-0123456789-abcdefghijklmn",
            .settings = {{"data-dir", (dir_ / "data").string()}, {"log-format", "json"}},
            .config_file = {},
            .use_environment = false};
  }

  fs::path dir_;
};

// GET `target` on loopback; the raw response.
std::string get(std::uint16_t port, const std::string& target) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return {};
  }
  const std::string request =
      "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  (void)::write(fd, request.data(), request.size());
  std::string response;
  char buffer[4096];
  for (ssize_t got = 0; (got = ::read(fd, buffer, sizeof buffer)) > 0;) {
    response.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return response;
}

TEST_F(SdkMeetApp, RefusesAnUnknownOrWrongSetting) {
  auto unknown = config();
  unknown.settings["lobbby"] = "all";
  const auto refused = livekit::meet::App::create(unknown);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, livekit::ErrorCode::invalid_config);
  EXPECT_NE(refused.error().message.find("lobbby"), std::string::npos);

  auto wrong = config();
  wrong.settings["lobby"] = "sometimes";
  const auto wrong_value = livekit::meet::App::create(wrong);
  ASSERT_FALSE(wrong_value.ok());
  EXPECT_NE(wrong_value.error().message.find("lobby"), std::string::npos);

  auto bad_url = config();
  bad_url.livekit_url = "ftp://livekit.example.test";
  try {
    livekit::meet::App app(bad_url);
    FAIL() << "the constructor did not throw";
  } catch (const livekit::Exception& e) {
    EXPECT_EQ(e.error().code, livekit::ErrorCode::invalid_config);
    EXPECT_NE(e.error().message.find("Config::livekit_url"), std::string::npos);
  }
}

// Stops the server when the test leaves, however it leaves: run() must return before the App goes.
struct StopOnExit {
  livekit::meet::App& app;
  ~StopOnExit() { app.stop(); }
};

TEST_F(SdkMeetApp, ServesUntilStoppedFromAnotherThread) {
  livekit::meet::App app(config());
  std::promise<std::uint16_t> listening;
  auto port = listening.get_future();
  auto ran = std::async(std::launch::async, [&] {
    return app.try_run({.host = "127.0.0.1",
                        .port = 0,
                        .handle_signals = false,
                        .on_listening = [&](std::uint16_t p) { listening.set_value(p); }});
  });
  const StopOnExit stop_on_exit{app};
  ASSERT_EQ(port.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  const auto answer = get(port.get(), "/api/connection-details?roomName=r&participantName=ann");
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0U) << answer;
  EXPECT_NE(answer.find(R"("serverUrl":"wss://livekit.example.test")"), std::string::npos);
  app.stop();
  ASSERT_EQ(ran.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_TRUE(ran.get().ok());
  EXPECT_TRUE(fs::exists(dir_ / "data" / "meetings.db"));  // the settings' data-dir was used

  const auto again = app.try_run({});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, livekit::ErrorCode::startup_failed);
}

TEST_F(SdkMeetApp, StoppedBeforeItRunsItReturnsAtOnce) {
  auto app = livekit::meet::App::create(config());
  ASSERT_TRUE(app.ok()) << app.error().message;
  app->stop();
  EXPECT_TRUE(app->try_run({.host = "127.0.0.1", .port = 0, .handle_signals = false}).ok());
}

TEST_F(SdkMeetApp, AThrowingOnListeningIsAnErrorAndTheServerCanStillBeStopped) {
  livekit::meet::App app(config());
  const auto ran = app.try_run(
      {.host = "127.0.0.1", .port = 0, .handle_signals = false, .on_listening = [](std::uint16_t) {
         throw std::runtime_error("no");
       }});
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, livekit::ErrorCode::startup_failed);
  EXPECT_NE(ran.error().message.find("on_listening"), std::string::npos);
  app.stop();  // the server is gone: nothing left to reach
}

TEST_F(SdkMeetApp, SaysWhenItCannotListen) {
  lkm::testing::OneShotServer taken("");
  livekit::meet::App app(config());
  const auto ran =
      app.try_run({.host = "127.0.0.1", .port = taken.port(), .handle_signals = false});
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, livekit::ErrorCode::startup_failed);
  EXPECT_NE(ran.error().message.find("cannot listen on 127.0.0.1:" + std::to_string(taken.port())),
            std::string::npos)
      << ran.error().message;
}

}  // namespace
