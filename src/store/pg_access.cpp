// PgStore's AccessStore: hosted rooms, host credential hashes, waiting tickets, guessing counters
// and organizer sessions.
#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "store/attempts.hpp"
#include "store/columns.hpp"
#include "store/pg.hpp"
#include "store/pg_store.hpp"
#include "store/pg_store_run.hpp"

namespace lkm::store {
namespace {

using columns::sql;
using pg::param;

// The scope's guessing counter, locked until the caller's transaction ends.
std::optional<attempts::Counter> lock_counter(pg::Connection& db, const std::string& scope) {
  const pg::Rows rows = db.query(
      "SELECT failures, blocked_until, last_attempt_at FROM attempt_counters "
      "WHERE scope = $1 FOR UPDATE",
      {scope});
  if (rows.size() == 0) return std::nullopt;
  return attempts::Counter{rows.int64(0, 0), rows.int64(0, 1), rows.int64(0, 2)};
}

HostedRoom read_room(const pg::Rows& rows, int row) {
  HostedRoom room;
  room.name = rows.text(row, 0);
  room.passcode_hash = rows.text(row, 1);
  room.waiting_room = rows.int64(row, 2) != 0;
  room.locked = rows.int64(row, 3) != 0;
  room.listed = rows.int64(row, 4) != 0;
  room.created_at = rows.int64(row, 5);
  room.last_used_at = rows.int64(row, 6);
  room.owner = rows.text(row, 7);
  return room;
}

WaitingTicket read_ticket(const pg::Rows& rows, int row) {
  WaitingTicket ticket;
  ticket.ticket = rows.text(row, 0);
  ticket.room_name = rows.text(row, 1);
  ticket.participant_name = rows.text(row, 2);
  ticket.postfix = rows.text(row, 3);
  ticket.status = ticket_status_from(rows.text(row, 4)).value_or(TicketStatus::waiting);
  ticket.created_at = rows.int64(row, 5);
  ticket.last_seen_at = rows.int64(row, 6);
  ticket.decided_at = rows.optional_int64(row, 7);
  return ticket;
}

pg::Param flag(bool value) {
  return param(std::int64_t{value ? 1 : 0});
}

// A TEXT[] literal: every element quoted, with backslashes and quotes escaped.
std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const std::string& value : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace

Result<bool, StoreError> PgStore::create_room(const HostedRoom& room,
                                              const std::string& credential_hash,
                                              std::int64_t forget_unused_before) {
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    db.query("DELETE FROM hosted_rooms WHERE last_used_at < $1", {param(forget_unused_before)});
    const pg::Rows inserted = db.query(
        "INSERT INTO hosted_rooms (name, passcode_hash, waiting_room, locked, listed, created_at, "
        "last_used_at, owner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO "
        "NOTHING",
        {room.name, room.passcode_hash, flag(room.waiting_room), flag(room.locked),
         flag(room.listed), param(room.created_at),
         param(room.last_used_at != 0 ? room.last_used_at : room.created_at), room.owner});
    if (inserted.affected() == 0) {
      transaction.commit();  // the retention's deletions stand
      return false;
    }
    db.query(
        "INSERT INTO host_credentials (credential_hash, room_name, created_at) VALUES ($1, $2, $3)",
        {credential_hash, room.name, param(room.created_at)});
    transaction.commit();
    return true;
  });
}

Result<bool, StoreError> PgStore::touch_room(const std::string& room, std::int64_t now) {
  return run<bool>([&](pg::Connection& db) {
    // One statement: the update writes only past the interval; the select sees the room either way.
    const pg::Rows rows = db.query(
        "WITH touched AS (UPDATE hosted_rooms SET last_used_at = $2 "
        "WHERE name = $1 AND last_used_at < $3 RETURNING 1) "
        "SELECT EXISTS (SELECT 1 FROM hosted_rooms WHERE name = $1)::INTEGER",
        {room, param(now), param(now - kTouchIntervalSeconds)});
    return rows.int64(0, 0) != 0;
  });
}

