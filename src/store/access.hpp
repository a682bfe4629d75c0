#pragma once
// AccessStore: who may join rooms that have a host: the rooms' settings (passcode hash, waiting
// room, lock), the hashes of their hosts' credentials, and the tickets of guests waiting to be
// let in. Kept in the same database as the meeting history, so that it survives restarts and is
// shared by every instance on one PostgreSQL database.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace lkm::store {

struct HostedRoom {
  std::string name;
  std::string passcode_hash;  // empty: no passcode
  bool waiting_room = false;
  bool locked = false;
  std::int64_t created_at = 0;
  bool operator==(const HostedRoom&) const = default;
};

enum class TicketStatus { waiting, admitted, denied };

[[nodiscard]] const char* to_string(TicketStatus status) noexcept;
[[nodiscard]] std::optional<TicketStatus> ticket_status_from(std::string_view text) noexcept;

struct WaitingTicket {
  std::string ticket;  // random, the guest's handle on its place in the queue
  std::string room_name;
  std::string participant_name;
  std::string postfix;  // of the guest's identity, so that the token it gets matches its cookie
  TicketStatus status = TicketStatus::waiting;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;  // the guest's latest poll
  std::optional<std::int64_t> decided_at;
  bool operator==(const WaitingTicket&) const = default;
};

class AccessStore {
 public:
  AccessStore() = default;
  AccessStore(const AccessStore&) = delete;
  AccessStore& operator=(const AccessStore&) = delete;
  virtual ~AccessStore() = default;

  // Creates a room with its first host credential (a hash). False when the name has a host.
  virtual Result<bool, StoreError> create_room(const HostedRoom& room,
                                               const std::string& credential_hash) = 0;
  virtual Result<std::optional<HostedRoom>, StoreError> hosted_room(const std::string& name) = 0;
  // Whether the credential hash is a live host credential of that room.
  virtual Result<bool, StoreError> is_host(const std::string& room,
                                           const std::string& credential_hash) = 0;
  // Revokes one host credential; false when it was not a credential of that room.
  virtual Result<bool, StoreError> revoke_host(const std::string& room,
                                               const std::string& credential_hash) = 0;
  // False when the room has no host.
  virtual Result<bool, StoreError> set_locked(const std::string& room, bool locked) = 0;
  // Forgets the room, its credentials and tickets; false when it had no host.
  virtual Result<bool, StoreError> delete_room(const std::string& room) = 0;

  // Adds a waiting ticket (and forgets tickets older than a day); false when the room is gone.
  virtual Result<bool, StoreError> add_ticket(const WaitingTicket& ticket) = 0;
  // The ticket of that room, its last_seen_at moved to `now`.
  virtual Result<std::optional<WaitingTicket>, StoreError> poll_ticket(const std::string& room,
                                                                       const std::string& ticket,
                                                                       std::int64_t now) = 0;
  // Tickets still waiting whose guest polled at or after `seen_since`, oldest first.
  virtual Result<std::vector<WaitingTicket>, StoreError> waiting(const std::string& room,
                                                                 std::int64_t seen_since) = 0;
  // Admits or denies a waiting ticket; false when that room has no such waiting ticket.
  virtual Result<bool, StoreError> decide(const std::string& room, const std::string& ticket,
                                          TicketStatus decision, std::int64_t now) = 0;

  // Calls `listener`, from a thread of the store's, with each ticket that any instance sharing
  // this store decides, so that long polls on this instance wake at once. Stores that only one
  // process uses do nothing: that process's own decisions wake its polls directly.
  using DecisionListener = std::function<void(const std::string& ticket)>;
  virtual void watch_decisions(const DecisionListener& /*listener*/) {}

  static constexpr std::int64_t kTicketLifetimeSeconds = std::int64_t{24} * 3600;
};

}  // namespace lkm::store
