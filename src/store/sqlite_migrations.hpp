#pragma once
// The SQLite schema as an ordered list of migrations: version N is migrations()[N - 1]. Append
// only; never edit a migration that has shipped.
#include <cstdint>
#include <span>
#include <string_view>

namespace lkm::store::sqlite {

class Connection;

[[nodiscard]] std::span<const std::string_view> migrations() noexcept;

// Brings the database to the latest known version, each migration in its own transaction
// (recorded in schema_migrations with `now`). Throws sqlite::Error, also when the database has a
// version newer than this build knows.
void migrate(Connection& connection, std::int64_t now);

}  // namespace lkm::store::sqlite