Result<std::vector<std::string>, StoreError> PgStore::listed_rooms(
    const std::vector<std::string>& names) {
  if (names.empty()) return std::vector<std::string>{};
  return run<std::vector<std::string>>([&](pg::Connection& db) {
    const pg::Rows rows =
        db.query("SELECT name FROM hosted_rooms WHERE listed = 1 AND name = ANY ($1::TEXT[])",
                 {text_array(names)});
    std::unordered_set<std::string> found;
    for (int row = 0; row < rows.size(); ++row) found.insert(rows.text(row, 0));
    std::vector<std::string> listed;
    for (const std::string& name : names) {
      if (found.contains(name)) listed.push_back(name);
    }
    return listed;
  });
}

Result<std::optional<HostedRoom>, StoreError> PgStore::hosted_room(const std::string& name) {
  return run<std::optional<HostedRoom>>([&](pg::Connection& db) -> std::optional<HostedRoom> {
    const pg::Rows rows = db.query(
        sql({"SELECT ", columns::kHostedRoom, " FROM hosted_rooms WHERE name = $1"}), {name});
    if (rows.size() == 0) return std::nullopt;
    return read_room(rows, 0);
  });
}

Result<std::optional<HostGrant>, StoreError> PgStore::host_grant(
    const std::string& room, const std::string& credential_hash) {
  return run<std::optional<HostGrant>>([&](pg::Connection& db) -> std::optional<HostGrant> {
    // A co-host's credential counts only while they are a co-host.
    const pg::Rows rows = db.query(
        "SELECT c.identity FROM host_credentials c "
        "WHERE c.credential_hash = $1 AND c.room_name = $2 AND (c.identity = '' "
        "OR EXISTS (SELECT 1 FROM room_cohosts k "
        "WHERE k.room_name = c.room_name AND k.identity = c.identity))",
        {credential_hash, room});
    if (rows.size() == 0) return std::nullopt;
    std::string identity = rows.text(0, 0);
    const bool cohost = !identity.empty();
    return HostGrant{cohost, std::move(identity)};
  });
}

Result<bool, StoreError> PgStore::add_cohost(const std::string& room, const std::string& identity,
                                             std::int64_t now) {
  if (identity.empty()) return false;  // the host's own credentials carry no identity
  return run<bool>([&](pg::Connection& db) {
    const pg::Rows rows = db.query(
        "WITH added AS (INSERT INTO room_cohosts (room_name, identity, promoted_at) "
        "SELECT name, $2, $3 FROM hosted_rooms WHERE name = $1 ON CONFLICT DO NOTHING) "
        "SELECT EXISTS (SELECT 1 FROM hosted_rooms WHERE name = $1)::INTEGER",
        {room, identity, param(now)});
    return rows.int64(0, 0) != 0;
  });
}

Result<std::vector<std::string>, StoreError> PgStore::cohosts(const std::string& room) {
  return run<std::vector<std::string>>([&](pg::Connection& db) {
    const pg::Rows rows = db.query(
        "SELECT identity FROM room_cohosts WHERE room_name = $1 ORDER BY promoted_at, identity",
        {room});
    std::vector<std::string> identities;
    identities.reserve(static_cast<std::size_t>(rows.size()));
    for (int row = 0; row < rows.size(); ++row) identities.push_back(rows.text(row, 0));
    return identities;
  });
}

Result<bool, StoreError> PgStore::remove_cohost(const std::string& room,
                                                const std::string& identity) {
  if (identity.empty()) return false;  // the host's own credentials carry no identity
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    const bool was = db.query("DELETE FROM room_cohosts WHERE room_name = $1 AND identity = $2",
                              {room, identity})
                         .affected() > 0;
    db.query("DELETE FROM host_credentials WHERE room_name = $1 AND identity = $2",
             {room, identity});
    transaction.commit();
    return was;
  });
}

