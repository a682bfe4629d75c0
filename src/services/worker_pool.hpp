#pragma once
// WorkerPool: the threads that do blocking work (store calls, password hashing) so that no
// connection's event loop ever waits on it. A fixed number of threads take jobs from one bounded
// queue; `run` hands a job over from a coroutine and resumes that coroutine on its own executor
// when the job is done, or when its deadline passes first.
//   - A full queue refuses the job at once (PoolError::full): memory stays bounded however many
//     requests arrive.
//   - A job still queued at its deadline never starts; one running at its deadline finishes on
//     its worker, and its result is dropped (PoolError::deadline for the caller in both cases).
//   - shutdown() ends the threads after the jobs they are running; queued jobs are dropped.
// Jobs must own what they use (capture by value, or long-lived objects by pointer): a caller that
// gave up at its deadline no longer exists when the job ends.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/result.hpp"

namespace lkm::services {

enum class PoolError {
  full,      // the queue holds its maximum of waiting jobs
  deadline,  // the job did not end before the caller's deadline
  stopped,   // the pool is shutting down
};

[[nodiscard]] const char* to_string(PoolError error) noexcept;

class WorkerPool {
 public:
  struct Options {
    std::size_t threads = 4;
    std::size_t queue = 256;  // jobs waiting for a thread, at most
  };
  struct Stats {
    std::size_t queued = 0;
    std::size_t running = 0;
    std::uint64_t refused = 0;  // jobs refused because the queue was full
  };
  using Deadline = std::chrono::steady_clock::time_point;

  explicit WorkerPool(Options options);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();

  // Queues `job`; nullopt when queued, else full or stopped.
  [[nodiscard]] std::optional<PoolError> post(std::function<void()> job);
  void shutdown();
  [[nodiscard]] Stats stats() const;
  [[nodiscard]] const Options& options() const noexcept { return options_; }

  // Runs `job()` on a worker and returns its value on the calling coroutine's executor.
  // An exception the job throws is thrown here.
  template <class F>
  boost::asio::awaitable<Result<std::invoke_result_t<F&>, PoolError>> run(F job, Deadline deadline);

 private:
  static constexpr std::chrono::seconds kWarningInterval{10};
  void work();

  Options options_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t running_ = 0;
  std::uint64_t refused_ = 0;
  std::uint64_t unreported_ = 0;  // refusals since the last warning line
  std::chrono::steady_clock::time_point next_warning_{};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

namespace detail {

// What a job and the coroutine that waits for it share. The outcome and `timer` are touched only on
// the caller's executor; `abandoned` also by the worker. The timer lives in the waiting coroutine's
// frame, never here: a job may end (and drop its share) after the caller's event loop is gone.
template <class T>
struct Handoff {
  boost::asio::steady_timer* timer = nullptr;  // valid while the caller waits (!abandoned)
  std::unique_ptr<T> value;  // on the heap: GCC 12 at -O3 misreads an optional's state here
  std::exception_ptr exception;
  bool done = false;
  std::atomic<bool> abandoned{false};
};

}  // namespace detail

template <class F>
boost::asio::awaitable<Result<std::invoke_result_t<F&>, PoolError>> WorkerPool::run(
    F job, Deadline deadline) {
  using T = std::invoke_result_t<F&>;
  static_assert(!std::is_void_v<T>, "a job returns its outcome");
  const auto executor = co_await boost::asio::this_coro::executor;
  boost::asio::steady_timer timer(executor);
  timer.expires_at(deadline);
  auto handoff = std::make_shared<detail::Handoff<T>>();
  handoff->timer = &timer;
  const auto refused = post([handoff, executor, job = std::move(job), deadline]() mutable {
    if (handoff->abandoned.load() || std::chrono::steady_clock::now() >= deadline) return;
    std::unique_ptr<T> value;
    std::exception_ptr exception;
    try {
      value = std::make_unique<T>(job());
    } catch (...) {
      exception = std::current_exception();
    }
    boost::asio::post(executor, [handoff, value = std::move(value), exception]() mutable {
      // On the caller's executor, like the coroutine: it either still waits or has left.
      if (handoff->abandoned.load()) return;
      handoff->value = std::move(value);
      handoff->exception = exception;
      handoff->done = true;
      handoff->timer->cancel();
    });
  });
  if (refused) co_return fail(*refused);
  boost::system::error_code ec;
  co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  if (!handoff->done) {
    handoff->abandoned = true;
    co_return fail(PoolError::deadline);
  }
  if (handoff->exception) std::rethrow_exception(handoff->exception);
  co_return std::move(*handoff->value);
}

}  // namespace lkm::services
