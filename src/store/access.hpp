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

#include "core/attempt_limiter.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace lkm::store {

struct HostedRoom {
  std::string name;
  std::string passcode_hash;  // empty: no passcode
  bool waiting_room = false;
  bool locked = false;
  bool listed = false;  // its host chose to show it in the lobby
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;  // the latest join or host action (see touch_room), or creation
  // The organiser signed in through the identity provider who created it (a key of the issuer
  // and subject); "" for rooms created otherwise.
  std::string owner;
  bool operator==(const HostedRoom&) const = default;
};

// What a host credential makes its holder: the room's host, or a co-host the host promoted (with
// the LiveKit identity it was promoted as).
struct HostGrant {
  bool cohost = false;
  std::string identity;  // the co-host's; empty for the host
  bool operator==(const HostGrant&) const = default;
};

// waiting -> admitted -> used (the admitted guest's token was handed out, once);
// waiting|admitted -> denied (turned away, or removed from the meeting by a host).
enum class TicketStatus { waiting, admitted, denied, used };

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

using AttemptPolicy = lkm::AttemptPolicy;

class AccessStore {
 public:
  AccessStore() = default;
  AccessStore(const AccessStore&) = delete;
  AccessStore& operator=(const AccessStore&) = delete;
  virtual ~AccessStore() = default;

  // Creates a room with its first host credential (a hash). False when the name has a host.
  // First, in the same transaction, forgets every hosted room (with its credentials and tickets)
  // whose last_used_at is before `forget_unused_before` (the room retention).
  virtual Result<bool, StoreError> create_room(const HostedRoom& room,
                                               const std::string& credential_hash,
                                               std::int64_t forget_unused_before) = 0;
  // Moves the room's last_used_at to `now` when it is older than `now - kTouchIntervalSeconds`
  // (so that joins cost at most one write per room and interval). False when it has no host.
  virtual Result<bool, StoreError> touch_room(const std::string& room, std::int64_t now) = 0;
  // Of `names`, those that are hosted rooms whose host listed them, in the order given.
  virtual Result<std::vector<std::string>, StoreError> listed_rooms(
      const std::vector<std::string>& names) = 0;
  virtual Result<std::optional<HostedRoom>, StoreError> hosted_room(const std::string& name) = 0;
  // What the credential hash grants in that room: nothing unless it is a live credential of the
  // room's host, or of one of its co-hosts while they still are.
  virtual Result<std::optional<HostGrant>, StoreError> host_grant(
      const std::string& room, const std::string& credential_hash) = 0;
  // Whether the credential hash is a live host or co-host credential of that room.
  Result<bool, StoreError> is_host(const std::string& room, const std::string& credential_hash) {
    auto grant = host_grant(room, credential_hash);
    if (!grant) return fail(std::move(grant).error());
    return grant->has_value();
  }
  // Revokes one host credential; false when it was not a credential of that room.
  virtual Result<bool, StoreError> revoke_host(const std::string& room,
                                               const std::string& credential_hash) = 0;
  // Co-hosts, by LiveKit identity. add_cohost: false when the room has no host (adding one twice
  // changes nothing). cohosts: the room's co-hosts, first promoted first. remove_cohost: also
  // revokes that co-host's credentials at once; false when the identity was not a co-host.
  // issue_cohost_credential: a credential for a co-host's browser, replacing the ones it had (so
  // there is one per co-host); false when the identity is not a co-host of the room.
  virtual Result<bool, StoreError> add_cohost(const std::string& room, const std::string& identity,
                                              std::int64_t now) = 0;
  virtual Result<std::vector<std::string>, StoreError> cohosts(const std::string& room) = 0;
  virtual Result<bool, StoreError> remove_cohost(const std::string& room,
                                                 const std::string& identity) = 0;
  virtual Result<bool, StoreError> issue_cohost_credential(const std::string& room,
                                                           const std::string& identity,
                                                           const std::string& credential_hash,
                                                           std::int64_t now) = 0;
  // False when the room has no host.
  virtual Result<bool, StoreError> set_locked(const std::string& room, bool locked) = 0;
  // False when the room has no host.
  virtual Result<bool, StoreError> set_listed(const std::string& room, bool listed) = 0;
  // Forgets the room, its credentials and tickets; false when it had no host.
  virtual Result<bool, StoreError> delete_room(const std::string& room) = 0;
  // The rooms of an owner (HostedRoom::owner, never ""), the most recently used first, at most
  // kMaxOwnedRooms.
  virtual Result<std::vector<HostedRoom>, StoreError> owned_rooms(const std::string& owner) = 0;
  // Adds a host credential to the room when `owner` owns it (its owner reopening it from another
  // browser), ending the room's oldest host credentials beyond kMaxHostCredentials; false when
  // the room is not theirs.
  virtual Result<bool, StoreError> add_owner_credential(const std::string& room,
                                                        const std::string& owner,
                                                        const std::string& credential_hash,
                                                        std::int64_t now) = 0;