Result<bool, StoreError> PgStore::issue_cohost_credential(const std::string& room,
                                                          const std::string& identity,
                                                          const std::string& credential_hash,
                                                          std::int64_t now) {
  if (identity.empty()) return false;
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    // The co-host's row stays locked until the credential is in, so that a demotion waits for it
    // and then revokes it too.
    if (db.query("SELECT 1 FROM room_cohosts WHERE room_name = $1 AND identity = $2 FOR UPDATE",
                 {room, identity})
            .size() == 0) {
      return false;
    }
    db.query("DELETE FROM host_credentials WHERE room_name = $1 AND identity = $2",
             {room, identity});
    db.query(
        "INSERT INTO host_credentials (credential_hash, room_name, created_at, identity) "
        "VALUES ($1, $2, $3, $4)",
        {credential_hash, room, param(now), identity});
    transaction.commit();
    return true;
  });
}

Result<bool, StoreError> PgStore::revoke_host(const std::string& room,
                                              const std::string& credential_hash) {
  return run<bool>([&](pg::Connection& db) {
    return db.query("DELETE FROM host_credentials WHERE credential_hash = $1 AND room_name = $2",
                    {credential_hash, room})
               .affected() > 0;
  });
}

Result<bool, StoreError> PgStore::set_locked(const std::string& room, bool locked) {
  return run<bool>([&](pg::Connection& db) {
    return db.query("UPDATE hosted_rooms SET locked = $2 WHERE name = $1", {room, flag(locked)})
               .affected() > 0;
  });
}

Result<bool, StoreError> PgStore::set_listed(const std::string& room, bool listed) {
  return run<bool>([&](pg::Connection& db) {
    return db.query("UPDATE hosted_rooms SET listed = $2 WHERE name = $1", {room, flag(listed)})
               .affected() > 0;
  });
}

Result<bool, StoreError> PgStore::delete_room(const std::string& room) {
  return run<bool>([&](pg::Connection& db) {
    return db.query("DELETE FROM hosted_rooms WHERE name = $1", {room}).affected() > 0;
  });
}

Result<std::vector<HostedRoom>, StoreError> PgStore::owned_rooms(const std::string& owner) {
  if (owner.empty()) return std::vector<HostedRoom>{};
  return run<std::vector<HostedRoom>>([&](pg::Connection& db) {
    const pg::Rows rows = db.query(sql({"SELECT ", columns::kHostedRoom,
                                        " FROM hosted_rooms WHERE owner = $1 AND owner <> '' "
                                        "ORDER BY last_used_at DESC, name LIMIT $2"}),
                                   {owner, param(std::int64_t{kMaxOwnedRooms})});
    std::vector<HostedRoom> rooms;
    for (int row = 0; row < rows.size(); ++row) rooms.push_back(read_room(rows, row));
    return rooms;
  });
}

Result<bool, StoreError> PgStore::add_owner_credential(const std::string& room,
                                                       const std::string& owner,
                                                       const std::string& credential_hash,
                                                       std::int64_t now) {
  if (owner.empty()) return false;
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    // The credential is added only for the owner's room.
    const pg::Rows rows = db.query(
        "INSERT INTO host_credentials (credential_hash, room_name, created_at) "
        "SELECT $3, name, $4 FROM hosted_rooms WHERE name = $1 AND owner = $2 AND owner <> ''",
        {room, owner, credential_hash, param(now)});
    if (rows.affected() == 0) return false;
    // The room's host credentials stay bounded: the oldest beyond kMaxHostCredentials end.
    db.query(
        "DELETE FROM host_credentials WHERE room_name = $1 AND identity = '' "
        "AND credential_hash <> $2 AND credential_hash NOT IN (SELECT credential_hash FROM "
        "host_credentials WHERE room_name = $1 AND identity = '' AND credential_hash <> $2 "
        "ORDER BY created_at DESC, credential_hash LIMIT $3)",
        {room, credential_hash, param(std::int64_t{kMaxHostCredentials - 1})});
    transaction.commit();
    return true;
  });
}

Result<bool, StoreError> PgStore::add_ticket(const WaitingTicket& ticket) {
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    db.query("DELETE FROM waiting_tickets WHERE created_at < $1",
             {param(ticket.created_at - kTicketLifetimeSeconds)});
    // The insert takes its room from hosted_rooms, so a room deleted meanwhile inserts nothing.
    const pg::Rows inserted =
        db.query(sql({"INSERT INTO waiting_tickets (", columns::kTicket,
                      ") SELECT $1, name, $3, $4, $5, $6, $7, $8 FROM hosted_rooms "
                      "WHERE name = $2"}),
                 {ticket.ticket, ticket.room_name, ticket.participant_name, ticket.postfix,
                  std::string(to_string(ticket.status)), param(ticket.created_at),
                  param(ticket.last_seen_at), param(ticket.decided_at)});
    transaction.commit();
    return inserted.affected() > 0;
  });
}

