#include "meet/startup.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "config/database.hpp"
#include "core/log.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

namespace lkm::meet {

Result<bool, std::string> prepare_data_dir(const std::filesystem::path& dir) {
  const std::string name = dir.string();
  std::error_code ec;
  if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
  if (!ec && ::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    ec = std::error_code(errno, std::generic_category());
  }
  struct stat info {};
  if (!ec && ::stat(dir.c_str(), &info) != 0) ec = std::error_code(errno, std::generic_category());
  if (!ec && !S_ISDIR(info.st_mode)) ec = std::make_error_code(std::errc::not_a_directory);
  if (ec) return fail("--data-dir " + name + ": " + ec.message());
  constexpr mode_t kReadOrWriteByOthers = S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH;
  if ((info.st_mode & kReadOrWriteByOthers) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777U));
    log::warn("the data directory " + name + " (mode " + mode +
              ") may be read or written by its group or others; it holds the meeting history "
              "and keys: chmod 700 it");
  }
  return true;
}

Result<std::unique_ptr<store::Database>, std::string> open_store(const config::Config& config,
                                                                 const Clock& clock) {
  if (config.database_url) {
    const std::string shown = config::redact_database_url(config.database_url->reveal());
    // One connection per worker thread: a worker never waits for a connection.
    auto opened = store::PgStore::open(*config.database_url, clock, config.workers.threads);
    if (!opened) {
      return fail("cannot open the meeting history in " + shown + ": " + opened.error().message +
                  " (check --database or MEET_DATABASE_URL)");
    }
    log::info("meeting history in PostgreSQL at " + shown);
    return std::unique_ptr<store::Database>(std::move(opened).value());
  }
  auto opened = store::SqliteStore::open(config.data_dir / "meetings.db", clock);
  if (!opened) {
    return fail("cannot open the meeting history: " + opened.error().message +
                " (check --data-dir)");
  }
  return std::unique_ptr<store::Database>(std::move(opened).value());
}

}  // namespace lkm::meet
