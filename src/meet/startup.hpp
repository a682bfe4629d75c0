#pragma once
// What the Meet server opens before it listens: its data directory and its store.
#include <filesystem>
#include <memory>
#include <string>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace lkm::meet {

// The data directory holds the meeting history and the self-signed key: made 0700 when missing
// (its parents as the umask says). One that exists is the operator's and is left as it is, with
// a warning when group or others may read or write it. The reason when it cannot be made or is not
// a directory.
[[nodiscard]] Result<bool, std::string> prepare_data_dir(const std::filesystem::path& dir);

// The database of the meeting history and the rooms with a host: PostgreSQL when a database URL
// is configured, otherwise SQLite in the data directory; the reason when it cannot be opened (the
// URL's password never in it).
[[nodiscard]] Result<std::unique_ptr<store::Database>, std::string> open_store(
    const config::Config& config, const Clock& clock);

}  // namespace lkm::meet
