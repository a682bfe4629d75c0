#include "store/pg_migrations.hpp"

#include <array>
#include <string>

namespace lkm::store::pg {
namespace {

// The advisory lock key that serialises schema migrations across instances.
constexpr std::string_view kMigrationLock = "SELECT pg_advisory_xact_lock(7011931001)";

constexpr std::array<std::string_view, 6> kMigrations = {
    // 1: meetings, their attendees and recordings, and the ids of applied webhook events.
    R"sql(
CREATE TABLE meetings (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_sid TEXT NOT NULL UNIQUE,
  room_name TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  participants_joined INTEGER NOT NULL DEFAULT 0,
  peak_participants INTEGER NOT NULL DEFAULT 0,
  current_participants INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meetings_newest_first ON meetings (started_at DESC, id DESC);
CREATE INDEX meetings_by_room_name ON meetings (room_name, started_at);

CREATE TABLE attendees (
  meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  identity TEXT NOT NULL,
  name TEXT NOT NULL,
  first_joined_at BIGINT NOT NULL,
  last_left_at BIGINT,
  present INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1)),
  session_sid TEXT NOT NULL DEFAULT '',
  left_sid TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (meeting_id, identity)
);

CREATE TABLE recordings (
  egress_id TEXT PRIMARY KEY,
  meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  location TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recordings_by_meeting ON recordings (meeting_id);

CREATE TABLE applied_events (
  event_id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  applied_at BIGINT NOT NULL
);
)sql",
    // 2: applied event ids are pruned by age.
    R"sql(
CREATE INDEX applied_events_by_age ON applied_events (applied_at);
)sql",
    // 3: rooms with a host: settings, host credential hashes, waiting guests.
    R"sql(
CREATE TABLE hosted_rooms (
  name TEXT PRIMARY KEY,
  passcode_hash TEXT NOT NULL DEFAULT '',
  waiting_room INTEGER NOT NULL DEFAULT 0 CHECK (waiting_room IN (0, 1)),
  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  created_at BIGINT NOT NULL
);

CREATE TABLE host_credentials (
  credential_hash TEXT PRIMARY KEY,
  room_name TEXT NOT NULL REFERENCES hosted_rooms (name) ON DELETE CASCADE,
  created_at BIGINT NOT NULL
);
CREATE INDEX host_credentials_by_room ON host_credentials (room_name);

CREATE TABLE waiting_tickets (
  ticket TEXT PRIMARY KEY,
  room_name TEXT NOT NULL REFERENCES hosted_rooms (name) ON DELETE CASCADE,
  participant_name TEXT NOT NULL,
  postfix TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'admitted', 'denied')),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  decided_at BIGINT
);
CREATE INDEX waiting_tickets_by_room ON waiting_tickets (room_name, created_at);
CREATE INDEX waiting_tickets_by_age ON waiting_tickets (created_at);
)sql",
    // 4: room retention and listing; used tickets; guessing counters; organizer sessions.
    R"sql(
ALTER TABLE hosted_rooms ADD COLUMN listed INTEGER NOT NULL DEFAULT 0 CHECK (listed IN (0, 1));
ALTER TABLE hosted_rooms ADD COLUMN last_used_at BIGINT NOT NULL DEFAULT 0;
UPDATE hosted_rooms SET last_used_at = created_at;
CREATE INDEX hosted_rooms_by_last_use ON hosted_rooms (last_used_at);

ALTER TABLE waiting_tickets DROP CONSTRAINT waiting_tickets_status_check;
ALTER TABLE waiting_tickets ADD CONSTRAINT waiting_tickets_status_check
  CHECK (status IN ('waiting', 'admitted', 'denied', 'used'));

CREATE TABLE attempt_counters (
  scope TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  blocked_until BIGINT NOT NULL,
  last_attempt_at BIGINT NOT NULL
);
CREATE INDEX attempt_counters_by_last_attempt ON attempt_counters (last_attempt_at);

CREATE TABLE organizer_sessions (
  id_hash TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX organizer_sessions_by_expiry ON organizer_sessions (expires_at);
)sql",
    // 5: co-hosts: the identities a room's host promoted, and whose host credential is whose.
    R"sql(
ALTER TABLE host_credentials ADD COLUMN identity TEXT NOT NULL DEFAULT '';
CREATE TABLE room_cohosts (
  room_name TEXT NOT NULL REFERENCES hosted_rooms (name) ON DELETE CASCADE,
  identity TEXT NOT NULL,
  promoted_at BIGINT NOT NULL,
  PRIMARY KEY (room_name, identity)
);
)sql",
    // 6: the rooms of organisers signed in through an identity provider: who owns which.
    R"sql(
ALTER TABLE hosted_rooms ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX hosted_rooms_by_owner ON hosted_rooms (owner, last_used_at) WHERE owner <> '';
)sql",
};

}  // namespace

std::span<const std::string_view> migrations() noexcept {
  return kMigrations;
}

void migrate(Connection& connection, std::int64_t now) {
  const auto known = static_cast<std::int64_t>(kMigrations.size());
  Transaction transaction(connection);
  connection.exec(std::string(kMigrationLock));
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  const Rows current = connection.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  std::int64_t version = current.int64(0, 0);
  if (version > known) {
    throw Error("", "database schema version " + std::to_string(version) +
                        " was written by a newer livekit-meet (this one knows up to " +
                        std::to_string(known) + ")");
  }
  for (; version < known; ++version) {
    connection.exec(std::string(kMigrations[static_cast<std::size_t>(version)]));
    connection.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                     {param(version + 1), param(now)});
  }
  transaction.commit();
}

}  // namespace lkm::store::pg
