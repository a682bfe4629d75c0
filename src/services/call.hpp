#pragma once
// What a service call returns, and how a service runs blocking work: on the worker pool, under the
// deadline of the request it serves, resuming on the request's own executor.
#include <chrono>
#include <type_traits>
#include <utility>

#include <boost/asio/awaitable.hpp>

#include "core/result.hpp"
#include "services/errors.hpp"
#include "services/worker_pool.hpp"

namespace lkm::services {

template <class T>
using Call = boost::asio::awaitable<Result<T, Error>>;

// The value of a call that answers nothing but success.
struct Done {};

using Deadline = WorkerPool::Deadline;

class Blocking {
 public:
  Blocking(WorkerPool& pool, std::chrono::milliseconds store_deadline)
      : pool_(&pool), store_deadline_(store_deadline) {}

  // The deadline of a request that starts now.
  [[nodiscard]] Deadline deadline() const {
    return std::chrono::steady_clock::now() + store_deadline_;
  }

  // Runs `job` (returning Result<T, Error>) on the pool. A full queue is store_unavailable, a
  // passed deadline store_timeout. `job` must own what it uses (see WorkerPool).
  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F&>> run(Deadline deadline, F job) const {
    auto outcome = co_await pool_->run(std::move(job), deadline);
    if (!outcome) co_return fail(from_pool(outcome.error()));
    co_return std::move(outcome).value();
  }

 private:
  WorkerPool* pool_;
  std::chrono::milliseconds store_deadline_;
};

}  // namespace lkm::services
