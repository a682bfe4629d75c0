#pragma once
// A small RAII layer over the sqlite3 C API, private to the store: Connection, Statement and
// Transaction. Failures throw sqlite::Error (the SQLite result code and message); SqliteStore
// turns them into StoreError at its public boundary, so no exception leaves the store.
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "store/store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace lkm::store::sqlite {

class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  // The (extended) SQLite result code.
  [[nodiscard]] int code() const noexcept { return code_; }

 private:
  int code_;
};

// How a SQLite result code reads to callers of the store.
[[nodiscard]] StoreError::Code classify(int code) noexcept;
[[nodiscard]] StoreError to_store_error(const Error& error);

class Connection {
 public:
  // Opens (creating when missing) the database file read-write, with extended result codes,
  // foreign keys on, a busy timeout and the WAL journal.
  static std::unique_ptr<Connection> open(const std::filesystem::path& file,
                                          int busy_timeout_ms = 5000);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows worth reading.
  void exec(const std::string& sql);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  [[nodiscard]] std::int64_t changes() const noexcept;
  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }
  // Throws Error(code) with the connection's current message, prefixed by `what`.
  [[noreturn]] void fail(int code, std::string_view what) const;

 private:
  friend class Statement;
  // A compiled statement kept for reuse, and whether a Statement holds it now.
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  // Statements are compiled once per SQL text and reused (reset between uses): compiling is most
  // of the cost of a one-row lookup. At most kMaxCached texts are kept; the rest are compiled per
  // use, as is a text already in use further up the stack.
  static constexpr std::size_t kMaxCached = 64;

  explicit Connection(sqlite3* db) : db_(db) {}
  // The cached statement for `sql`, marked in use; nullptr when none is free.
  Cached* take_cached(std::string_view sql);
  Cached* remember(std::string_view sql, sqlite3_stmt* stmt);

  // Looked up by the caller's SQL text without copying it.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept {
      return std::hash<std::string_view>{}(sql);
    }
  };

  sqlite3* db_;
  std::unordered_map<std::string, Cached, SqlHash, std::equal_to<>> cache_;
};

class Statement {
 public:
  Statement(Connection& connection, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQL's ?1, ?2, ...
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind_null(int index);

  // Advances: true when a row is available, false when done.
  bool step();
  // Steps to completion, ignoring any rows.
  void run();
  void reset();

  // Columns are 0-based.
  [[nodiscard]] std::int64_t int64(int column) const;
  [[nodiscard]] int int32(int column) const;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::optional<std::int64_t> optional_int64(int column) const;

 private:
  Connection& connection_;
  sqlite3_stmt* stmt_ = nullptr;
  Connection::Cached* cached_ = nullptr;  // set when stmt_ belongs to the connection's cache
};

// A transaction, rolled back on destruction unless committed. `write` is BEGIN IMMEDIATE: it
// takes the write lock up front, so concurrent writers wait in busy_timeout instead of failing
// when a read transaction upgrades. `read` is a plain BEGIN: one consistent snapshot.
class Transaction {
 public:
  enum class Mode { read, write };
  explicit Transaction(Connection& connection, Mode mode = Mode::write);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

// Runs `body`, turning every failure into a StoreError: nothing throws out of the store.
template <class T, class Body>
Result<T, StoreError> guarded(Body&& body) {
  try {
    return std::forward<Body>(body)();
  } catch (const Error& error) {
    return fail(to_store_error(error));
  } catch (const std::bad_alloc&) {
    return fail(StoreError{StoreError::Code::unavailable, "out of memory"});
  } catch (const std::exception& error) {
    return fail(StoreError{StoreError::Code::unavailable, error.what()});
  }
}

}  // namespace lkm::store::sqlite