Result<std::optional<WaitingTicket>, StoreError> PgStore::poll_ticket(const std::string& room,
                                                                      const std::string& ticket,
                                                                      std::int64_t now) {
  return run<std::optional<WaitingTicket>>([&](pg::Connection& db) -> std::optional<WaitingTicket> {
    const pg::Rows rows =
        db.query(sql({"UPDATE waiting_tickets SET last_seen_at = GREATEST(last_seen_at, $3) "
                      "WHERE ticket = $1 AND room_name = $2 RETURNING ",
                      columns::kTicket}),
                 {ticket, room, param(now)});
    if (rows.size() == 0) return std::nullopt;
    return read_ticket(rows, 0);
  });
}

Result<std::vector<WaitingTicket>, StoreError> PgStore::waiting(const std::string& room,
                                                                std::int64_t seen_since) {
  return run<std::vector<WaitingTicket>>([&](pg::Connection& db) {
    const pg::Rows rows =
        db.query(sql({"SELECT ", columns::kTicket,
                      " FROM waiting_tickets WHERE room_name = $1 AND status = 'waiting' "
                      "AND last_seen_at >= $2 ORDER BY created_at, ticket COLLATE \"C\""}),
                 {room, param(seen_since)});
    std::vector<WaitingTicket> tickets;
    tickets.reserve(static_cast<std::size_t>(rows.size()));
    for (int row = 0; row < rows.size(); ++row) tickets.push_back(read_ticket(rows, row));
    return tickets;
  });
}

Result<bool, StoreError> PgStore::decide(const std::string& room, const std::string& ticket,
                                         TicketStatus decision, std::int64_t now) {
  if (decision != TicketStatus::admitted && decision != TicketStatus::denied) return false;
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    // Admitted only from waiting; denied from waiting or admitted (a host removing a guest).
    const pg::Rows updated = db.query(
        "UPDATE waiting_tickets SET status = $3, decided_at = $4 "
        "WHERE ticket = $1 AND room_name = $2 AND (status = 'waiting' OR "
        "($3 = 'denied' AND status = 'admitted'))",
        {ticket, room, std::string(to_string(decision)), param(now)});
    if (updated.affected() == 0) return false;
    // Instances long-polling for this ticket learn of the decision at once (watch_decisions).
    db.query("SELECT pg_notify($1, $2)", {std::string(kAdmissionChannel), ticket});
    transaction.commit();
    return true;
  });
}

Result<bool, StoreError> PgStore::consume_ticket(const std::string& room, const std::string& ticket,
                                                 std::int64_t now) {
  return run<bool>([&](pg::Connection& db) {
    // The row lock makes concurrent consumers wait and then re-check status: one wins.
    return db.query(
                 "UPDATE waiting_tickets SET status = 'used', "
                 "last_seen_at = GREATEST(last_seen_at, $3) "
                 "WHERE ticket = $1 AND room_name = $2 AND status = 'admitted'",
                 {ticket, room, param(now)})
               .affected() > 0;
  });
}

Result<std::vector<std::string>, StoreError> PgStore::revoke_identity(const std::string& room,
                                                                      const std::string& identity,
                                                                      std::int64_t now) {
  return run<std::vector<std::string>>([&](pg::Connection& db) {
    // Each denied ticket is announced like a decision, so that its long polls end at once.
    const pg::Rows rows = db.query(
        "WITH revoked AS (UPDATE waiting_tickets SET status = 'denied', decided_at = $3 "
        "WHERE room_name = $1 AND status IN ('waiting', 'admitted') "
        "AND participant_name || '__' || postfix = $2 RETURNING ticket) "
        "SELECT ticket, pg_notify($4, ticket) FROM revoked",
        {room, identity, param(now), std::string(kAdmissionChannel)});
    std::vector<std::string> revoked;
    revoked.reserve(static_cast<std::size_t>(rows.size()));
    for (int row = 0; row < rows.size(); ++row) revoked.push_back(rows.text(row, 0));
    std::sort(revoked.begin(), revoked.end());
    return revoked;
  });
}

