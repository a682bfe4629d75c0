#include "services/worker_pool.hpp"

#include <algorithm>

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
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return PoolError::stopped;
    if (queue_.size() >= options_.queue) {
      ++refused_;
      return PoolError::full;
    }
    queue_.push_back(std::move(job));
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