  // Adds a waiting ticket (and forgets tickets older than a day); false when the room is gone.
  virtual Result<bool, StoreError> add_ticket(const WaitingTicket& ticket) = 0;
  // The ticket of that room, its last_seen_at moved to `now`.
  virtual Result<std::optional<WaitingTicket>, StoreError> poll_ticket(const std::string& room,
                                                                       const std::string& ticket,
                                                                       std::int64_t now) = 0;
  // Tickets still waiting whose guest polled at or after `seen_since`, oldest first.
  virtual Result<std::vector<WaitingTicket>, StoreError> waiting(const std::string& room,
                                                                 std::int64_t seen_since) = 0;
  // Admits a waiting ticket, or denies a waiting or admitted one (`decision` is admitted or
  // denied); false when that room has no such ticket in a state the decision applies to.
  virtual Result<bool, StoreError> decide(const std::string& room, const std::string& ticket,
                                          TicketStatus decision, std::int64_t now) = 0;
  // Atomically turns an admitted ticket into a used one: true for exactly one caller, however many
  // ask at once on however many instances; false when the ticket is not (or no longer) admitted.
  virtual Result<bool, StoreError> consume_ticket(const std::string& room,
                                                  const std::string& ticket, std::int64_t now) = 0;
  // Denies every waiting or admitted ticket of that room whose identity
  // (participant_name + "__" + postfix) is `identity`; returns their ticket ids.
  virtual Result<std::vector<std::string>, StoreError> revoke_identity(const std::string& room,
                                                                       const std::string& identity,
                                                                       std::int64_t now) = 0;

  // Guessing limits shared by every instance: one counter per scope ("room:<name>",
  // "organizer"), changed atomically, with AttemptLimiter's rules (core/attempt_limiter.hpp):
  // take_attempt: when the scope is blocked at `now` (now < last attempt +
  // block_seconds(policy, failures)), returns the seconds left (> 0) and counts nothing.
  // Otherwise counts one failed attempt (pessimistically, before the guess is checked) and returns
  // 0. A counter whose last attempt is more than `policy.forget_after_seconds` old starts again
  // from zero.
  // forgive_attempt: takes back one counted failure (the guess was right), never below zero; the
  // block is then that of one failure fewer.
  virtual Result<std::int64_t, StoreError> take_attempt(const std::string& scope, std::int64_t now,
                                                        const AttemptPolicy& policy) = 0;
  virtual Result<bool, StoreError> forgive_attempt(const std::string& scope,
                                                   const AttemptPolicy& policy) = 0;

  // Organizer sessions, by the SHA-256 (hex) of the session's random id. create_session also
  // forgets expired sessions. session_valid: the session exists and expires after `now`.
  // delete_session: false when there was none.
  virtual Result<bool, StoreError> create_session(const std::string& id_hash,
                                                  std::int64_t expires_at, std::int64_t now) = 0;
  virtual Result<bool, StoreError> session_valid(const std::string& id_hash, std::int64_t now) = 0;
  virtual Result<bool, StoreError> delete_session(const std::string& id_hash) = 0;

  // Calls `listener`, from a thread of the store's, with each ticket that any instance sharing
  // this store decides, so that long polls on this instance wake at once. Stores that only one
  // process uses do nothing: that process's own decisions wake its polls directly.
  using DecisionListener = std::function<void(const std::string& ticket)>;
  virtual void watch_decisions(const DecisionListener& /*listener*/) {}

  // Whether this process is the store's only user (SQLite holds an exclusive lock on its file):
  // then every room with a host is created through this process, and its absence can be
  // remembered. A store shared by several instances (PostgreSQL) answers false.
  [[nodiscard]] virtual bool exclusive() const { return false; }

  static constexpr std::int64_t kTicketLifetimeSeconds = std::int64_t{24} * 3600;
  static constexpr std::int64_t kTouchIntervalSeconds = 3600;
  static constexpr int kMaxOwnedRooms = 200;
  static constexpr int kMaxHostCredentials = 20;
};

}  // namespace lkm::store
