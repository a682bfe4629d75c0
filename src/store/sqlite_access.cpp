// SqliteStore's AccessStore: hosted rooms, host credential hashes, waiting tickets, guessing
// counters and organizer sessions.
#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/attempts.hpp"
#include "store/columns.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_store.hpp"

namespace lkm::store {
namespace {

using columns::sql;

HostedRoom read_room(const sqlite::Statement& row) {
  HostedRoom room;
  room.name = row.text(0);
  room.passcode_hash = row.text(1);
  room.waiting_room = row.int64(2) != 0;
  room.locked = row.int64(3) != 0;
  room.listed = row.int64(4) != 0;
  room.created_at = row.int64(5);
  room.last_used_at = row.int64(6);
  room.owner = row.text(7);
  return room;
}

WaitingTicket read_ticket(const sqlite::Statement& row) {
  WaitingTicket ticket;
  ticket.ticket = row.text(0);
  ticket.room_name = row.text(1);
  ticket.participant_name = row.text(2);
  ticket.postfix = row.text(3);
  ticket.status = ticket_status_from(row.text(4)).value_or(TicketStatus::waiting);
  ticket.created_at = row.int64(5);
  ticket.last_seen_at = row.int64(6);
  ticket.decided_at = row.optional_int64(7);
  return ticket;
}

// The scope's guessing counter, within the caller's transaction.
std::optional<attempts::Counter> read_counter(sqlite::Connection& connection,
                                              const std::string& scope) {
  sqlite::Statement query(connection,
                          "SELECT failures, blocked_until, last_attempt_at "
                          "FROM attempt_counters WHERE scope = ?1");
  query.bind(1, scope);
  if (!query.step()) return std::nullopt;
  return attempts::Counter{query.int64(0), query.int64(1), query.int64(2)};
}

std::int64_t flag(bool value) {
  return value ? 1 : 0;
}

}  // namespace

void SqliteStore::remember_not_hosted(const std::string& name) {
  if (not_hosted_.size() >= kNotHostedNames) not_hosted_.clear();
  not_hosted_.insert(name);
}

Result<bool, StoreError> SqliteStore::create_room(const HostedRoom& room,
                                                  const std::string& credential_hash,
                                                  std::int64_t forget_unused_before) {
  const std::lock_guard lock(mutex_);
  // The rooms the retention forgets need no entry: not_hosted_ holds only names without a room.
  not_hosted_.erase(room.name);
  return sqlite::guarded<bool>([&] {
    sqlite::Transaction transaction(*connection_);
    sqlite::Statement unused(*connection_, "DELETE FROM hosted_rooms WHERE last_used_at < ?1");
    unused.bind(1, forget_unused_before).run();
    sqlite::Statement insert(
        *connection_,
        "INSERT INTO hosted_rooms (name, passcode_hash, waiting_room, locked, listed, "
        "created_at, last_used_at, owner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (name) DO NOTHING");
    insert.bind(1, room.name)
        .bind(2, room.passcode_hash)
        .bind(3, flag(room.waiting_room))
        .bind(4, flag(room.locked))
        .bind(5, flag(room.listed))
        .bind(6, room.created_at)
        .bind(7, room.last_used_at != 0 ? room.last_used_at : room.created_at)
        .bind(8, room.owner)
        .run();
    if (connection_->changes() == 0) {
      transaction.commit();  // the retention's deletions stand
      return false;
    }
    sqlite::Statement credential(*connection_,
                                 "INSERT INTO host_credentials (credential_hash, room_name, "
                                 "created_at) VALUES (?1, ?2, ?3)");
    credential.bind(1, credential_hash).bind(2, room.name).bind(3, room.created_at).run();
    transaction.commit();
    return true;
  });
}

Result<bool, StoreError> SqliteStore::touch_room(const std::string& room, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  if (not_hosted_.contains(room)) return false;
  return sqlite::guarded<bool>([&] {
    sqlite::Statement touch(*connection_,
                            "UPDATE hosted_rooms SET last_used_at = ?2 "
                            "WHERE name = ?1 AND last_used_at < ?3");
    touch.bind(1, room).bind(2, now).bind(3, now - kTouchIntervalSeconds).run();
    if (connection_->changes() > 0) return true;
    sqlite::Statement query(*connection_, "SELECT 1 FROM hosted_rooms WHERE name = ?1");
    query.bind(1, room);
    if (query.step()) return true;
    remember_not_hosted(room);
    return false;
  });
}

Result<std::vector<std::string>, StoreError> SqliteStore::listed_rooms(
    const std::vector<std::string>& names) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::vector<std::string>>([&] {
    std::vector<std::string> listed;
    if (names.empty()) return listed;
    const sqlite::Transaction read(*connection_, sqlite::Transaction::Mode::read);
    for (const std::string& name : names) {
      if (not_hosted_.contains(name)) continue;
      sqlite::Statement query(*connection_,
                              "SELECT 1 FROM hosted_rooms WHERE name = ?1 AND listed = 1");
      query.bind(1, name);
      if (query.step()) listed.push_back(name);
    }
    return listed;
  });
}

