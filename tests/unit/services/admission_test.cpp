#include "services/admission.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "service_fixture.hpp"

namespace lkm::services {
namespace {

using namespace std::chrono_literals;
using testing::error_code;
using testing::run_call;
using testing::spawn;
namespace net = boost::asio;
using SteadyClock = std::chrono::steady_clock;
using Outcome = Admission::Outcome;

constexpr const char* kRoom = "lobby-room";

// `call`, noting when it ended.
template <class R>
net::awaitable<R> noting_end(net::awaitable<R> call, SteadyClock::time_point& ended) {
  auto outcome = co_await std::move(call);
  ended = SteadyClock::now();
  co_return outcome;
}

// `call`, started after `delay`; notes when it started.
template <class R>
net::awaitable<R> after(std::chrono::milliseconds delay, net::awaitable<R> call,
                        SteadyClock::time_point& started) {
  net::steady_timer timer(co_await net::this_coro::executor);
  timer.expires_after(delay);
  co_await timer.async_wait(net::use_awaitable);
  started = SteadyClock::now();
  co_return co_await std::move(call);
}

class AdmissionTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    host_ = add_room(kRoom, /*waiting_room=*/true);
    stranger_ = add_room("another-room");
    rooms_.emplace(room_dependencies(), RoomPolicy{});
    admission_.emplace(*rooms_, signals_);
  }

  std::string enqueue(const std::string& participant = "Ada", const std::string& postfix = "ab12") {
    auto ticket = run_call(admission_->enqueue(kRoom, participant, postfix));
    EXPECT_TRUE(ticket.ok()) << ticket.error().message;
    return ticket.ok() ? *ticket : std::string();
  }

  Result<Done, Error> decide(const std::string& ticket, store::TicketStatus decision,
                             const std::string& host_hash) {
    return run_call(admission_->decide(kRoom, host_hash, ticket, decision));
  }

  std::vector<std::string> waiting_tickets() {
    auto tickets = run_call(admission_->waiting(kRoom, host_));
    EXPECT_TRUE(tickets.ok()) << tickets.error().message;
    std::vector<std::string> ids;
    if (tickets.ok()) {
      for (const auto& ticket : *tickets) ids.push_back(ticket.ticket);
    }
    return ids;
  }

  std::shared_ptr<AdmissionSignals> signals_ = std::make_shared<AdmissionSignals>();
  std::optional<HostedRooms> rooms_;
  std::optional<Admission> admission_;
  std::string host_;      // the host credential's hash for kRoom
  std::string stranger_;  // another room's host's
};

TEST_F(AdmissionTest, EnqueueGivesATicketTheHostSeesWaiting) {
  const std::string scripted(32, 't');
  random_.script(32, {scripted});
  EXPECT_EQ(enqueue("Ada", "ab12"), scripted);

  const auto waiting = run_call(admission_->waiting(kRoom, host_));
  ASSERT_TRUE(waiting.ok()) << waiting.error().message;
  ASSERT_EQ(waiting->size(), 1U);
  const auto& ticket = waiting->front();
  EXPECT_EQ(ticket.ticket, scripted);
  EXPECT_EQ(ticket.room_name, kRoom);
  EXPECT_EQ(ticket.participant_name, "Ada");
  EXPECT_EQ(ticket.postfix, "ab12");
  EXPECT_EQ(ticket.status, store::TicketStatus::waiting);

  EXPECT_EQ(error_code(run_call(admission_->waiting(kRoom, stranger_))), ErrorCode::host_required);
  EXPECT_EQ(error_code(run_call(admission_->waiting(kRoom, std::nullopt))),
            ErrorCode::host_required);
}

TEST_F(AdmissionTest, AnAdmittedTicketIsAnsweredOnce) {
  const auto ticket = enqueue("Ada", "ab12");
  ASSERT_TRUE(decide(ticket, store::TicketStatus::admitted, host_).ok());
  EXPECT_TRUE(waiting_tickets().empty()) << "an admitted guest no longer waits";

  const auto admitted = run_call(admission_->await_decision(kRoom, ticket, 5s));
  ASSERT_TRUE(admitted.ok()) << admitted.error().message;
  EXPECT_EQ(admitted->kind, Outcome::Kind::admitted);
  EXPECT_EQ(admitted->ticket.ticket, ticket);
  EXPECT_EQ(admitted->ticket.participant_name, "Ada");
  EXPECT_EQ(admitted->ticket.postfix, "ab12");

  const auto again = run_call(admission_->await_decision(kRoom, ticket, 5s));
  EXPECT_EQ(error_code(again), ErrorCode::ticket_used);
}

TEST_F(AdmissionTest, ADeniedTicketIsTurnedAway) {
  const auto ticket = enqueue();
  ASSERT_TRUE(decide(ticket, store::TicketStatus::denied, host_).ok());
  EXPECT_EQ(error_code(run_call(admission_->await_decision(kRoom, ticket, 5s))), ErrorCode::denied);
  EXPECT_TRUE(waiting_tickets().empty());
}

