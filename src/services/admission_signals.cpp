#include "services/admission_signals.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lkm::services {
namespace net = boost::asio;

namespace {

// Cancels a timer on its own executor (timers are not thread-safe).
void cancel(const std::shared_ptr<net::steady_timer>& timer) {
  net::post(timer->get_executor(), [timer] { timer->cancel(); });
}

}  // namespace

net::awaitable<void> AdmissionSignals::wait(const std::string& ticket,
                                            std::chrono::milliseconds timeout) {
  auto timer = std::make_shared<Timer>(co_await net::this_coro::executor, timeout);
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) co_return;
    waiting_.emplace(ticket, timer);
  }
  co_await timer->async_wait(net::as_tuple(net::use_awaitable));
  // Iterators do not survive a rehash: find this wait's entry again by its timer.
  const std::lock_guard lock(mutex_);
  const auto [first, last] = waiting_.equal_range(ticket);
  for (auto it = first; it != last; ++it) {
    if (it->second == timer) {
      waiting_.erase(it);
      break;
    }
  }
}

void AdmissionSignals::notify(const std::string& ticket) {
  const std::lock_guard lock(mutex_);
  const auto [first, last] = waiting_.equal_range(ticket);
  for (auto it = first; it != last; ++it) cancel(it->second);
}

std::uint64_t AdmissionSignals::begin_poll(const std::string& ticket) {
  const std::lock_guard lock(mutex_);
  const std::uint64_t poll = ++next_poll_;
  polls_.insert_or_assign(ticket, poll);
  const auto [first, last] = waiting_.equal_range(ticket);
  for (auto it = first; it != last; ++it) cancel(it->second);
  return poll;
}

bool AdmissionSignals::current(const std::string& ticket, std::uint64_t poll) const {
  const std::lock_guard lock(mutex_);
  const auto it = polls_.find(ticket);
  return it != polls_.end() && it->second == poll;
}

void AdmissionSignals::end_poll(const std::string& ticket, std::uint64_t poll) {
  const std::lock_guard lock(mutex_);
  const auto it = polls_.find(ticket);
  if (it != polls_.end() && it->second == poll) polls_.erase(it);
}

void AdmissionSignals::shutdown() {
  const std::lock_guard lock(mutex_);
  stopping_ = true;
  for (auto& entry : waiting_) cancel(entry.second);
}

bool AdmissionSignals::stopping() const {
  const std::lock_guard lock(mutex_);
  return stopping_;
}

}  // namespace lkm::services