Result<std::optional<HostedRoom>, StoreError> SqliteStore::hosted_room(const std::string& name) {
  const std::lock_guard lock(mutex_);
  if (not_hosted_.contains(name)) return std::optional<HostedRoom>();
  return sqlite::guarded<std::optional<HostedRoom>>([&]() -> std::optional<HostedRoom> {
    sqlite::Statement query(
        *connection_, sql({"SELECT ", columns::kHostedRoom, " FROM hosted_rooms WHERE name = ?1"}));
    query.bind(1, name);
    if (!query.step()) {
      remember_not_hosted(name);
      return std::nullopt;
    }
    return read_room(query);
  });
}

Result<std::optional<HostGrant>, StoreError> SqliteStore::host_grant(
    const std::string& room, const std::string& credential_hash) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::optional<HostGrant>>([&]() -> std::optional<HostGrant> {
    // A co-host's credential counts only while they are a co-host.
    sqlite::Statement query(
        *connection_,
        "SELECT c.identity FROM host_credentials c "
        "WHERE c.credential_hash = ?1 AND c.room_name = ?2 AND (c.identity = '' "
        "OR EXISTS (SELECT 1 FROM room_cohosts k "
        "WHERE k.room_name = c.room_name AND k.identity = c.identity))");
    query.bind(1, credential_hash).bind(2, room);
    if (!query.step()) return std::nullopt;
    std::string identity = query.text(0);
    const bool cohost = !identity.empty();
    return HostGrant{cohost, std::move(identity)};
  });
}

Result<bool, StoreError> SqliteStore::add_cohost(const std::string& room,
                                                 const std::string& identity, std::int64_t now) {
  if (identity.empty()) return false;  // the host's own credentials carry no identity
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Transaction transaction(*connection_);
    sqlite::Statement hosted(*connection_, "SELECT 1 FROM hosted_rooms WHERE name = ?1");
    hosted.bind(1, room);
    if (!hosted.step()) return false;
    sqlite::Statement insert(*connection_,
                             "INSERT INTO room_cohosts (room_name, identity, promoted_at) "
                             "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
    insert.bind(1, room).bind(2, identity).bind(3, now).run();
    transaction.commit();
    return true;
  });
}

Result<std::vector<std::string>, StoreError> SqliteStore::cohosts(const std::string& room) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::vector<std::string>>([&] {
    sqlite::Statement query(*connection_,
                            "SELECT identity FROM room_cohosts WHERE room_name = ?1 "
                            "ORDER BY promoted_at, identity");
    query.bind(1, room);
    std::vector<std::string> identities;
    while (query.step()) identities.push_back(query.text(0));
    return identities;
  });
}

Result<bool, StoreError> SqliteStore::remove_cohost(const std::string& room,
                                                    const std::string& identity) {
  if (identity.empty()) return false;  // the host's own credentials carry no identity
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Transaction transaction(*connection_);
    sqlite::Statement remove(*connection_,
                             "DELETE FROM room_cohosts WHERE room_name = ?1 AND identity = ?2");
    remove.bind(1, room).bind(2, identity).run();
    const bool was = connection_->changes() > 0;
    sqlite::Statement revoke(*connection_,
                             "DELETE FROM host_credentials WHERE room_name = ?1 AND identity = ?2");
    revoke.bind(1, room).bind(2, identity).run();
    transaction.commit();
    return was;
  });
}