Result<std::int64_t, StoreError> PgStore::take_attempt(const std::string& scope, std::int64_t now,
                                                       const AttemptPolicy& policy) {
  bool prune = false;
  {
    const std::lock_guard lock(mutex_);
    prune = now - last_attempt_prune_ >= attempts::kPruneIntervalSeconds;
  }
  auto taken = run<std::int64_t>([&](pg::Connection& db) -> std::int64_t {
    pg::Transaction transaction(db);
    // The row exists (created by the first attempt of any instance) and is locked until commit,
    // so concurrent attempts on every instance count one after the other.
    db.query(
        "INSERT INTO attempt_counters (scope, failures, blocked_until, last_attempt_at) "
        "VALUES ($1, 0, 0, $2) ON CONFLICT (scope) DO NOTHING",
        {scope, param(now)});
    const std::optional<attempts::Counter> current = lock_counter(db, scope);
    const attempts::Step step = attempts::next_attempt(current, now, policy);
    if (step.seconds_left > 0) return step.seconds_left;
    db.query(
        "UPDATE attempt_counters SET failures = $2, blocked_until = $3, last_attempt_at = $4 "
        "WHERE scope = $1",
        {scope, param(step.counter.failures), param(step.counter.blocked_until),
         param(step.counter.last_attempt_at)});
    transaction.commit();
    return 0;
  });
  if (taken && prune) {
    // Outside the counter's transaction: a scan of stale rows never holds up an attempt.
    auto pruned = run<bool>([&](pg::Connection& db) {
      db.query("DELETE FROM attempt_counters WHERE last_attempt_at < $1 AND blocked_until <= $2",
               {param(now - policy.forget_after_seconds), param(now)});
      return true;
    });
    if (pruned) {
      const std::lock_guard lock(mutex_);
      last_attempt_prune_ = now;
    }
  }
  return taken;
}

Result<bool, StoreError> PgStore::forgive_attempt(const std::string& scope,
                                                  const AttemptPolicy& policy) {
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    const std::optional<attempts::Counter> current = lock_counter(db, scope);
    if (!current || current->failures == 0) return false;
    const attempts::Counter next = attempts::forgiven(*current, policy);
    db.query("UPDATE attempt_counters SET failures = $2, blocked_until = $3 WHERE scope = $1",
             {scope, param(next.failures), param(next.blocked_until)});
    transaction.commit();
    return true;
  });
}

Result<bool, StoreError> PgStore::create_session(const std::string& id_hash,
                                                 std::int64_t expires_at, std::int64_t now) {
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    db.query("DELETE FROM organizer_sessions WHERE expires_at <= $1", {param(now)});
    const pg::Rows inserted = db.query(
        "INSERT INTO organizer_sessions (id_hash, expires_at, created_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (id_hash) DO NOTHING",
        {id_hash, param(expires_at), param(now)});
    transaction.commit();
    return inserted.affected() > 0;
  });
}

Result<bool, StoreError> PgStore::session_valid(const std::string& id_hash, std::int64_t now) {
  return run<bool>([&](pg::Connection& db) {
    return db.query("SELECT 1 FROM organizer_sessions WHERE id_hash = $1 AND expires_at > $2",
                    {id_hash, param(now)})
               .size() > 0;
  });
}

Result<bool, StoreError> PgStore::delete_session(const std::string& id_hash) {
  return run<bool>([&](pg::Connection& db) {
    return db.query("DELETE FROM organizer_sessions WHERE id_hash = $1", {id_hash}).affected() > 0;
  });
}

void PgStore::watch_decisions(const DecisionListener& listener) {
  listener_ = std::make_unique<PgListener>(conninfo_, std::string(kAdmissionChannel), listener);
}

}  // namespace lkm::store