TEST_F(AdmissionTest, OnlyTheHostDecides) {
  const auto ticket = enqueue();
  EXPECT_EQ(error_code(decide(ticket, store::TicketStatus::admitted, stranger_)),
            ErrorCode::host_required);
  EXPECT_EQ(waiting_tickets(), std::vector<std::string>{ticket}) << "the ticket still waits";
  EXPECT_EQ(error_code(decide("no-such-ticket", store::TicketStatus::admitted, host_)),
            ErrorCode::not_found);
}

TEST_F(AdmissionTest, AnUndecidedTicketWaitsOutItsWaitAndStillWaits) {
  const auto ticket = enqueue();
  const auto before = SteadyClock::now();
  const auto outcome = run_call(admission_->await_decision(kRoom, ticket, 1s));
  const auto elapsed = SteadyClock::now() - before;
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(outcome->kind, Outcome::Kind::waiting);
  EXPECT_GE(elapsed, 900ms);
  EXPECT_LT(elapsed, 5s);
  EXPECT_EQ(waiting_tickets(), std::vector<std::string>{ticket});
}

TEST_F(AdmissionTest, ADecisionWakesAPendingPollAtOnce) {
  const auto ticket = enqueue();
  net::io_context ioc;
  SteadyClock::time_point decided_at;
  SteadyClock::time_point answered_at;
  std::optional<Result<Outcome, Error>> polled;
  std::optional<Result<Done, Error>> decided;
  const auto begun = SteadyClock::now();
  // The poll looks at the store, then waits up to a second before it looks again; the decision
  // comes in that second.
  spawn(ioc, noting_end(admission_->await_decision(kRoom, ticket, 10s), answered_at), polled);
  spawn(ioc,
        after(200ms, admission_->decide(kRoom, host_, ticket, store::TicketStatus::admitted),
              decided_at),
        decided);
  ioc.run();

  ASSERT_TRUE(decided.has_value() && decided->ok());
  ASSERT_TRUE(polled.has_value());
  ASSERT_TRUE(polled->ok()) << polled->error().message;
  EXPECT_EQ((*polled)->kind, Outcome::Kind::admitted);
  EXPECT_LT(answered_at - decided_at, 500ms) << "woken by the decision, not its next look";
  EXPECT_LT(answered_at - begun, 5s) << "well before its wait ended";
}

TEST_F(AdmissionTest, ANewerPollOfTheSameTicketTakesOver) {
  const auto ticket = enqueue();
  net::io_context ioc;
  SteadyClock::time_point second_started;
  std::optional<Result<Outcome, Error>> first;
  std::optional<Result<Outcome, Error>> second;
  spawn(ioc, admission_->await_decision(kRoom, ticket, 10s), first);
  spawn(ioc, after(200ms, admission_->await_decision(kRoom, ticket, 1s), second_started), second);
  ioc.run();

  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(error_code(*first), ErrorCode::conflict);
  ASSERT_TRUE(second.has_value());
  ASSERT_TRUE(second->ok()) << second->error().message;
  EXPECT_EQ((*second)->kind, Outcome::Kind::waiting);
}

TEST_F(AdmissionTest, AnAdmittedGuestWaitsWhileTheRoomIsLocked) {
  const auto ticket = enqueue();
  ASSERT_TRUE(decide(ticket, store::TicketStatus::admitted, host_).ok());
  ASSERT_TRUE(store_->set_locked(kRoom, true).ok());
  EXPECT_EQ(error_code(run_call(admission_->await_decision(kRoom, ticket, 5s))),
            ErrorCode::room_locked);
  ASSERT_TRUE(store_->set_locked(kRoom, false).ok());
  const auto admitted = run_call(admission_->await_decision(kRoom, ticket, 5s));
  ASSERT_TRUE(admitted.ok()) << admitted.error().message;
  EXPECT_EQ(admitted->kind, Outcome::Kind::admitted) << "the ticket stayed admitted";
}

TEST_F(AdmissionTest, UnknownRoomsAndTicketsAreNotFound) {
  EXPECT_EQ(error_code(run_call(admission_->enqueue("no-such-room", "Ada", "ab12"))),
            ErrorCode::room_not_found);
  EXPECT_EQ(error_code(run_call(admission_->waiting("no-such-room", host_))),
            ErrorCode::room_not_found);
  EXPECT_EQ(error_code(run_call(admission_->await_decision(kRoom, "no-such-ticket", 1s))),
            ErrorCode::not_found);
  const auto ticket = enqueue();
  EXPECT_EQ(error_code(run_call(admission_->await_decision("another-room", ticket, 1s))),
            ErrorCode::not_found)
      << "a ticket belongs to its room";
}

}  // namespace
}  // namespace lkm::services