Result<bool, StoreError> SqliteStore::issue_cohost_credential(const std::string& room,
                                                              const std::string& identity,
                                                              const std::string& credential_hash,
                                                              std::int64_t now) {
  if (identity.empty()) return false;
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Transaction transaction(*connection_);
    sqlite::Statement cohost(*connection_,
                             "SELECT 1 FROM room_cohosts WHERE room_name = ?1 AND identity = ?2");
    cohost.bind(1, room).bind(2, identity);
    if (!cohost.step()) return false;
    sqlite::Statement earlier(
        *connection_, "DELETE FROM host_credentials WHERE room_name = ?1 AND identity = ?2");
    earlier.bind(1, room).bind(2, identity).run();
    sqlite::Statement insert(
        *connection_,
        "INSERT INTO host_credentials (credential_hash, room_name, created_at, "
        "identity) VALUES (?1, ?2, ?3, ?4)");
    insert.bind(1, credential_hash).bind(2, room).bind(3, now).bind(4, identity).run();
    transaction.commit();
    return true;
  });
}

Result<bool, StoreError> SqliteStore::revoke_host(const std::string& room,
                                                  const std::string& credential_hash) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement remove(
        *connection_, "DELETE FROM host_credentials WHERE credential_hash = ?1 AND room_name = ?2");
    remove.bind(1, credential_hash).bind(2, room).run();
    return connection_->changes() > 0;
  });
}

Result<bool, StoreError> SqliteStore::set_locked(const std::string& room, bool locked) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement update(*connection_, "UPDATE hosted_rooms SET locked = ?2 WHERE name = ?1");
    update.bind(1, room).bind(2, flag(locked)).run();
    return connection_->changes() > 0;
  });
}

Result<bool, StoreError> SqliteStore::set_listed(const std::string& room, bool listed) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement update(*connection_, "UPDATE hosted_rooms SET listed = ?2 WHERE name = ?1");
    update.bind(1, room).bind(2, flag(listed)).run();
    return connection_->changes() > 0;
  });
}

Result<bool, StoreError> SqliteStore::delete_room(const std::string& room) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement remove(*connection_, "DELETE FROM hosted_rooms WHERE name = ?1");
    remove.bind(1, room).run();
    return connection_->changes() > 0;
  });
}

Result<std::vector<HostedRoom>, StoreError> SqliteStore::owned_rooms(const std::string& owner) {
  if (owner.empty()) return std::vector<HostedRoom>{};
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::vector<HostedRoom>>([&] {
    sqlite::Statement query(*connection_,
                            sql({"SELECT ", columns::kHostedRoom,
                                 " FROM hosted_rooms WHERE owner = ?1 AND owner <> '' "
                                 "ORDER BY last_used_at DESC, name LIMIT ?2"}));
    query.bind(1, owner).bind(2, std::int64_t{kMaxOwnedRooms});
    std::vector<HostedRoom> rooms;
    while (query.step()) rooms.push_back(read_room(query));
    return rooms;
  });
}

Result<bool, StoreError> SqliteStore::add_owner_credential(const std::string& room,
                                                           const std::string& owner,
                                                           const std::string& credential_hash,
                                                           std::int64_t now) {
  if (owner.empty()) return false;
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Transaction transaction(*connection_);
    sqlite::Statement owned(
        *connection_, "SELECT 1 FROM hosted_rooms WHERE name = ?1 AND owner = ?2 AND owner <> ''");
    owned.bind(1, room).bind(2, owner);
    if (!owned.step()) return false;
    sqlite::Statement insert(*connection_,
                             "INSERT INTO host_credentials (credential_hash, room_name, "
                             "created_at) VALUES (?1, ?2, ?3)");
    insert.bind(1, credential_hash).bind(2, room).bind(3, now).run();
    // The room's host credentials stay bounded: the oldest beyond kMaxHostCredentials end.
    sqlite::Statement prune(
        *connection_,
        "DELETE FROM host_credentials WHERE room_name = ?1 AND identity = '' "
        "AND credential_hash <> ?2 AND credential_hash NOT IN (SELECT credential_hash FROM "
        "host_credentials WHERE room_name = ?1 AND identity = '' AND credential_hash <> ?2 "
        "ORDER BY created_at DESC, credential_hash LIMIT ?3)");
    prune.bind(1, room)
        .bind(2, credential_hash)
        .bind(3, std::int64_t{kMaxHostCredentials - 1})
        .run();
    transaction.commit();
    return true;
  });
}

