#include "store/sqlite_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "store/columns.hpp"
#include "store/history.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_migrations.hpp"

namespace lkm::store {
namespace {

using columns::sql;
constexpr std::string_view kMeetingColumns = columns::kMeeting;
constexpr std::string_view kAttendeeColumns = columns::kAttendee;
constexpr std::string_view kRecordingColumns = columns::kRecording;

MeetingRow read_meeting_row(const sqlite::Statement& row) {
  MeetingRow meeting;
  meeting.id = row.int64(0);
  meeting.room_sid = row.text(1);
  meeting.room_name = row.text(2);
  meeting.started_at = row.int64(3);
  meeting.ended_at = row.optional_int64(4);
  meeting.participants_joined = row.int32(5);
  meeting.peak_participants = row.int32(6);
  meeting.current_participants = row.int32(7);
  return meeting;
}

AttendeeRow read_attendee_row(const sqlite::Statement& row) {
  AttendeeRow attendee;
  attendee.identity = row.text(0);
  attendee.name = row.text(1);
  attendee.first_joined_at = row.int64(2);
  attendee.last_left_at = row.optional_int64(3);
  attendee.present = row.int64(4) != 0;
  attendee.session_sid = row.text(5);
  attendee.left_sid = row.text(6);
  return attendee;
}

Recording read_recording(const sqlite::Statement& row, int first) {
  Recording recording;
  recording.egress_id = row.text(first);
  recording.status = row.text(first + 1);
  recording.started_at = row.int64(first + 2);
  recording.ended_at = row.optional_int64(first + 3);
  recording.location = row.text(first + 4);
  recording.error = row.text(first + 5);
  return recording;
}

// MeetingRows over one SQLite connection, inside the caller's transaction.
class SqliteRows final : public MeetingRows {
 public:
  explicit SqliteRows(sqlite::Connection& connection) : db_(connection) {}

  std::optional<MeetingRow> meeting_by_sid(const std::string& room_sid) override {
    sqlite::Statement query(
        db_, sql({"SELECT ", kMeetingColumns, " FROM meetings WHERE room_sid = ?1"}));
    query.bind(1, room_sid);
    if (!query.step()) return std::nullopt;
    return read_meeting_row(query);
  }

  std::optional<MeetingRow> latest_meeting_by_name(const std::string& room_name) override {
    sqlite::Statement query(
        db_,
        sql({"SELECT ", kMeetingColumns,
             " FROM meetings WHERE room_name = ?1 ORDER BY started_at DESC, id DESC LIMIT 1"}));
    query.bind(1, room_name);
    if (!query.step()) return std::nullopt;
    return read_meeting_row(query);
  }

