#pragma once
// SqliteStore: the meeting history in one SQLite file (WAL journal, 5 s busy timeout, foreign
// keys on, schema migrations on open). Thread-safe: one connection behind a mutex.
// One server process owns the file (several instances share PostgreSQL instead): open() takes an
// exclusive flock on "<file>.lock" before opening the database, and refuses a file another
// process (or store) holds. Tools that write to the file behind the server's back (the sqlite3
// shell, a restore) are not stopped by it: stop the server for those. So names that
// hosted_room() or touch_room() did not find are remembered, up to kNotHostedNames of them, until
// create_room() makes one: the common join of a room without a host then costs no query.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace lkm::store {

namespace sqlite {
class Connection;
}

class SqliteStore final : public Database {
 public:
  static constexpr std::size_t kNotHostedNames = 4096;

  // Opens `file` (created when missing; its directory must exist) and migrates it. `clock`
  // stands in for missing event times and stamps applied events; it must outlive the store.
  static Result<std::unique_ptr<SqliteStore>, StoreError> open(const std::filesystem::path& file);
  static Result<std::unique_ptr<SqliteStore>, StoreError> open(const std::filesystem::path& file,
                                                               const Clock& clock);
  ~SqliteStore() override;

  Result<bool, StoreError> apply(const HistoryEvent& event) override;
  Result<MeetingPage, StoreError> list_meetings(std::size_t limit,
                                                std::optional<std::string> cursor,
                                                const MeetingFilter& filter) override;
  Result<std::optional<RoomActivity>, StoreError> room_activity(
      const std::string& room_name) override;
  Result<std::optional<Meeting>, StoreError> get_meeting(std::int64_t id) override;

  // AccessStore (sqlite_access.cpp)
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
  [[nodiscard]] bool exclusive() const override { return true; }

 private:
  SqliteStore(std::unique_ptr<sqlite::Connection> connection, const Clock& clock, int owner_lock);
  // Adds `name` to not_hosted_ (under mutex_), dropping them all when it is full.
  void remember_not_hosted(const std::string& name);

  int owner_lock_ = -1;  // "<file>.lock", held with flock(LOCK_EX) while the store lives
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> connection_;
  const Clock& clock_;
  std::int64_t last_prune_ = 0;          // when applied event ids were last pruned
  std::int64_t last_attempt_prune_ = 0;  // when stale attempt counters were last pruned
  // Names found without a room. Only negatives: rooms deleted (by delete_room or the retention
  // in create_room) are simply not in it, and create_room erases the name it creates.
  std::unordered_set<std::string> not_hosted_;
};

}  // namespace lkm::store
