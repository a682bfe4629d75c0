#include "services/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "service_fixture.hpp"

namespace lkm::services {
namespace {

using namespace std::chrono_literals;
using testing::run_call;
namespace net = boost::asio;
using SteadyClock = std::chrono::steady_clock;

constexpr auto kWait = 5s;  // bound for every wait on the pool; tests finish far sooner

WorkerPool::Deadline in(std::chrono::milliseconds from_now) {
  return SteadyClock::now() + from_now;
}

// Holds a worker: its job reports that it started, then waits until released (at the latest when
// the Hold goes away, so that a failing test still lets the pool join).
class Hold {
 public:
  Hold() = default;
  Hold(const Hold&) = delete;
  Hold& operator=(const Hold&) = delete;
  ~Hold() { release(); }

  [[nodiscard]] std::function<int()> value_job() const {
    return [state = state_] {
      state->started.set_value();
      state->released_future.wait();
      return 1;
    };
  }
  [[nodiscard]] std::function<void()> job() const {
    return [held = value_job()] { (void)held(); };
  }
  [[nodiscard]] bool wait_started() const {
    return state_->started_future.wait_for(kWait) == std::future_status::ready;
  }
  void release() {
    std::call_once(state_->once, [this] { state_->released.set_value(); });
  }

 private:
  struct State {
    std::promise<void> started;
    std::shared_future<void> started_future = started.get_future().share();
    std::promise<void> released;
    std::shared_future<void> released_future = released.get_future().share();
    std::once_flag once;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

// Counts jobs down to zero; wait() is bounded.
class Countdown {
 public:
  explicit Countdown(int count) : count_(count) {}
  void count_down() {
    const std::lock_guard lock(mutex_);
    --count_;
    changed_.notify_all();
  }
  [[nodiscard]] bool wait() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWait, [this] { return count_ <= 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_;
};

struct Threads {
  std::thread::id before;  // the caller's, before the job
  std::thread::id job;
  std::thread::id after;  // the caller's, once the job is done
};

net::awaitable<Result<Threads, PoolError>> threads_around_a_job(WorkerPool& pool) {
  Threads threads;
  threads.before = std::this_thread::get_id();
  auto job = [] { return std::this_thread::get_id(); };
  auto ran = co_await pool.run(std::move(job), in(kWait));
  threads.after = std::this_thread::get_id();
  if (!ran) co_return fail(ran.error());
  threads.job = *ran;
  co_return threads;
}

// A job that only notes that it ran.
net::awaitable<Result<int, PoolError>> flagging_run(WorkerPool& pool, std::atomic<bool>& ran,
                                                    WorkerPool::Deadline deadline) {
  auto job = [&ran] {
    ran = true;
    return 1;
  };
  co_return co_await pool.run(std::move(job), deadline);
}

// What a throwing job makes run() do: the exception's message, or a note that there was none.
net::awaitable<std::string> thrown_message(WorkerPool& pool) {
  auto job = []() -> int { throw std::runtime_error("the job failed"); };
  try {
    auto ran = co_await pool.run(std::move(job), in(kWait));
    (void)ran;
  } catch (const std::runtime_error& error) {
    co_return std::string(error.what());
  }
  co_return std::string("no exception");
}

net::awaitable<Result<int, PoolError>> answer(WorkerPool& pool, int value) {
  auto job = [value] { return value; };
  co_return co_await pool.run(std::move(job), in(kWait));
}

TEST(WorkerPool, RunsTheJobOnAWorkerAndResumesOnTheCallersExecutor) {
  WorkerPool pool({2, 8});
  const auto test_thread = std::this_thread::get_id();
  const auto threads = run_call(threads_around_a_job(pool));
  ASSERT_TRUE(threads.ok()) << to_string(threads.error());
  EXPECT_EQ(threads->before, test_thread);
  EXPECT_NE(threads->job, test_thread);
  EXPECT_EQ(threads->after, test_thread) << "resumed on the executor whose event loop this is";
}

TEST(WorkerPool, RethrowsTheJobsExceptionInTheCallerAndKeepsWorking) {
  WorkerPool pool({1, 8});
  EXPECT_EQ(run_call(thrown_message(pool)), "the job failed");
  const auto next = run_call(answer(pool, 7));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, 7);
}

TEST(WorkerPool, RefusesAtOnceWhenTheQueueIsFullAndNeverGrowsPastIt) {
  net::io_context ioc;
  std::atomic<bool> refused_ran{false};
  Countdown queued(2);
  WorkerPool pool({1, 2});
  Hold hold;
  ASSERT_FALSE(pool.post(hold.job()));
  ASSERT_TRUE(hold.wait_started());
  ASSERT_FALSE(pool.post([&queued] { queued.count_down(); }));
  ASSERT_FALSE(pool.post([&queued] { queued.count_down(); }));
  EXPECT_EQ(pool.stats().queued, 2U);

  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(pool.post([&refused_ran] { refused_ran = true; }), PoolError::full);
  }
  // The worker is still held: a queued job would wait, a refused one answers now.
  const auto before = SteadyClock::now();
  const auto outcome = run_call(ioc, flagging_run(pool, refused_ran, in(kWait)));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error(), PoolError::full);
  EXPECT_LT(SteadyClock::now() - before, 2s);
  EXPECT_EQ(pool.stats().queued, 2U);
  EXPECT_EQ(pool.stats().refused, 6U);

