#pragma once
// A small RAII layer over libpq, private to the store: Connection, Rows and Transaction.
// Failures throw pg::Error (the SQLSTATE, empty when the connection itself failed, and libpq's
// message, which never contains the password); PgStore turns them into StoreError at its public
// boundary, so no exception leaves the store.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

struct pg_conn;
struct pg_result;

namespace lkm::store::pg {

class Error : public std::runtime_error {
 public:
  Error(std::string sqlstate, const std::string& message, bool connection_lost = false)
      : std::runtime_error(message),
        sqlstate_(std::move(sqlstate)),
        connection_lost_(connection_lost) {}
  // The five-character SQLSTATE, or empty when the server gave none.
  [[nodiscard]] const std::string& sqlstate() const noexcept { return sqlstate_; }
  // The connection is gone (refused, reset, timed out): a new one may succeed.
  [[nodiscard]] bool connection_lost() const noexcept { return connection_lost_; }
  // A conflict with a concurrent transaction (serialization failure, deadlock): worth a retry.
  [[nodiscard]] bool retryable() const noexcept;

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

// How an error reads to callers of the store.
[[nodiscard]] StoreError::Code classify(const Error& error) noexcept;
[[nodiscard]] StoreError to_store_error(const Error& error);

// Checks a connection string (postgres:// or postgresql:// URL, or key=value pairs) without
// connecting. Returns a message naming what is wrong, or nothing.
[[nodiscard]] std::optional<std::string> check_conninfo(const std::string& conninfo);

// Query parameters, in order ($1, $2, ...): text or NULL. Text must not contain NUL bytes.
using Param = std::optional<std::string>;

class Rows {
 public:
  explicit Rows(pg_result* result) noexcept : result_(result) {}
  ~Rows();
  Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Rows& operator=(Rows&&) = delete;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;

  [[nodiscard]] int size() const noexcept;
  // Rows affected by an INSERT/UPDATE/DELETE.
  [[nodiscard]] std::int64_t affected() const;
  // Columns and rows are 0-based.
  [[nodiscard]] bool is_null(int row, int column) const noexcept;
  [[nodiscard]] std::string text(int row, int column) const;
  [[nodiscard]] std::int64_t int64(int row, int column) const;
  [[nodiscard]] int int32(int row, int column) const;
  [[nodiscard]] std::optional<std::int64_t> optional_int64(int row, int column) const;

 private:
  pg_result* result_;
};

class Connection {
 public:
  // Connects (blocking) with livekit-meet's defaults under the caller's settings: a 10 s connect
  // timeout, TCP keepalives and user timeout, UTF-8, application_name livekit-meet; then sets
  // statement, lock and idle-in-transaction timeouts for the session.
  static std::unique_ptr<Connection> open(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without parameters, ignoring any rows.
  void exec(const std::string& sql);
  // Runs one statement with text parameters.
  Rows query(const std::string& sql, const std::vector<Param>& params = {});

  // False once the connection is gone; such a connection is not reused.
  [[nodiscard]] bool healthy() const noexcept;

  // For a connection that LISTENs: waits up to `timeout_ms` for the server to send something,
  // then returns the payloads of the notifications that arrived (throws when the connection
  // failed).
  std::vector<std::string> notifications(int timeout_ms);

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  [[noreturn]] void fail(pg_result* result) const;
  Rows check(pg_result* result) const;
  pg_conn* conn_;
};

// A transaction, rolled back on destruction unless committed.
class Transaction {
 public:
  enum class Mode { write, read_snapshot };
  explicit Transaction(Connection& connection, Mode mode = Mode::write);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

// An int64 as a parameter.
[[nodiscard]] inline Param param(std::int64_t value) {
  return std::to_string(value);
}
[[nodiscard]] inline Param param(const std::optional<std::int64_t>& value) {
  if (!value) return std::nullopt;
  return std::to_string(*value);
}
[[nodiscard]] inline Param param(std::string value) {
  return value;
}

}  // namespace lkm::store::pg
