#include "services/admission.hpp"

#include <algorithm>

namespace lkm::services {

Admission::Admission(const HostedRooms& rooms, std::shared_ptr<AdmissionSignals> signals)
    : rooms_(&rooms), signals_(std::move(signals)) {}

Call<std::string> Admission::enqueue(std::string room, std::string participant_name,
                                     std::string postfix) const {
  if (!rooms_->enabled()) co_return fail(rooms_not_configured());
  const auto& blocking = rooms_->blocking();
  const auto* rooms = rooms_;
  auto job = [rooms, room, participant_name, postfix]() -> Result<std::string, Error> {
    store::WaitingTicket ticket;
    ticket.ticket = rooms->random()(32);
    ticket.room_name = room;
    ticket.participant_name = participant_name;
    ticket.postfix = postfix;
    ticket.created_at = rooms->now();
    ticket.last_seen_at = ticket.created_at;
    auto added = rooms->access()->add_ticket(ticket);
    if (!added) return fail(from_access_store(added.error()));
    if (!*added) return fail(Error{ErrorCode::room_not_found, "No such room"});
    return ticket.ticket;
  };
  const auto deadline = blocking.deadline();
  co_return co_await blocking.run(deadline, std::move(job));
}

// The admitted guest's answer: its token, once. A locked room keeps the ticket admitted until the
// host unlocks it.
Call<Admission::Outcome> Admission::admitted(store::WaitingTicket ticket) const {
  const auto& blocking = rooms_->blocking();
  const auto* rooms = rooms_;
  auto job = [rooms, ticket]() -> Result<Outcome, Error> {
    auto room = rooms->find_blocking(ticket.room_name);
    if (!room) return fail(std::move(room).error());
    if (!*room) return fail(Error{ErrorCode::room_not_found, "No such room"});
    if ((*room)->locked) {
      return fail(Error{ErrorCode::room_locked, "The host has locked this room"});
    }
    auto consumed = rooms->access()->consume_ticket(ticket.room_name, ticket.ticket, rooms->now());
    if (!consumed) return fail(from_access_store(consumed.error()));
    if (!*consumed) {
      return fail(Error{ErrorCode::ticket_used, "This admission was already used"});
    }
    return Outcome{Outcome::Kind::admitted, ticket};
  };
  const auto deadline = blocking.deadline();
  co_return co_await blocking.run(deadline, std::move(job));
}

Call<Admission::Outcome> Admission::await_decision(std::string room, std::string ticket_id,
                                                   std::chrono::seconds wait) const {
  if (!rooms_->enabled()) co_return fail(rooms_not_configured());
  const auto until = std::chrono::steady_clock::now() + std::min(wait, kMaxWait);
  // One poll per ticket: a newer one (another tab, a reload) takes over and this one answers 409.
  struct Poll {
    AdmissionSignals& signals;
    const std::string& ticket;
    std::uint64_t id;
    ~Poll() { signals.end_poll(ticket, id); }
  } poll{*signals_, ticket_id, signals_->begin_poll(ticket_id)};
  const auto& blocking = rooms_->blocking();
  const auto* rooms = rooms_;
  for (;;) {
    if (!signals_->current(ticket_id, poll.id)) {
      co_return fail(
          Error{ErrorCode::conflict, "This place in the queue is being waited on elsewhere"});
    }
    auto job = [rooms, room, ticket_id]() -> Result<std::optional<store::WaitingTicket>, Error> {
      auto ticket = rooms->access()->poll_ticket(room, ticket_id, rooms->now());
      if (!ticket) return fail(from_access_store(ticket.error()));
      return std::move(ticket).value();
    };
    const auto deadline = blocking.deadline();
    auto found = co_await blocking.run(deadline, std::move(job));
    if (!found) co_return fail(std::move(found).error());
    if (!*found) co_return fail(Error{ErrorCode::not_found, "No such waiting guest"});
    switch ((*found)->status) {
      case store::TicketStatus::denied:
        co_return fail(Error{ErrorCode::denied, "The host did not let you in"});
      case store::TicketStatus::used:
        co_return fail(Error{ErrorCode::ticket_used, "This admission was already used"});
      case store::TicketStatus::admitted: co_return co_await admitted(std::move(**found));
      case store::TicketStatus::waiting: break;
    }
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero() || signals_->stopping()) {
      co_return Outcome{};
    }
    co_await signals_->wait(
        ticket_id, std::min(kRecheck, std::chrono::duration_cast<std::chrono::milliseconds>(left) +
                                          std::chrono::milliseconds(1)));
  }
}

Call<std::vector<store::WaitingTicket>> Admission::waiting(
    std::string room, std::optional<std::string> host_hash) const {
  auto hosted = co_await rooms_->require_host(room, std::move(host_hash));
  if (!hosted) co_return fail(std::move(hosted).error());
  const auto& blocking = rooms_->blocking();
  const auto* rooms = rooms_;
  auto job = [rooms, room]() -> Result<std::vector<store::WaitingTicket>, Error> {
    auto tickets = rooms->access()->waiting(room, rooms->now() - kWaitingGuestTimeoutSeconds);
    if (!tickets) return fail(from_access_store(tickets.error()));
    return std::move(tickets).value();
  };
  const auto deadline = blocking.deadline();
  co_return co_await blocking.run(deadline, std::move(job));
}

Call<Done> Admission::decide(std::string room, std::optional<std::string> host_hash,
                             std::string ticket, store::TicketStatus decision) const {
  auto hosted = co_await rooms_->require_host(room, std::move(host_hash));
  if (!hosted) co_return fail(std::move(hosted).error());
  const auto& blocking = rooms_->blocking();
  const auto* rooms = rooms_;
  auto job = [rooms, room, ticket, decision]() -> Result<bool, Error> {
    auto done = rooms->access()->decide(room, ticket, decision, rooms->now());
    if (!done) return fail(from_access_store(done.error()));
    return *done;
  };
  const auto deadline = blocking.deadline();
  auto decided = co_await blocking.run(deadline, std::move(job));
  if (!decided) co_return fail(std::move(decided).error());
  if (!*decided) co_return fail(Error{ErrorCode::not_found, "No such waiting guest"});
  signals_->notify(ticket);
  co_return Done{};
}

}  // namespace lkm::services
