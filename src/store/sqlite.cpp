#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <climits>

namespace lkm::store::sqlite {

StoreError::Code classify(int code) noexcept {
  switch (code & 0xff) {
    case SQLITE_FULL: return StoreError::Code::full;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return StoreError::Code::corrupt;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE: return StoreError::Code::invalid;
    default: return StoreError::Code::unavailable;  // BUSY, LOCKED, CANTOPEN, IOERR, READONLY...
  }
}

StoreError to_store_error(const Error& error) {
  return StoreError{classify(error.code()), error.what()};
}

std::unique_ptr<Connection> Connection::open(const std::filesystem::path& file,
                                             int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int code = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    sqlite3_close(db);
    throw Error(code, "cannot open " + file.string() + ": " + message);
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  try {
    connection->exec("PRAGMA foreign_keys = ON");
    connection->exec("PRAGMA journal_mode = WAL");
  } catch (const Error& error) {
    throw Error(error.code(), "cannot open " + file.string() + ": " + error.what());
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Connection::Cached* Connection::take_cached(std::string_view sql) {
  const auto it = cache_.find(sql);
  if (it == cache_.end() || it->second.in_use) return nullptr;
  it->second.in_use = true;
  return &it->second;
}

Connection::Cached* Connection::remember(std::string_view sql, sqlite3_stmt* stmt) {
  if (cache_.size() >= kMaxCached) return nullptr;
  const auto [it, inserted] = cache_.try_emplace(std::string(sql), Cached{stmt, true});
  return inserted ? &it->second : nullptr;
}

void Connection::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw Error(sqlite3_extended_errcode(db_) != SQLITE_OK ? sqlite3_extended_errcode(db_) : rc,
                text);
  }
}

std::int64_t Connection::changes() const noexcept {
  return sqlite3_changes64(db_);
}

void Connection::fail(int code, std::string_view what) const {
  std::string message(what);
  message += ": ";
  message += sqlite3_errmsg(db_);
  throw Error(code, message);
}

Statement::Statement(Connection& connection, std::string_view sql) : connection_(connection) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) throw Error(SQLITE_TOOBIG, "SQL too long");
  cached_ = connection.take_cached(sql);
  if (cached_ != nullptr) {
    stmt_ = cached_->stmt;
    return;
  }
  const int rc = sqlite3_prepare_v3(connection.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) connection.fail(rc, "prepare");
  cached_ = connection.remember(sql, stmt_);
}

Statement::~Statement() {
  if (cached_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  // Back to the cache, ready for the next use: no open read, no bound values kept.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  cached_->in_use = false;
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) connection_.fail(rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (value.size() > static_cast<std::size_t>(INT_MAX)) throw Error(SQLITE_TOOBIG, "text too long");
  const int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                   SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) connection_.fail(rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) connection_.fail(rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  connection_.fail(sqlite3_extended_errcode(connection_.handle()), "step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

int Statement::int32(int column) const {
  return sqlite3_column_int(stmt_, column);
}

std::string Statement::text(int column) const {
  const unsigned char* data = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr || size <= 0) return {};
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt_, column);
}

Transaction::Transaction(Connection& connection, Mode mode) : connection_(connection) {
  connection_.exec(mode == Mode::write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  if (!open_) return;
  // Nothing to report from a destructor; SQLite may already have rolled back (e.g. on FULL).
  sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  connection_.exec("COMMIT");
  open_ = false;
}

}  // namespace lkm::store::sqlite