Result<bool, StoreError> SqliteStore::add_ticket(const WaitingTicket& ticket) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Transaction transaction(*connection_);
    sqlite::Statement old(*connection_, "DELETE FROM waiting_tickets WHERE created_at < ?1");
    old.bind(1, ticket.created_at - kTicketLifetimeSeconds).run();
    sqlite::Statement room(*connection_, "SELECT 1 FROM hosted_rooms WHERE name = ?1");
    room.bind(1, ticket.room_name);
    if (!room.step()) return false;
    sqlite::Statement insert(*connection_, sql({"INSERT INTO waiting_tickets (", columns::kTicket,
                                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"}));
    insert.bind(1, ticket.ticket)
        .bind(2, ticket.room_name)
        .bind(3, ticket.participant_name)
        .bind(4, ticket.postfix)
        .bind(5, std::string_view(to_string(ticket.status)))
        .bind(6, ticket.created_at)
        .bind(7, ticket.last_seen_at)
        .bind(8, ticket.decided_at)
        .run();
    transaction.commit();
    return true;
  });
}

Result<std::optional<WaitingTicket>, StoreError> SqliteStore::poll_ticket(const std::string& room,
                                                                          const std::string& ticket,
                                                                          std::int64_t now) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::optional<WaitingTicket>>([&]() -> std::optional<WaitingTicket> {
    sqlite::Statement touch(*connection_,
                            sql({"UPDATE waiting_tickets SET last_seen_at = MAX(last_seen_at, ?3) "
                                 "WHERE ticket = ?1 AND room_name = ?2 RETURNING ",
                                 columns::kTicket}));
    touch.bind(1, ticket).bind(2, room).bind(3, now);
    if (!touch.step()) return std::nullopt;
    auto found = read_ticket(touch);
    touch.run();
    return found;
  });
}

Result<std::vector<WaitingTicket>, StoreError> SqliteStore::waiting(const std::string& room,
                                                                    std::int64_t seen_since) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::vector<WaitingTicket>>([&] {
    sqlite::Statement query(
        *connection_, sql({"SELECT ", columns::kTicket,
                           " FROM waiting_tickets WHERE room_name = ?1 AND status = 'waiting' "
                           "AND last_seen_at >= ?2 ORDER BY created_at, ticket"}));
    query.bind(1, room).bind(2, seen_since);
    std::vector<WaitingTicket> tickets;
    while (query.step()) tickets.push_back(read_ticket(query));
    return tickets;
  });
}

Result<bool, StoreError> SqliteStore::decide(const std::string& room, const std::string& ticket,
                                             TicketStatus decision, std::int64_t now) {
  if (decision != TicketStatus::admitted && decision != TicketStatus::denied) return false;
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    // Admitted only from waiting; denied from waiting or admitted (a host removing a guest).
    sqlite::Statement update(*connection_,
                             "UPDATE waiting_tickets SET status = ?3, decided_at = ?4 "
                             "WHERE ticket = ?1 AND room_name = ?2 AND (status = 'waiting' OR "
                             "(?3 = 'denied' AND status = 'admitted'))");
    update.bind(1, ticket)
        .bind(2, room)
        .bind(3, std::string_view(to_string(decision)))
        .bind(4, now)
        .run();
    return connection_->changes() > 0;
  });
}

Result<bool, StoreError> SqliteStore::consume_ticket(const std::string& room,
                                                     const std::string& ticket, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement update(*connection_,
                             "UPDATE waiting_tickets SET status = 'used', "
                             "last_seen_at = MAX(last_seen_at, ?3) "
                             "WHERE ticket = ?1 AND room_name = ?2 AND status = 'admitted'");
    update.bind(1, ticket).bind(2, room).bind(3, now).run();
    return connection_->changes() > 0;
  });
}

