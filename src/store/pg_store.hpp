#pragma once
// PgStore: the meeting history in PostgreSQL, shared by every livekit-meet instance that points
// at the same database (schema migrations on open, under an advisory lock). Thread-safe: a small
// pool of connections; a connection that broke is dropped and replaced on the next call. Webhook
// events are applied one at a time across all instances (a transaction-scoped advisory lock), so
// counts stay exact when deliveries for one room reach different instances at once.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/secret.hpp"
#include "store/database.hpp"
#include "store/pg_listener.hpp"

namespace lkm::store {

namespace pg {
class Connection;
}

// The LISTEN/NOTIFY channel on which decide() announces a decided ticket (payload: the ticket).
inline constexpr std::string_view kAdmissionChannel = "lkm_admission";

class PgStore final : public Database {
 public:
  static constexpr std::size_t kDefaultPoolSize = 4;

  // Connects to `conninfo` (a postgres:// URL or key=value pairs; the password may come from
  // the URL, PGPASSWORD or a password file, as libpq reads them) and migrates the database.
  // `clock` must outlive the store.
  static Result<std::unique_ptr<PgStore>, StoreError> open(
      const Secret& conninfo, const Clock& clock, std::size_t pool_size = kDefaultPoolSize);
  ~PgStore() override;

  Result<bool, StoreError> apply(const HistoryEvent& event) override;
  Result<MeetingPage, StoreError> list_meetings(std::size_t limit,
                                                std::optional<std::string> cursor,
                                                const MeetingFilter& filter) override;
  Result<std::optional<RoomActivity>, StoreError> room_activity(
      const std::string& room_name) override;
  Result<std::optional<Meeting>, StoreError> get_meeting(std::int64_t id) override;

  // AccessStore (pg_access.cpp)
  Result<bool, StoreError> create_room(const HostedRoom& room, const std::string& credential_hash,
                                       std::int64_t forget_unused_before) override;
  Result<bool, StoreError> touch_room(const std::string& room, std::int64_t now) override;
  Result<std::vector<std::string>, StoreError> listed_rooms(
      const std::vector<std::string>& names) override;
  Result<std::optional<HostedRoom>, StoreError> hosted_room(const std::string& name) override;
  Result<std::optional<HostGrant>, StoreError> host_grant(
      const std::string& room, const std::string& credential_hash) override;
  Result<bool, StoreError> add_cohost(const std::string& room, const std::string& identity,
                                      std::int64_t now) override;
  Result<std::vector<std::string>, StoreError> cohosts(const std::string& room) override;
  Result<bool, StoreError> remove_cohost(const std::string& room,
                                         const std::string& identity) override;
  Result<bool, StoreError> issue_cohost_credential(const std::string& room,
                                                   const std::string& identity,
                                                   const std::string& credential_hash,
                                                   std::int64_t now) override;
  Result<bool, StoreError> revoke_host(const std::string& room,
                                       const std::string& credential_hash) override;
  Result<bool, StoreError> set_locked(const std::string& room, bool locked) override;
  Result<bool, StoreError> set_listed(const std::string& room, bool listed) override;
  Result<bool, StoreError> delete_room(const std::string& room) override;
  Result<std::vector<HostedRoom>, StoreError> owned_rooms(const std::string& owner) override;
  Result<bool, StoreError> add_owner_credential(const std::string& room, const std::string& owner,
                                                const std::string& credential_hash,
                                                std::int64_t now) override;
  Result<bool, StoreError> add_ticket(const WaitingTicket& ticket) override;
  Result<std::optional<WaitingTicket>, StoreError> poll_ticket(const std::string& room,
                                                               const std::string& ticket,
                                                               std::int64_t now) override;
  Result<std::vector<WaitingTicket>, StoreError> waiting(const std::string& room,
                                                         std::int64_t seen_since) override;
  Result<bool, StoreError> decide(const std::string& room, const std::string& ticket,
                                  TicketStatus decision, std::int64_t now) override;
  Result<bool, StoreError> consume_ticket(const std::string& room, const std::string& ticket,
                                          std::int64_t now) override;
  Result<std::vector<std::string>, StoreError> revoke_identity(const std::string& room,
                                                               const std::string& identity,
                                                               std::int64_t now) override;
  Result<std::int64_t, StoreError> take_attempt(const std::string& scope, std::int64_t now,
                                                const AttemptPolicy& policy) override;
  Result<bool, StoreError> forgive_attempt(const std::string& scope,
                                           const AttemptPolicy& policy) override;
  Result<bool, StoreError> create_session(const std::string& id_hash, std::int64_t expires_at,
                                          std::int64_t now) override;
  Result<bool, StoreError> session_valid(const std::string& id_hash, std::int64_t now) override;
  Result<bool, StoreError> delete_session(const std::string& id_hash) override;
  // LISTENs on kAdmissionChannel on a connection of its own (one listener per store).
  void watch_decisions(const DecisionListener& listener) override;

 private:
  PgStore(Secret conninfo, const Clock& clock, std::size_t pool_size);

  // A connection from the pool (connecting a new one while the pool is below its size), or
  // waits for one to be returned.
  std::unique_ptr<pg::Connection> acquire();
  void release(std::unique_ptr<pg::Connection> connection);
  // Runs `body` on a pooled connection, once more on a fresh connection when the first attempt
  // lost its connection or conflicted with a concurrent transaction, and maps failures to
  // StoreError.
  template <class T, class Body>
  Result<T, StoreError> run(Body&& body);

  Secret conninfo_;
  const Clock& clock_;
  std::size_t pool_size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<pg::Connection>> idle_;
  std::size_t open_ = 0;                 // connections in use or idle
  std::int64_t last_prune_ = 0;          // guarded by mutex_
  std::int64_t last_attempt_prune_ = 0;  // guarded by mutex_: stale attempt counters
  std::unique_ptr<PgListener> listener_;
};

}  // namespace lkm::store
