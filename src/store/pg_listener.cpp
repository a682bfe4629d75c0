#include "store/pg_listener.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "core/log.hpp"
#include "store/pg.hpp"

namespace lkm::store {
namespace {

constexpr int kPollMs = 500;
constexpr auto kFirstRetry = std::chrono::seconds(1);
constexpr auto kLongestRetry = std::chrono::seconds(30);

// Sleeps up to `duration`, waking early when asked to stop.
void pause(const std::stop_token& stop, std::chrono::milliseconds duration) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (!stop.stop_requested() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs / 5));
  }
}

}  // namespace

PgListener::PgListener(Secret conninfo, std::string channel, Callback callback)
    : conninfo_(std::move(conninfo)),
      channel_(std::move(channel)),
      callback_(std::move(callback)),
      thread_([this](const std::stop_token& stop) { run(stop); }) {}

PgListener::~PgListener() {
  thread_.request_stop();
}

void PgListener::run(const std::stop_token& stop) {
  std::chrono::milliseconds retry = kFirstRetry;
  bool reported = false;
  while (!stop.stop_requested()) {
    try {
      auto connection = pg::Connection::open(std::string(conninfo_.reveal()));
      // The channel is ours (a constant), so it needs no quoting beyond the identifier's.
      connection->exec("LISTEN \"" + channel_ + "\"");
      if (reported) log::info("listening for admissions from other instances again");
      reported = false;
      retry = kFirstRetry;
      while (!stop.stop_requested()) {
        for (const auto& payload : connection->notifications(kPollMs)) callback_(payload);
      }
    } catch (const pg::Error& error) {
      if (!reported) {
        log::warn(std::string("cannot listen for admissions from other instances (waiting guests "
                              "will notice within a second instead): ") +
                  error.what());
        reported = true;
      }
      pause(stop, retry);
      retry = std::min<std::chrono::milliseconds>(retry * 2, kLongestRetry);
    }
  }
}

}  // namespace lkm::store