  std::int64_t insert_meeting(const MeetingRow& row) override {
    sqlite::Statement insert(
        db_,
        "INSERT INTO meetings (room_sid, room_name, started_at, ended_at, participants_joined, "
        "peak_participants, current_participants) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "RETURNING id");
    insert.bind(1, row.room_sid)
        .bind(2, row.room_name)
        .bind(3, row.started_at)
        .bind(4, row.ended_at)
        .bind(5, std::int64_t{row.participants_joined})
        .bind(6, std::int64_t{row.peak_participants})
        .bind(7, std::int64_t{row.current_participants});
    if (!insert.step()) throw sqlite::Error(0, "INSERT INTO meetings returned no id");
    const std::int64_t id = insert.int64(0);
    insert.run();
    return id;
  }

  void update_meeting(const MeetingRow& row) override {
    sqlite::Statement update(
        db_,
        "UPDATE meetings SET room_name = ?2, started_at = ?3, ended_at = ?4, "
        "participants_joined = ?5, peak_participants = ?6, current_participants = ?7 "
        "WHERE id = ?1");
    update.bind(1, row.id)
        .bind(2, row.room_name)
        .bind(3, row.started_at)
        .bind(4, row.ended_at)
        .bind(5, std::int64_t{row.participants_joined})
        .bind(6, std::int64_t{row.peak_participants})
        .bind(7, std::int64_t{row.current_participants})
        .run();
  }

  std::optional<AttendeeRow> attendee(std::int64_t meeting_id,
                                      const std::string& identity) override {
    sqlite::Statement query(db_, sql({"SELECT ", kAttendeeColumns,
                                      " FROM attendees WHERE meeting_id = ?1 AND identity = ?2"}));
    query.bind(1, meeting_id).bind(2, identity);
    if (!query.step()) return std::nullopt;
    return read_attendee_row(query);
  }

  std::vector<AttendeeRow> attendees(std::int64_t meeting_id) override {
    sqlite::Statement query(
        db_, sql({"SELECT ", kAttendeeColumns,
                  " FROM attendees WHERE meeting_id = ?1 ORDER BY first_joined_at, identity"}));
    query.bind(1, meeting_id);
    std::vector<AttendeeRow> rows;
    while (query.step()) rows.push_back(read_attendee_row(query));
    return rows;
  }

  void upsert_attendee(std::int64_t meeting_id, const AttendeeRow& row) override {
    sqlite::Statement upsert(
        db_,
        "INSERT INTO attendees (meeting_id, identity, name, first_joined_at, last_left_at, "
        "present, session_sid, left_sid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (meeting_id, identity) DO UPDATE SET name = excluded.name, "
        "first_joined_at = excluded.first_joined_at, last_left_at = excluded.last_left_at, "
        "present = excluded.present, session_sid = excluded.session_sid, "
        "left_sid = excluded.left_sid");
    upsert.bind(1, meeting_id)
        .bind(2, row.identity)
        .bind(3, row.name)
        .bind(4, row.first_joined_at)
        .bind(5, row.last_left_at)
        .bind(6, std::int64_t{row.present ? 1 : 0})
        .bind(7, row.session_sid)
        .bind(8, row.left_sid)
        .run();
  }

  std::optional<std::pair<std::int64_t, Recording>> recording(
      const std::string& egress_id) override {
    sqlite::Statement query(db_, sql({"SELECT meeting_id, ", kRecordingColumns,
                                      " FROM recordings WHERE egress_id = ?1"}));
    query.bind(1, egress_id);
    if (!query.step()) return std::nullopt;
    return std::pair{query.int64(0), read_recording(query, 1)};
  }

  void upsert_recording(std::int64_t meeting_id, const Recording& recording) override {
    sqlite::Statement upsert(
        db_,
        "INSERT INTO recordings (egress_id, meeting_id, status, started_at, ended_at, location, "
        "error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (egress_id) DO UPDATE SET status = excluded.status, "
        "started_at = excluded.started_at, ended_at = excluded.ended_at, "
        "location = excluded.location, error = excluded.error");
    upsert.bind(1, recording.egress_id)
        .bind(2, meeting_id)
        .bind(3, recording.status)
        .bind(4, recording.started_at)
        .bind(5, recording.ended_at)
        .bind(6, recording.location)
        .bind(7, recording.error)
        .run();
  }

 private:
  sqlite::Connection& db_;
};

// A full Meeting (attendees and recordings) from its meetings row.
Meeting load_meeting(sqlite::Connection& db, const MeetingRow& row) {
  Meeting meeting = history::to_meeting(row);
  for (const AttendeeRow& attendee : SqliteRows(db).attendees(row.id)) {
    meeting.attendees.push_back(history::to_attendee(attendee));
  }
  sqlite::Statement recordings(
      db, sql({"SELECT ", kRecordingColumns,
               " FROM recordings WHERE meeting_id = ?1 ORDER BY started_at, egress_id"}));
  recordings.bind(1, row.id);
  while (recordings.step()) meeting.recordings.push_back(read_recording(recordings, 0));
  return meeting;
}

const Clock& system_clock() {
  static const SystemClock kClock;
  return kClock;
}

// Takes group's and others' permissions off an open file ("0644" -> "0600"); errno or 0.
int make_private(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return errno;
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) == 0) return 0;
  return ::fchmod(fd, info.st_mode & S_IRWXU) == 0 ? 0 : errno;
}

// The database file 0600, created so when missing (SQLite would make it 0644, and its -wal and
// -shm files take the database's mode); its -wal and -shm, when a previous run left them, tightened
// too. Before SQLite opens the database: closing a descriptor of these files drops the POSIX locks
// a connection of this process holds on them. An error names the file.
std::optional<std::string> make_files_private(const std::string& database) {
  const auto failed = [](const std::string& name, int error) {
    return "cannot make " + name + " private: " + std::generic_category().message(error);
  };
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string name = database + suffix;
    const bool main = *suffix == '\0';
    const int fd =
        ::open(name.c_str(), (main ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC | O_NONBLOCK, 0600);
    if (fd < 0) {
      if (!main && errno == ENOENT) continue;
      return "cannot open " + name + ": " + std::generic_category().message(errno);
    }
    const int error = make_private(fd);
    ::close(fd);
    if (error != 0) return failed(name, error);
  }
  return std::nullopt;
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<sqlite::Connection> connection, const Clock& clock,
                         int owner_lock)
    : owner_lock_(owner_lock), connection_(std::move(connection)), clock_(clock) {}

SqliteStore::~SqliteStore() {
  connection_.reset();
  if (owner_lock_ >= 0) ::close(owner_lock_);
}

Result<std::unique_ptr<SqliteStore>, StoreError> SqliteStore::open(
    const std::filesystem::path& file) {
  return open(file, system_clock());
}

Result<std::unique_ptr<SqliteStore>, StoreError> SqliteStore::open(
    const std::filesystem::path& file, const Clock& clock) {
  if (file.empty()) {
    return fail(StoreError{StoreError::Code::invalid, "no database file given"});
  }
  // One process owns the file (see the header): a second one is refused before it opens it. The
  // lock is on a file of its own: closing a descriptor of the database itself would drop the
  // POSIX locks SQLite holds on it.
  const std::string lock_file = file.string() + ".lock";
  const int owner_lock = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (owner_lock < 0 || ::flock(owner_lock, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (owner_lock >= 0) ::close(owner_lock);
    const std::string why =
        error == EWOULDBLOCK
            ? "another process uses it: a SQLite history belongs to one livekit-meet; several "
              "instances share a PostgreSQL database (--database)"
            : "cannot open " + lock_file + ": " + std::generic_category().message(error);
    return fail(StoreError{StoreError::Code::unavailable, file.string() + ": " + why});
  }
  // The history and the lock are the server's alone (0600), whatever the umask or an older
  // version left.
  std::optional<std::string> not_private;
  if (const int error = make_private(owner_lock); error != 0) {
    not_private =
        "cannot make " + lock_file + " private: " + std::generic_category().message(error);
  } else {
    not_private = make_files_private(file.string());
  }
  if (not_private) {
    ::close(owner_lock);
    return fail(StoreError{StoreError::Code::unavailable, std::move(*not_private)});
  }
  std::unique_ptr<sqlite::Connection> connection;
  auto opened = sqlite::guarded<bool>([&] {
    connection = sqlite::Connection::open(file);
    return true;
  });
  if (!opened) {
    ::close(owner_lock);
    return fail(std::move(opened).error());
  }
  auto migrated = sqlite::guarded<bool>([&] {
    try {
      sqlite::migrate(*connection, clock.now_unix());
      // Migrations write far more than a webhook does: copy them into the database now and empty
      // the write-ahead log, rather than leave a fresh store with a log several times its size.
      connection->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const sqlite::Error& error) {
      throw sqlite::Error(error.code(), file.string() + ": " + error.what());
    }
    return true;
  });
  if (!migrated) {
    connection.reset();
    ::close(owner_lock);
    return fail(std::move(migrated).error());
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(connection), clock, owner_lock));
}

Result<bool, StoreError> SqliteStore::apply(const HistoryEvent& event) {
  if (event.id.empty()) {
    return fail(StoreError{StoreError::Code::invalid, "history event without an id"});
  }
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<bool>([&] {
    const std::int64_t now = clock_.now_unix();
    sqlite::Transaction transaction(*connection_);
    sqlite::Statement seen(*connection_,
                           "INSERT INTO applied_events (event_id, event, applied_at) "
                           "VALUES (?1, ?2, ?3) ON CONFLICT (event_id) DO NOTHING");
    seen.bind(1, event.id).bind(2, to_string(event.kind)).bind(3, now).run();
    if (connection_->changes() == 0) return false;  // a redelivery: already applied
    SqliteRows rows(*connection_);
    history::apply(history::interpret(event, now), rows);
    const bool prune = now - last_prune_ >= kAppliedEventPruneIntervalSeconds;
    if (prune) {
      sqlite::Statement old(*connection_, "DELETE FROM applied_events WHERE applied_at < ?1");
      old.bind(1, now - kAppliedEventRetentionSeconds).run();
    }
    transaction.commit();
    if (prune) last_prune_ = now;
    return true;
  });
}

Result<MeetingPage, StoreError> SqliteStore::list_meetings(std::size_t limit,
                                                           std::optional<std::string> cursor,
                                                           const MeetingFilter& filter) {
  const auto request = history::page_query(limit, cursor);
  if (!request) return fail(request.error());
  const auto& after = request->after;
  // Up to eight texts (cursor, room, listed_only), each compiled once.
  std::string where;
  const auto also = [&where](std::string_view condition) {
    where += where.empty() ? " WHERE " : " AND ";
    where += condition;
  };
  if (after) also("(started_at < ?1 OR (started_at = ?1 AND id < ?2))");
  if (filter.room) also("room_name = ?4");
  if (filter.listed_only) {
    also("EXISTS (SELECT 1 FROM hosted_rooms WHERE name = meetings.room_name AND listed = 1)");
  }
  const std::string text = sql({"SELECT ", kMeetingColumns, " FROM meetings", where,
                                " ORDER BY started_at DESC, id DESC LIMIT ?3"});
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<MeetingPage>([&] {
    // One read transaction, so that a page and its attendees are consistent.
    const sqlite::Transaction read(*connection_, sqlite::Transaction::Mode::read);
    MeetingPage page;
    std::vector<MeetingRow> rows;
    {
      sqlite::Statement query(*connection_, text);
      if (after) query.bind(1, after->started_at).bind(2, after->id);
      if (filter.room) query.bind(4, *filter.room);
      query.bind(3, static_cast<std::int64_t>(request->limit + 1));
      while (query.step()) rows.push_back(read_meeting_row(query));
    }
    page.next_cursor = history::end_page(rows, request->limit);
    for (const MeetingRow& row : rows) page.items.push_back(load_meeting(*connection_, row));
    return page;
  });
}

Result<std::optional<RoomActivity>, StoreError> SqliteStore::room_activity(
    const std::string& room_name) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::optional<RoomActivity>>([&]() -> std::optional<RoomActivity> {
    sqlite::Statement query(*connection_,
                            "SELECT COUNT(*), MAX(COALESCE(ended_at, started_at)), "
                            "MAX(ended_at IS NULL) FROM meetings WHERE room_name = ?1");
    query.bind(1, room_name);
    if (!query.step() || query.int64(0) == 0) return std::nullopt;
    return RoomActivity{query.int64(1), query.int64(2) != 0};
  });
}

Result<std::optional<Meeting>, StoreError> SqliteStore::get_meeting(std::int64_t id) {
  const std::lock_guard lock(mutex_);
  return sqlite::guarded<std::optional<Meeting>>([&]() -> std::optional<Meeting> {
    const sqlite::Transaction read(*connection_, sqlite::Transaction::Mode::read);
    sqlite::Statement query(*connection_,
                            sql({"SELECT ", kMeetingColumns, " FROM meetings WHERE id = ?1"}));
    query.bind(1, id);
    if (!query.step()) return std::nullopt;
    const MeetingRow row = read_meeting_row(query);
    return load_meeting(*connection_, row);
  });
}

}  // namespace lkm::store
