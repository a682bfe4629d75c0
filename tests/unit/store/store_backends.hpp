#pragma once
// The store backends the shared store tests run against: SQLite in a temporary directory, and
// PostgreSQL in a fresh database on the server named by LKM_TEST_DATABASE_URL (a superuser URL
// whose path is a database name; scripts/with-postgres.sh starts such a server). Without that
// variable the PostgreSQL cases skip, unless LKM_REQUIRE_POSTGRES is set: then they fail.
#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "store/pg.hpp"
#include "store/pg_migrations.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_migrations.hpp"
#include "store/sqlite_store.hpp"
#include "store_fixture.hpp"

namespace lkm::store::testing {

class Backend {
 public:
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;
  virtual ~Backend() = default;

  virtual Result<std::unique_ptr<Database>, StoreError> open(const Clock& clock) = 0;
  // Runs SQL on the database directly (the store closed or not).
  virtual void exec(const std::string& sql) = 0;
  // The first column of the first row of a query, as an integer.
  virtual std::int64_t scalar(const std::string& sql) = 0;
  [[nodiscard]] virtual std::size_t known_migrations() const = 0;
  // Builds the schema as a livekit-meet that knew only the first `version` migrations left it
  // (on a database no store has opened yet).
  virtual void migrate_to(std::size_t version) = 0;
  // Whether several stores (instances) may have the database open at once.
  [[nodiscard]] virtual bool shared_by_instances() const = 0;
};

// Runs the first `version` migrations in one transaction and records them in schema_migrations,
// as the store's own migrate() would have (for either backend's Connection).
template <class Connection>
void migrate_by_hand(Connection& db, std::span<const std::string_view> migrations,
                     std::size_t version) {
  db.exec("BEGIN");
  db.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  for (std::size_t applied = 0; applied < version; ++applied) {
    db.exec(std::string(migrations[applied]));
    db.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (" +
            std::to_string(applied + 1) + ", 1)");
  }
  db.exec("COMMIT");
}

class SqliteBackend final : public Backend {
 public:
  Result<std::unique_ptr<Database>, StoreError> open(const Clock& clock) override {
    auto opened = SqliteStore::open(file(), clock);
    if (!opened) return fail(std::move(opened).error());
    return std::unique_ptr<Database>(std::move(opened).value());
  }
  void exec(const std::string& sql) override { sqlite::Connection::open(file())->exec(sql); }
  std::int64_t scalar(const std::string& sql) override {
    auto db = sqlite::Connection::open(file());
    sqlite::Statement query(*db, sql);
    if (!query.step()) throw std::runtime_error("no row: " + sql);
    return query.int64(0);
  }
  [[nodiscard]] std::size_t known_migrations() const override {
    return sqlite::migrations().size();
  }
  void migrate_to(std::size_t version) override {
    migrate_by_hand(*sqlite::Connection::open(file()), sqlite::migrations(), version);
  }
  [[nodiscard]] bool shared_by_instances() const override { return false; }
  [[nodiscard]] std::filesystem::path file() const { return dir_.path() / "history.db"; }

 private:
  TempDir dir_;
};

// The admin URL, or nullopt (the test skips or fails, see above).
inline std::optional<std::string> postgres_admin_url() {
  const char* url = std::getenv("LKM_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

inline bool postgres_required() {
  const char* required = std::getenv("LKM_REQUIRE_POSTGRES");
  return required != nullptr && *required != '\0' && std::string(required) != "0";
}

// A database created for one test and dropped (connections and all) after it.
class PgTestDatabase {
 public:
  explicit PgTestDatabase(const std::string& admin_url) : admin_url_(admin_url) {
    static std::atomic<int> counter{0};
    name_ = "lkm_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    admin()->exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    admin()->exec("CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'");
    url_ = admin_url.substr(0, admin_url.rfind('/') + 1) + name_;
  }
  ~PgTestDatabase() {
    try {
      admin()->exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // Left for the scratch server to take with it.
    }
  }
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::unique_ptr<pg::Connection> admin() const {
    return pg::Connection::open(admin_url_);
  }
  [[nodiscard]] std::unique_ptr<pg::Connection> connect() const {
    return pg::Connection::open(url_);
  }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

class PgBackend final : public Backend {
 public:
  explicit PgBackend(const std::string& admin_url) : database_(admin_url) {}

  Result<std::unique_ptr<Database>, StoreError> open(const Clock& clock) override {
    auto opened = PgStore::open(Secret(database_.url()), clock);
    if (!opened) return fail(std::move(opened).error());
    return std::unique_ptr<Database>(std::move(opened).value());
  }
  void exec(const std::string& sql) override { database_.connect()->exec(sql); }
  std::int64_t scalar(const std::string& sql) override {
    auto db = database_.connect();
    const pg::Rows rows = db->query(sql);
    if (rows.size() == 0) throw std::runtime_error("no row: " + sql);
    return rows.int64(0, 0);
  }
  [[nodiscard]] std::size_t known_migrations() const override { return pg::migrations().size(); }
  void migrate_to(std::size_t version) override {
    migrate_by_hand(*database_.connect(), pg::migrations(), version);
  }
  [[nodiscard]] bool shared_by_instances() const override { return true; }
  [[nodiscard]] const PgTestDatabase& database() const { return database_; }

 private:
  PgTestDatabase database_;
};

// The backend named `name` ("sqlite" or "postgres"), or null when PostgreSQL is not configured
// (the caller skips or fails).
inline std::unique_ptr<Backend> make_backend(const std::string& name) {
  if (name == "sqlite") return std::make_unique<SqliteBackend>();
  const auto admin = postgres_admin_url();
  if (!admin) return nullptr;
  return std::make_unique<PgBackend>(*admin);
}

// In SetUp: skips (or fails, when PostgreSQL is required) a test that has no PostgreSQL server.
#define LKM_REQUIRE_BACKEND(backend)                                               \
  do {                                                                             \
    if (!(backend)) {                                                              \
      if (::lkm::store::testing::postgres_required()) {                            \
        FAIL() << "LKM_REQUIRE_POSTGRES is set but LKM_TEST_DATABASE_URL is not";  \
      }                                                                            \
      GTEST_SKIP() << "no PostgreSQL server (run under scripts/with-postgres.sh)"; \
    }                                                                              \
  } while (false)

}  // namespace lkm::store::testing
