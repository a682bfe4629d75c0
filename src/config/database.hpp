#pragma once
// Where the meeting history lives: SQLite in the data directory (the default), or PostgreSQL
// given by URL (--database, env MEET_DATABASE_URL) when several instances share one history.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/secret.hpp"

namespace lkm::config {

struct ConfigError;
struct SettingValue;

// Whether a postgres:// URL carries a password (in its user info or as a password= parameter).
[[nodiscard]] bool database_url_has_password(std::string_view url);

// The URL without its password and parameters, for logs and error messages.
[[nodiscard]] std::string redact_database_url(std::string_view url);

// The `database` setting (nullptr: unset, SQLite is used). A flag must not carry a password:
// command lines are visible to every local user (ps, /proc), so the password belongs in
// MEET_DATABASE_URL, a private config file, PGPASSWORD or a password file.
[[nodiscard]] Result<std::optional<Secret>, ConfigError> load_database_url(
    const SettingValue* value);

}  // namespace lkm::config
