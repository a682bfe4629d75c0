// PgStore's AccessStore: hosted rooms, host credential hashes and waiting tickets.
#include <string>
#include <vector>

#include "store/columns.hpp"
#include "store/pg.hpp"
#include "store/pg_store.hpp"
#include "store/pg_store_run.hpp"

namespace lkm::store {
namespace {

using columns::sql;
using pg::param;

HostedRoom read_room(const pg::Rows& rows, int row) {
  HostedRoom room;
  room.name = rows.text(row, 0);
  room.passcode_hash = rows.text(row, 1);
  room.waiting_room = rows.int64(row, 2) != 0;
  room.locked = rows.int64(row, 3) != 0;
  room.created_at = rows.int64(row, 4);
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

}  // namespace

Result<bool, StoreError> PgStore::create_room(const HostedRoom& room,
                                              const std::string& credential_hash) {
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    const pg::Rows inserted = db.query(
        "INSERT INTO hosted_rooms (name, passcode_hash, waiting_room, locked, created_at) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING",
        {room.name, room.passcode_hash, flag(room.waiting_room), flag(room.locked),
         param(room.created_at)});
    if (inserted.affected() == 0) return false;
    db.query(
        "INSERT INTO host_credentials (credential_hash, room_name, created_at) VALUES ($1, $2, $3)",
        {credential_hash, room.name, param(room.created_at)});
    transaction.commit();
    return true;
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

Result<bool, StoreError> PgStore::is_host(const std::string& room,
                                          const std::string& credential_hash) {
  return run<bool>([&](pg::Connection& db) {
    return db.query("SELECT 1 FROM host_credentials WHERE credential_hash = $1 AND room_name = $2",
                    {credential_hash, room})
               .size() > 0;
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

Result<bool, StoreError> PgStore::delete_room(const std::string& room) {
  return run<bool>([&](pg::Connection& db) {
    return db.query("DELETE FROM hosted_rooms WHERE name = $1", {room}).affected() > 0;
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
  return run<bool>([&](pg::Connection& db) {
    pg::Transaction transaction(db);
    const pg::Rows updated = db.query(
        "UPDATE waiting_tickets SET status = $3, decided_at = $4 "
        "WHERE ticket = $1 AND room_name = $2 AND status = 'waiting'",
        {ticket, room, std::string(to_string(decision)), param(now)});
    if (updated.affected() == 0) return false;
    // Instances long-polling for this ticket learn of the decision at once (watch_decisions).
    db.query("SELECT pg_notify($1, $2)", {std::string(kAdmissionChannel), ticket});
    transaction.commit();
    return true;
  });
}

void PgStore::watch_decisions(const DecisionListener& listener) {
  listener_ = std::make_unique<PgListener>(conninfo_, std::string(kAdmissionChannel), listener);
}

}  // namespace lkm::store
