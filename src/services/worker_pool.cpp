#include "services/worker_pool.hpp"

#include <algorithm>
#include <string>

#include "core/log.hpp"

namespace lkm::services {

const char* to_string(PoolError error) noexcept {
  switch (error) {
    case PoolError::full: return "full";
    case PoolError::deadline: return "deadline";
    case PoolError::stopped: break;
  }
  return "stopped";
}

WorkerPool::WorkerPool(Options options) : options_(options) {
  options_.threads = std::max<std::size_t>(1, options_.threads);
  threads_.reserve(options_.threads);
  for (std::size_t i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  shutdown();
}

std::optional<PoolError> WorkerPool::post(std::function<void()> job) {
  std::string warning;
  bool queued = false;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return PoolError::stopped;
    if (queue_.size() < options_.queue) {
      queue_.push_back(std::move(job));
      queued = true;
    } else {
      ++refused_;
      ++unreported_;
      // At most one line per interval, however many requests a flood makes refuse.
      const auto now = std::chrono::steady_clock::now();
      if (now >= next_warning_) {
        warning = "the worker queue is full (" + std::to_string(options_.queue) +
                  " jobs waiting): " + std::to_string(unreported_) +
                  " request(s) answered 503 since the last report";
        unreported_ = 0;
        next_warning_ = now + kWarningInterval;
      }
    }
  }
  if (!queued) {
    if (!warning.empty()) log::warn(warning);
    return PoolError::full;
  }
  ready_.notify_one();
  return std::nullopt;
}

void WorkerPool::shutdown() {
  std::deque<std::function<void()>> dropped;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    dropped.swap(queue_);
  }
  ready_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

WorkerPool::Stats WorkerPool::stats() const {
  const std::lock_guard lock(mutex_);
  return {queue_.size(), running_, refused_};
}

void WorkerPool::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    job();  // never throws: run() catches what the work throws
    const std::lock_guard lock(mutex_);
    --running_;
  }
}

}  // namespace lkm::services
