#pragma once
// AdmissionSignals: wakes the long polls of waiting guests when the host decides, instead of
// leaving them to notice at their next look at the store. notify() comes from this instance's
// admit/deny handlers, or from another instance through the store (PostgreSQL LISTEN/NOTIFY).
// shutdown() ends every wait at once, so that long polls answer before the server stops.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

namespace lkm::services {

class AdmissionSignals {
 public:
  // Returns after `timeout`, after notify(ticket), or at once once shut down.
  boost::asio::awaitable<void> wait(const std::string& ticket, std::chrono::milliseconds timeout);
  void notify(const std::string& ticket);
  // One long poll at a time per ticket: begin_poll makes the caller the ticket's poll (waking the
  // one before it, whose current() turns false) and returns its number; end_poll forgets it when
  // it is still the current one.
  [[nodiscard]] std::uint64_t begin_poll(const std::string& ticket);
  [[nodiscard]] bool current(const std::string& ticket, std::uint64_t poll) const;
  void end_poll(const std::string& ticket, std::uint64_t poll);
  void shutdown();
  [[nodiscard]] bool stopping() const;

 private:
  using Timer = boost::asio::steady_timer;
  mutable std::mutex mutex_;
  bool stopping_ = false;
  std::unordered_multimap<std::string, std::shared_ptr<Timer>> waiting_;
  std::unordered_map<std::string, std::uint64_t> polls_;  // ticket -> its current poll
  std::uint64_t next_poll_ = 0;
};

}  // namespace lkm::services
