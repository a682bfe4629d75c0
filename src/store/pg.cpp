#include "store/pg.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <climits>
#include <utility>

namespace lkm::store::pg {
namespace {

// libpq's messages end with a newline, and may span lines; one line reads better in a log.
std::string tidy(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text.empty() ? "unknown PostgreSQL error" : text;
}

// Options that libpq takes from the caller's connection string when it names them, and from
// here otherwise.
constexpr std::array<std::pair<const char*, const char*>, 7> kDefaults = {{
    {"connect_timeout", "10"},
    {"keepalives", "1"},
    {"keepalives_idle", "30"},
    {"keepalives_interval", "10"},
    {"tcp_user_timeout", "15000"},
    {"client_encoding", "UTF8"},
    {"application_name", "livekit-meet"},
}};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool Error::retryable() const noexcept {
  return sqlstate_ == "40001" || sqlstate_ == "40P01";
}

StoreError::Code classify(const Error& error) noexcept {
  const std::string& state = error.sqlstate();
  if (state == "53100") return StoreError::Code::full;  // disk_full
  if (state == "XX001" || state == "XX002") return StoreError::Code::corrupt;
  // Data the database cannot hold: bad encoding, NUL bytes, values out of range, too long.
  if (starts_with(state, "22") || state == "54000") return StoreError::Code::invalid;
  return StoreError::Code::unavailable;  // connection, timeouts, shutdown, locks, privileges...
}

StoreError to_store_error(const Error& error) {
  return StoreError{classify(error), error.what()};
}

std::optional<std::string> check_conninfo(const std::string& conninfo) {
  if (conninfo.empty()) return "the database URL is empty";
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &message);
  if (options == nullptr) {
    std::string text = message != nullptr ? tidy(message) : "cannot parse the database URL";
    PQfreemem(message);
    return text;
  }
  PQconninfoFree(options);
  return std::nullopt;
}

Rows::~Rows() {
  PQclear(result_);
}

int Rows::size() const noexcept {
  return PQntuples(result_);
}

std::int64_t Rows::affected() const {
  const char* text = PQcmdTuples(result_);
  std::int64_t value = 0;
  if (text == nullptr || *text == '\0') return 0;
  const std::string_view view(text);
  std::from_chars(view.data(), view.data() + view.size(), value);
  return value;
}

bool Rows::is_null(int row, int column) const noexcept {
  return PQgetisnull(result_, row, column) != 0;
}

std::string Rows::text(int row, int column) const {
  return {PQgetvalue(result_, row, column),
          static_cast<std::size_t>(PQgetlength(result_, row, column))};
}

std::int64_t Rows::int64(int row, int column) const {
  const std::string_view view(PQgetvalue(result_, row, column),
                              static_cast<std::size_t>(PQgetlength(result_, row, column)));
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (ec != std::errc() || end != view.data() + view.size()) {
    throw Error("", "column " + std::to_string(column) + " is not an integer");
  }
  return value;
}

int Rows::int32(int row, int column) const {
  const std::int64_t value = int64(row, column);
  if (value < INT_MIN || value > INT_MAX) {
    throw Error("", "column " + std::to_string(column) + " is out of range");
  }
  return static_cast<int>(value);
}

std::optional<std::int64_t> Rows::optional_int64(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return int64(row, column);
}

std::unique_ptr<Connection> Connection::open(const std::string& conninfo) {
  if (auto problem = check_conninfo(conninfo)) throw Error("", *problem);
  // Defaults first: with expand_dbname, the caller's string (last) overrides them.
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [keyword, value] : kDefaults) {
    keywords.push_back(keyword);
    values.push_back(value);
  }
  keywords.push_back("dbname");
  values.push_back(conninfo.c_str());
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  pg_conn* conn = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (conn == nullptr) throw Error("", "out of memory", true);
  std::unique_ptr<Connection> connection(new Connection(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    throw Error("", "cannot connect to PostgreSQL: " + tidy(PQerrorMessage(conn)), true);
  }
  // Notices ("already exists, skipping", ...) are not errors; libpq would print them to stderr.
  PQsetNoticeProcessor(
      conn, [](void* /*unused*/, const char* /*message*/) {}, nullptr);
  connection->exec(
      "SET statement_timeout = 10000; SET lock_timeout = 10000; "
      "SET idle_in_transaction_session_timeout = 60000");
  return connection;
}

Connection::~Connection() {
  PQfinish(conn_);
}

bool Connection::healthy() const noexcept {
  return PQstatus(conn_) == CONNECTION_OK;
}

std::vector<std::string> Connection::notifications(int timeout_ms) {
  const int socket = PQsocket(conn_);
  if (socket < 0) throw Error("", "the database connection is closed", true);
  pollfd wait{socket, POLLIN, 0};
  if (::poll(&wait, 1, timeout_ms) < 0 && errno != EINTR) {
    throw Error("", "cannot wait for the database connection", true);
  }
  if (PQconsumeInput(conn_) != 1) {
    throw Error("", "the database connection failed: " + tidy(PQerrorMessage(conn_)), true);
  }
  std::vector<std::string> payloads;
  while (PGnotify* notify = PQnotifies(conn_)) {
    payloads.emplace_back(notify->extra != nullptr ? notify->extra : "");
    PQfreemem(notify);
  }
  return payloads;
}

void Connection::fail(pg_result* result) const {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state != nullptr ? state : "";
  std::string message = tidy(result != nullptr && PQresultErrorMessage(result)[0] != '\0'
                                 ? PQresultErrorMessage(result)
                                 : PQerrorMessage(conn_));
  PQclear(result);
  const bool lost = PQstatus(conn_) != CONNECTION_OK || starts_with(sqlstate, "08") ||
                    sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
  throw Error(std::move(sqlstate), message, lost);
}

Rows Connection::check(pg_result* result) const {
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result);
  return Rows(result);
}

void Connection::exec(const std::string& sql) {
  pg_result* result = PQexec(conn_, sql.c_str());
  // PQexec with several statements returns the last result; an earlier failure stops the rest.
  check(result);
}

Rows Connection::query(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& value : params) {
    if (value && value->find('\0') != std::string::npos) {
      throw Error("22021", "text with a NUL byte cannot be stored");
    }
    values.push_back(value ? value->c_str() : nullptr);
  }
  pg_result* result = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0);
  return check(result);
}

Transaction::Transaction(Connection& connection, Mode mode) : connection_(connection) {
  connection_.exec(mode == Mode::write ? "BEGIN"
                                       : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

Transaction::~Transaction() {
  if (!open_ || !connection_.healthy()) return;
  try {
    connection_.exec("ROLLBACK");
  } catch (const Error&) {
    // The connection is reported unhealthy and dropped by its owner.
  }
}

void Transaction::commit() {
  connection_.exec("COMMIT");
  open_ = false;
}

}  // namespace lkm::store::pg
