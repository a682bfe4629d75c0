#pragma once
// The PostgreSQL schema, as numbered migrations mirroring the SQLite ones (same tables and
// columns; meetings.id is an identity column). Several livekit-meet instances may start at once
// against the same database: migrating holds a transaction-scoped advisory lock, so one of them
// migrates and the others find the schema current.
#include <cstdint>
#include <span>
#include <string_view>

#include "store/pg.hpp"

namespace lkm::store::pg {

[[nodiscard]] std::span<const std::string_view> migrations() noexcept;

// Brings the database to the latest schema version, recording each applied migration with
// `now`. Throws Error when the database was written by a newer livekit-meet.
void migrate(Connection& connection, std::int64_t now);

}  // namespace lkm::store::pg
