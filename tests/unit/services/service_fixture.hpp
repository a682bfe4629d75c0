#pragma once
// The services' tests' fixture: a SQLite store in a temporary directory, a pinned clock, a small
// worker pool, the access keys, a scripted source of random strings, a LiveKit client (to a
// stand-in, or to an address that refuses connections), and a way to run a service call to its
// end on a local event loop.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "../store/store_fixture.hpp"
#include "core/clock.hpp"
#include "core/secret.hpp"
#include "livekit_api/room_service.hpp"
#include "livekit_api/twirp.hpp"
#include "services/call.hpp"
#include "services/credentials.hpp"
#include "services/hosted_rooms.hpp"
#include "services/random.hpp"
#include "services/worker_pool.hpp"
#include "store/sqlite_store.hpp"

namespace lkm::services::testing {

namespace net = boost::asio;
using namespace std::chrono_literals;

inline constexpr std::int64_t kNow = 1'800'000'000;
inline constexpr std::int64_t kDay = 86'400;

// Random strings a test decides: each length has its own queue of scripted answers; once a queue
// is empty, answers are distinct strings of [a-z0-9] made from a counter. Thread-safe (the
// services draw on the worker pool).
class ScriptedRandom {
 public:
  void script(std::size_t length, std::vector<std::string> answers) {
    const std::lock_guard lock(state_->mutex);
    auto& queue = state_->scripted[length];
    for (auto& answer : answers) queue.push_back(std::move(answer));
  }
  // How many strings of that length were drawn.
  [[nodiscard]] std::size_t drawn(std::size_t length) const {
    const std::lock_guard lock(state_->mutex);
    const auto it = state_->drawn.find(length);
    return it == state_->drawn.end() ? 0 : it->second;
  }
  // The source to hand to a service; it shares this object's script.
  [[nodiscard]] RandomString source() const {
    return [state = state_](std::size_t length) { return state->next(length); };
  }

 private:
  struct State {
    std::string next(std::size_t length) {
      const std::lock_guard lock(mutex);
      ++drawn[length];
      auto& queue = scripted[length];
      if (!queue.empty()) {
        std::string answer = std::move(queue.front());
        queue.pop_front();
        return answer;
      }
      static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
      std::string answer(length, '0');
      std::uint64_t n = ++counter;
      for (std::size_t i = length; i > 0 && n > 0; --i, n /= kAlphabet.size()) {
        answer[i - 1] = kAlphabet[n % kAlphabet.size()];
      }
      return answer;
    }
    std::mutex mutex;
    std::map<std::size_t, std::deque<std::string>> scripted;
    std::map<std::size_t, std::size_t> drawn;
    std::uint64_t counter = 0;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

template <class R>
net::awaitable<void> keep_outcome(net::awaitable<R> call, std::optional<R>& out) {
  out.emplace(co_await std::move(call));
}

// Starts `call` on `ioc`; its outcome is in `out` once `ioc` has run it to its end. An exception
// the call throws leaves ioc.run().
template <class R>
void spawn(net::io_context& ioc, net::awaitable<R> call, std::optional<R>& out) {
  net::co_spawn(ioc, keep_outcome(std::move(call), out), [](const std::exception_ptr& error) {
    if (error) std::rethrow_exception(error);
  });
}

// Runs one call (a service's Call<T>, or any awaitable with a value) to its end on `ioc`, on this
// thread, and returns its outcome.
template <class R>
R run_call(net::io_context& ioc, net::awaitable<R> call) {
  std::optional<R> out;
  spawn(ioc, std::move(call), out);
  ioc.restart();
  ioc.run();
  if (!out) throw std::logic_error("the call did not end");
  return std::move(*out);
}

// The same on an event loop of its own.
template <class R>
R run_call(net::awaitable<R> call) {
  net::io_context ioc;
  return run_call(ioc, std::move(call));
}

// The code of a failed call, or nullopt when it succeeded.
template <class T>
std::optional<ErrorCode> error_code(const Result<T, Error>& result) {
  if (result) return std::nullopt;
  return result.error().code;
}

class ServiceTest : public ::testing::Test {
 protected:
  ServiceTest() { use_unreachable_livekit(); }

  void SetUp() override {
    auto opened = store::SqliteStore::open(dir_.path() / "meetings.db", clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }

  [[nodiscard]] Blocking blocking() { return Blocking(pool_, std::chrono::milliseconds(5000)); }

  // The LiveKit server API at `url` (a stand-in's).
  void use_livekit(const std::string& url) {
    livekit::TwirpOptions options;
    options.timeout = 5s;
    options.max_attempts = 1;
    set_livekit(url, options);
  }
  // A LiveKit server that cannot be asked: nothing listens on port 1.
  void use_unreachable_livekit() {
    livekit::TwirpOptions options;
    options.timeout = 2s;
    options.max_attempts = 1;
    set_livekit("http://127.0.0.1:1", options);
  }
  [[nodiscard]] const livekit::RoomService* livekit() const { return livekit_.get(); }

  [[nodiscard]] HostedRooms::Dependencies room_dependencies() {
    return {blocking(), store_.get(),     store_.get(), livekit_.get(),
            &clock_,    random_.source(), &keys_};
  }

  // A hosted room written straight to the store, used now; returns its host credential's hash.
  std::string add_room(const std::string& name, bool waiting_room = false, bool listed = false) {
    store::HostedRoom room;
    room.name = name;
    room.waiting_room = waiting_room;
    room.listed = listed;
    room.created_at = clock_.now_unix();
    room.last_used_at = room.created_at;
    const auto credential =
        issue_host_credential(keys_, name, "host-random-" + name + std::string(32, 'x'));
    auto created = store_->create_room(room, credential.stored_hash, 0);
    EXPECT_TRUE(created.ok() && *created) << name;
    return credential.stored_hash;
  }

  std::optional<store::HostedRoom> stored_room(const std::string& name) {
    auto found = store_->hosted_room(name);
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? *found : std::nullopt;
  }

  store::testing::TempDir dir_;
  FixedClock clock_{kNow};
  std::unique_ptr<store::SqliteStore> store_;
  AccessKeys keys_ = AccessKeys::derive(Secret("a-livekit-api-secret-for-the-service-tests"));
  ScriptedRandom random_;
  std::unique_ptr<livekit::TwirpClient> twirp_;
  std::unique_ptr<livekit::RoomService> livekit_;
  // Last, so that it ends (joining its threads) before anything its jobs use goes away.
  WorkerPool pool_{WorkerPool::Options{2, 64}};

 private:
  void set_livekit(const std::string& url, const livekit::TwirpOptions& options) {
    livekit_.reset();
    twirp_ = std::make_unique<livekit::TwirpClient>(
        url, "APIservices", Secret("a-livekit-api-secret-for-the-service-tests"), options);
    livekit_ = std::make_unique<livekit::RoomService>(*twirp_);
  }
};

}  // namespace lkm::services::testing
