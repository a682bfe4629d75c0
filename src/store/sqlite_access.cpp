// SqliteStore's AccessStore: hosted rooms, host credential hashes and waiting tickets.
#include <mutex>
#include <string>
#include <vector>

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
  room.created_at = row.int64(4);
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

std::int64_t flag(bool value) {
  return value ? 1 : 0;
}

}  // namespace

Result<bool, StoreError> SqliteStore::create_room(const HostedRoom& room,
                                                  const std::string& credential_hash) {
  const std::lock_guard lock(mutex_);
  not_hosted_.erase(room.name);
  return sqlite::guarded<bool>([&] {
    sqlite::Transaction transaction(*connection_);
    sqlite::Statement insert(
        *connection_,
        "INSERT INTO hosted_rooms (name, passcode_hash, waiting_room, locked, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (name) DO NOTHING");
    insert.bind(1, room.name)
        .bind(2, room.passcode_hash)
        .bind(3, flag(room.waiting_room))
        .bind(4, flag(room.locked))
        .bind(5, room.created_at)
        .run();
    if (connection_->changes() == 0) return false;
    sqlite::Statement credential(*connection_,
                                 "INSERT INTO host_credentials (credential_hash, room_name, "
                                 "created_at) VALUES (?1, ?2, ?3)");
    credential.bind(1, credential_hash).bind(2, room.name).bind(3, room.created_at).run();
    transaction.commit();
    return true;
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
      if (not_hosted_.size() >= kNotHostedNames) not_hosted_.clear();
      not_hosted_.insert(name);
      return std::nullopt;
    }
    return read_room(query);
  });
}

Result<bool, StoreError> SqliteStore::is_host(const std::string& room,
                                              const std::string& credential_hash) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement query(
        *connection_,
        "SELECT 1 FROM host_credentials WHERE credential_hash = ?1 AND room_name = ?2");
    query.bind(1, credential_hash).bind(2, room);
    return query.step();
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

Result<bool, StoreError> SqliteStore::delete_room(const std::string& room) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement remove(*connection_, "DELETE FROM hosted_rooms WHERE name = ?1");
    remove.bind(1, room).run();
    return connection_->changes() > 0;
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
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    sqlite::Statement update(*connection_,
                             "UPDATE waiting_tickets SET status = ?3, decided_at = ?4 "
                             "WHERE ticket = ?1 AND room_name = ?2 AND status = 'waiting'");
    update.bind(1, ticket)
        .bind(2, room)
        .bind(3, std::string_view(to_string(decision)))
        .bind(4, now)
        .run();
    return connection_->changes() > 0;
  });
}

}  // namespace lkm::store