  hold.release();
  ASSERT_TRUE(queued.wait()) << "the queued jobs run once the worker is free";
  pool.shutdown();
  EXPECT_FALSE(refused_ran) << "a refused job never runs";
}

TEST(WorkerPool, AnswersDeadlineInTimeWhileTheJobIsStillRunning) {
  net::io_context ioc;  // outlives the pool: the late job hands its result back to it
  WorkerPool pool({1, 4});
  Hold hold;
  const auto before = SteadyClock::now();
  const auto outcome = run_call(ioc, pool.run(hold.value_job(), in(300ms)));
  const auto elapsed = SteadyClock::now() - before;
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error(), PoolError::deadline);
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 3s);
  EXPECT_TRUE(hold.wait_started());
  EXPECT_EQ(pool.stats().running, 1U) << "the job is still held on its worker";

  hold.release();
  pool.shutdown();
  ioc.restart();
  ioc.run();  // the dropped result, handed back to nobody
}

TEST(WorkerPool, SkipsAJobWhoseDeadlinePassedWhileItWasQueued) {
  net::io_context ioc;
  std::atomic<bool> ran{false};
  Countdown after(1);
  WorkerPool pool({1, 4});
  Hold hold;
  ASSERT_FALSE(pool.post(hold.job()));
  ASSERT_TRUE(hold.wait_started());

  const auto outcome = run_call(ioc, flagging_run(pool, ran, in(200ms)));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error(), PoolError::deadline);

  // One worker takes jobs in order: once the next one ran, the late one had its turn.
  ASSERT_FALSE(pool.post([&after] { after.count_down(); }));
  hold.release();
  ASSERT_TRUE(after.wait());
  EXPECT_FALSE(ran) << "a job whose deadline passed before it started never runs";
}

TEST(WorkerPool, ShutdownWaitsForTheRunningJobDropsTheQueuedAndRefusesNewWork) {
  std::atomic<bool> finished{false};
  std::atomic<bool> dropped_ran{false};
  WorkerPool pool({1, 4});
  Hold hold;
  ASSERT_FALSE(pool.post([&finished, job = hold.job()] {
    job();
    finished = true;
  }));
  ASSERT_TRUE(hold.wait_started());
  ASSERT_FALSE(pool.post([&dropped_ran] { dropped_ran = true; }));

  auto stopping = std::async(std::launch::async, [&pool] { pool.shutdown(); });
  EXPECT_EQ(stopping.wait_for(300ms), std::future_status::timeout)
      << "shutdown returned while a job was running";
  hold.release();
  ASSERT_EQ(stopping.wait_for(kWait), std::future_status::ready);
  EXPECT_TRUE(finished);
  EXPECT_FALSE(dropped_ran) << "queued jobs are dropped";

  EXPECT_EQ(pool.post([] {}), PoolError::stopped);
  const auto refused = run_call(answer(pool, 1));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error(), PoolError::stopped);
  EXPECT_EQ(pool.stats().refused, 0U) << "only a full queue counts as refused";
}

TEST(WorkerPool, StatsCountQueuedRunningAndRefusedJobs) {
  Countdown queued(2);
  WorkerPool pool({1, 2});
  Hold hold;
  EXPECT_EQ(pool.stats().queued, 0U);
  EXPECT_EQ(pool.stats().running, 0U);
  EXPECT_EQ(pool.stats().refused, 0U);

  ASSERT_FALSE(pool.post(hold.job()));
  ASSERT_TRUE(hold.wait_started());
  EXPECT_EQ(pool.stats().running, 1U);
  EXPECT_EQ(pool.stats().queued, 0U);

  ASSERT_FALSE(pool.post([&queued] { queued.count_down(); }));
  ASSERT_FALSE(pool.post([&queued] { queued.count_down(); }));
  EXPECT_EQ(pool.post([] {}), PoolError::full);
  EXPECT_EQ(pool.post([] {}), PoolError::full);
  EXPECT_EQ(pool.post([] {}), PoolError::full);
  const auto busy = pool.stats();
  EXPECT_EQ(busy.running, 1U);
  EXPECT_EQ(busy.queued, 2U);
  EXPECT_EQ(busy.refused, 3U);

  hold.release();
  ASSERT_TRUE(queued.wait());
  pool.shutdown();  // joins: no job is running after it
  const auto idle = pool.stats();
  EXPECT_EQ(idle.running, 0U);
  EXPECT_EQ(idle.queued, 0U);
  EXPECT_EQ(idle.refused, 3U);
}

TEST(WorkerPool, HasAtLeastOneThread) {
  WorkerPool pool({0, 4});
  EXPECT_EQ(pool.options().threads, 1U);
  const auto ran = run_call(answer(pool, 3));
  ASSERT_TRUE(ran.ok());
  EXPECT_EQ(*ran, 3);
}

}  // namespace
}  // namespace lkm::services
