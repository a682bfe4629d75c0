#include "http/connection_limits.hpp"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace lkm::http {
namespace {

using boost::asio::ip::make_address;
using metrics::Refusal;
using namespace std::chrono_literals;

// One client holding every connection: the limit stops it at N and nobody else.
TEST(ConnectionsPerClient, RefusesAClientAtItsLimitAndNoOneElse) {
  ConnectionsPerClient counts(3);
  const auto greedy = make_address("203.0.113.7");
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(counts.try_add(greedy)) << i;
  EXPECT_FALSE(counts.try_add(greedy));
  EXPECT_FALSE(counts.try_add(greedy));
  EXPECT_EQ(counts.count(greedy), 3U);
  EXPECT_TRUE(counts.try_add(make_address("203.0.113.8")));
  EXPECT_TRUE(counts.try_add(make_address("2001:db8::7")));
  counts.remove(greedy);
  EXPECT_TRUE(counts.try_add(greedy)) << "a closed connection makes room";
  EXPECT_FALSE(counts.try_add(greedy));
}

// A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d: the same client either way.
TEST(ConnectionsPerClient, CountsAnIpv4AddressAndItsMappedFormAsOneClient) {
  ConnectionsPerClient counts(2);
  EXPECT_TRUE(counts.try_add(make_address("198.51.100.1")));
  EXPECT_TRUE(counts.try_add(make_address("::ffff:198.51.100.1")));
  EXPECT_FALSE(counts.try_add(make_address("::ffff:198.51.100.1")));
  EXPECT_FALSE(counts.try_add(make_address("198.51.100.1")));
  EXPECT_EQ(unmapped(make_address("::ffff:198.51.100.1")), make_address("198.51.100.1"));
  EXPECT_EQ(unmapped(make_address("2001:db8::1")), make_address("2001:db8::1"));
}

// Many clients passing through must not leave entries behind: memory follows who is connected.
TEST(ConnectionsPerClient, ForgetsAClientWhoseConnectionsAllClosed) {
  ConnectionsPerClient counts(4);
  for (unsigned i = 0; i < 1000; ++i) {
    const auto client = boost::asio::ip::make_address_v4(0x0A000000U + i);
    ASSERT_TRUE(counts.try_add(client));
    ASSERT_TRUE(counts.try_add(client));
    counts.remove(client);
    counts.remove(client);
  }
  EXPECT_EQ(counts.clients(), 0U);
  counts.remove(make_address("10.0.0.1"));  // never counted: nothing happens
  EXPECT_EQ(counts.clients(), 0U);
}

TEST(ConnectionsPerClient, CountsNothingWithoutALimit) {
  ConnectionsPerClient counts(0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(counts.try_add(make_address("10.0.0.1")));
  EXPECT_EQ(counts.clients(), 0U);
}

// Accepts and closes race on different threads; the counts stay exact and never pass the limit.
TEST(ConnectionsPerClient, StaysExactUnderConcurrentAddsAndRemoves) {
  constexpr std::size_t kLimit = 8;
  ConnectionsPerClient counts(kLimit);
  const auto client = make_address("192.0.2.1");
  std::atomic<std::size_t> held{0};
  std::atomic<bool> over{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        if (!counts.try_add(client)) continue;
        if (held.fetch_add(1) + 1 > kLimit) over = true;
        held.fetch_sub(1);
        counts.remove(client);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_FALSE(over.load());
  EXPECT_EQ(counts.count(client), 0U);
  EXPECT_EQ(counts.clients(), 0U);
}

// A flood of refusals must not become a flood of log lines.
TEST(RefusalLog, SumsUpRefusalsInOneLinePerInterval) {
  RefusalLog log(10000, 8, 10s);
  const RefusalLog::Clock::time_point start{1h};
  log.add(Refusal::per_client, "127.0.0.1");
  ASSERT_LE(log.next_line_at(), start) << "the first refusal is reported at once";
  const auto first = log.take(start);
  ASSERT_TRUE(first);
  EXPECT_EQ(*first,
            "refused 1 connection since the last such line (at most one per 10s): 1 over "
            "--max-connections-per-client 8 (the latest from 127.0.0.1)");
  EXPECT_EQ(log.next_line_at(), start + 10s);
  for (int i = 0; i < 48; ++i) log.add(Refusal::per_client, "127.0.0.1");
  log.add(Refusal::per_client, "127.0.0.3");
  log.add(Refusal::max_connections, "");
  log.add(Refusal::max_connections, "");
  EXPECT_TRUE(log.pending());
  const auto second = log.take(start + 10s);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second,
            "refused 51 connections since the last such line (at most one per 10s): 49 over "
            "--max-connections-per-client 8 (the latest from 127.0.0.3), 2 over "
            "--max-connections 10000");
  EXPECT_FALSE(log.pending());
  EXPECT_FALSE(log.take(start + 20s)) << "nothing refused, nothing to say";
}

}  // namespace
}  // namespace lkm::http