Result<std::vector<std::string>, StoreError> SqliteStore::revoke_identity(
    const std::string& room, const std::string& identity, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::vector<std::string>>([&] {
    sqlite::Statement update(*connection_,
                             "UPDATE waiting_tickets SET status = 'denied', decided_at = ?3 "
                             "WHERE room_name = ?1 AND status IN ('waiting', 'admitted') "
                             "AND participant_name || '__' || postfix = ?2 RETURNING ticket");
    update.bind(1, room).bind(2, identity).bind(3, now);
    std::vector<std::string> revoked;
    while (update.step()) revoked.push_back(update.text(0));
    std::sort(revoked.begin(), revoked.end());
    return revoked;
  });
}

Result<std::int64_t, StoreError> SqliteStore::take_attempt(const std::string& scope,
                                                           std::int64_t now,
                                                           const AttemptPolicy& policy) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::int64_t>([&]() -> std::int64_t {
    sqlite::Transaction transaction(*connection_);
    const std::optional<attempts::Counter> current = read_counter(*connection_, scope);
    const attempts::Step step = attempts::next_attempt(current, now, policy);
    if (step.seconds_left > 0) return step.seconds_left;
    sqlite::Statement write(*connection_,
                            "INSERT INTO attempt_counters (scope, failures, blocked_until, "
                            "last_attempt_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (scope) DO "
                            "UPDATE SET failures = excluded.failures, "
                            "blocked_until = excluded.blocked_until, "
                            "last_attempt_at = excluded.last_attempt_at");
    write.bind(1, scope)
        .bind(2, step.counter.failures)
        .bind(3, step.counter.blocked_until)
        .bind(4, step.counter.last_attempt_at)
        .run();
    const bool prune = now - last_attempt_prune_ >= attempts::kPruneIntervalSeconds;
    if (prune) {
      sqlite::Statement stale(*connection_,
                              "DELETE FROM attempt_counters WHERE last_attempt_at < ?1 "
                              "AND blocked_until <= ?2");
      stale.bind(1, now - policy.forget_after_seconds).bind(2, now).run();
    }
    transaction.commit();
    if (prune) last_attempt_prune_ = now;
    return 0;
  });
}

Result<bool, StoreError> SqliteStore::forgive_attempt(const std::string& scope,
                                                      const AttemptPolicy& policy) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Transaction transaction(*connection_);
    const std::optional<attempts::Counter> current = read_counter(*connection_, scope);
    if (!current || current->failures == 0) return false;
    const attempts::Counter next = attempts::forgiven(*current, policy);
    sqlite::Statement write(*connection_,
                            "UPDATE attempt_counters SET failures = ?2, blocked_until = ?3 "
                            "WHERE scope = ?1");
    write.bind(1, scope).bind(2, next.failures).bind(3, next.blocked_until).run();
    transaction.commit();
    return true;
  });
}

Result<bool, StoreError> SqliteStore::create_session(const std::string& id_hash,
                                                     std::int64_t expires_at, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Transaction transaction(*connection_);
    sqlite::Statement expired(*connection_,
                              "DELETE FROM organizer_sessions WHERE expires_at <= ?1");
    expired.bind(1, now).run();
    sqlite::Statement insert(*connection_,
                             "INSERT INTO organizer_sessions (id_hash, expires_at, created_at) "
                             "VALUES (?1, ?2, ?3) ON CONFLICT (id_hash) DO NOTHING");
    insert.bind(1, id_hash).bind(2, expires_at).bind(3, now).run();
    const bool created = connection_->changes() > 0;
    transaction.commit();
    return created;
  });
}

Result<bool, StoreError> SqliteStore::session_valid(const std::string& id_hash, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement query(
        *connection_, "SELECT 1 FROM organizer_sessions WHERE id_hash = ?1 AND expires_at > ?2");
    query.bind(1, id_hash).bind(2, now);
    return query.step();
  });
}

Result<bool, StoreError> SqliteStore::delete_session(const std::string& id_hash) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement remove(*connection_, "DELETE FROM organizer_sessions WHERE id_hash = ?1");
    remove.bind(1, id_hash).run();
    return connection_->changes() > 0;
  });
}

}  // namespace lkm::store
