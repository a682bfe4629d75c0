#include "store/pg_store.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "store/columns.hpp"
#include "store/history.hpp"
#include "store/pg.hpp"
#include "store/pg_migrations.hpp"
#include "store/pg_store_run.hpp"

namespace lkm::store {
namespace {

using columns::sql;
using pg::param;

// The advisory lock key that serialises webhook event application across instances.
constexpr std::string_view kApplyLock = "SELECT pg_advisory_xact_lock(7011931002)";
// How long a call waits for a pooled connection when all are busy.
constexpr auto kPoolWait = std::chrono::seconds(10);

MeetingRow read_meeting_row(const pg::Rows& rows, int row) {
  MeetingRow meeting;
  meeting.id = rows.int64(row, 0);
  meeting.room_sid = rows.text(row, 1);
  meeting.room_name = rows.text(row, 2);
  meeting.started_at = rows.int64(row, 3);
  meeting.ended_at = rows.optional_int64(row, 4);
  meeting.participants_joined = rows.int32(row, 5);
  meeting.peak_participants = rows.int32(row, 6);
  meeting.current_participants = rows.int32(row, 7);
  return meeting;
}

// Attendee columns start at `first` (columns::kAttendee order).
AttendeeRow read_attendee_row(const pg::Rows& rows, int row, int first) {
  AttendeeRow attendee;
  attendee.identity = rows.text(row, first);
  attendee.name = rows.text(row, first + 1);
  attendee.first_joined_at = rows.int64(row, first + 2);
  attendee.last_left_at = rows.optional_int64(row, first + 3);
  attendee.present = rows.int64(row, first + 4) != 0;
  attendee.session_sid = rows.text(row, first + 5);
  attendee.left_sid = rows.text(row, first + 6);
  return attendee;
}

Recording read_recording(const pg::Rows& rows, int row, int first) {
  Recording recording;
  recording.egress_id = rows.text(row, first);
  recording.status = rows.text(row, first + 1);
  recording.started_at = rows.int64(row, first + 2);
  recording.ended_at = rows.optional_int64(row, first + 3);
  recording.location = rows.text(row, first + 4);
  recording.error = rows.text(row, first + 5);
  return recording;
}

std::optional<MeetingRow> first_meeting(const pg::Rows& rows) {
  if (rows.size() == 0) return std::nullopt;
  return read_meeting_row(rows, 0);
}

// MeetingRows over one PostgreSQL connection, inside the caller's transaction.
class PgRows final : public MeetingRows {
 public:
  explicit PgRows(pg::Connection& connection) : db_(connection) {}

  std::optional<MeetingRow> meeting_by_sid(const std::string& room_sid) override {
    return first_meeting(db_.query(
        sql({"SELECT ", columns::kMeeting, " FROM meetings WHERE room_sid = $1"}), {room_sid}));
  }

  std::optional<MeetingRow> latest_meeting_by_name(const std::string& room_name) override {
    return first_meeting(
        db_.query(sql({"SELECT ", columns::kMeeting,
                       " FROM meetings WHERE room_name = $1 ORDER BY started_at DESC, id DESC "
                       "LIMIT 1"}),
                  {room_name}));
  }

  std::int64_t insert_meeting(const MeetingRow& row) override {
    const pg::Rows inserted = db_.query(
        "INSERT INTO meetings (room_sid, room_name, started_at, ended_at, participants_joined, "
        "peak_participants, current_participants) VALUES ($1, $2, $3, $4, $5, $6, $7) "
        "RETURNING id",
        {row.room_sid, row.room_name, param(row.started_at), param(row.ended_at),
         param(row.participants_joined), param(row.peak_participants),
         param(row.current_participants)});
    if (inserted.size() != 1) throw pg::Error("", "INSERT INTO meetings returned no id");
    return inserted.int64(0, 0);
  }

  void update_meeting(const MeetingRow& row) override {
    db_.query(
        "UPDATE meetings SET room_name = $2, started_at = $3, ended_at = $4, "
        "participants_joined = $5, peak_participants = $6, current_participants = $7 "
        "WHERE id = $1",
        {param(row.id), row.room_name, param(row.started_at), param(row.ended_at),
         param(row.participants_joined), param(row.peak_participants),
         param(row.current_participants)});
  }

  std::optional<AttendeeRow> attendee(std::int64_t meeting_id,
                                      const std::string& identity) override {
    const pg::Rows rows =
        db_.query(sql({"SELECT ", columns::kAttendee,
                       " FROM attendees WHERE meeting_id = $1 AND identity = $2"}),
                  {param(meeting_id), identity});
    if (rows.size() == 0) return std::nullopt;
    return read_attendee_row(rows, 0, 0);
  }

  std::vector<AttendeeRow> attendees(std::int64_t meeting_id) override {
    const pg::Rows rows = db_.query(
        sql({"SELECT ", columns::kAttendee,
             " FROM attendees WHERE meeting_id = $1 ORDER BY first_joined_at, identity COLLATE "
             "\"C\""}),
        {param(meeting_id)});
    std::vector<AttendeeRow> out;
    out.reserve(static_cast<std::size_t>(rows.size()));
    for (int row = 0; row < rows.size(); ++row) out.push_back(read_attendee_row(rows, row, 0));
    return out;
  }

  void upsert_attendee(std::int64_t meeting_id, const AttendeeRow& row) override {
    db_.query(
        "INSERT INTO attendees (meeting_id, identity, name, first_joined_at, last_left_at, "
        "present, session_sid, left_sid) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        "ON CONFLICT (meeting_id, identity) DO UPDATE SET name = excluded.name, "
        "first_joined_at = excluded.first_joined_at, last_left_at = excluded.last_left_at, "
        "present = excluded.present, session_sid = excluded.session_sid, "
        "left_sid = excluded.left_sid",
        {param(meeting_id), row.identity, row.name, param(row.first_joined_at),
         param(row.last_left_at), param(std::int64_t{row.present ? 1 : 0}), row.session_sid,
         row.left_sid});
  }

  std::optional<std::pair<std::int64_t, Recording>> recording(
      const std::string& egress_id) override {
    const pg::Rows rows = db_.query(
        sql({"SELECT meeting_id, ", columns::kRecording, " FROM recordings WHERE egress_id = $1"}),
        {egress_id});
    if (rows.size() == 0) return std::nullopt;
    return std::pair{rows.int64(0, 0), read_recording(rows, 0, 1)};
  }

  void upsert_recording(std::int64_t meeting_id, const Recording& recording) override {
    db_.query(
        "INSERT INTO recordings (egress_id, meeting_id, status, started_at, ended_at, location, "
        "error) VALUES ($1, $2, $3, $4, $5, $6, $7) "
        "ON CONFLICT (egress_id) DO UPDATE SET status = excluded.status, "
        "started_at = excluded.started_at, ended_at = excluded.ended_at, "
        "location = excluded.location, error = excluded.error",
        {recording.egress_id, param(meeting_id), recording.status, param(recording.started_at),
         param(recording.ended_at), recording.location, recording.error});
  }

 private:
  pg::Connection& db_;
};

// Full Meetings (attendees and recordings) for meetings rows, with one query per table.
std::vector<Meeting> load_meetings(pg::Connection& db, const std::vector<MeetingRow>& rows) {
  std::vector<Meeting> meetings;
  if (rows.empty()) return meetings;
  std::map<std::int64_t, std::size_t> index;
  std::string ids = "{";
  for (const MeetingRow& row : rows) {
    index[row.id] = meetings.size();
    meetings.push_back(history::to_meeting(row));
    if (ids.size() > 1) ids += ',';
    ids += std::to_string(row.id);
  }
  ids += '}';
  const pg::Rows attendees =
      db.query(sql({"SELECT meeting_id, ", columns::kAttendee,
                    " FROM attendees WHERE meeting_id = ANY ($1::BIGINT[]) "
                    "ORDER BY meeting_id, first_joined_at, identity COLLATE \"C\""}),
               {ids});
  for (int row = 0; row < attendees.size(); ++row) {
    meetings[index.at(attendees.int64(row, 0))].attendees.push_back(
        history::to_attendee(read_attendee_row(attendees, row, 1)));
  }
  const pg::Rows recordings =
      db.query(sql({"SELECT meeting_id, ", columns::kRecording,
                    " FROM recordings WHERE meeting_id = ANY ($1::BIGINT[]) "
                    "ORDER BY meeting_id, started_at, egress_id COLLATE \"C\""}),
               {ids});
  for (int row = 0; row < recordings.size(); ++row) {
    meetings[index.at(recordings.int64(row, 0))].recordings.push_back(
        read_recording(recordings, row, 1));
  }
  return meetings;
}

}  // namespace

PgStore::PgStore(Secret conninfo, const Clock& clock, std::size_t pool_size)
    : conninfo_(std::move(conninfo)),
      clock_(clock),
      pool_size_(std::max<std::size_t>(1, pool_size)) {}

PgStore::~PgStore() = default;

Result<std::unique_ptr<PgStore>, StoreError> PgStore::open(const Secret& conninfo,
                                                           const Clock& clock,
                                                           std::size_t pool_size) {
  if (auto problem = pg::check_conninfo(std::string(conninfo.reveal()))) {
    return fail(StoreError{StoreError::Code::invalid, *problem});
  }
  std::unique_ptr<PgStore> store(new PgStore(conninfo, clock, pool_size));
  auto migrated = store->run<bool>([&](pg::Connection& connection) {
    pg::migrate(connection, clock.now_unix());
    return true;
  });
  if (!migrated) return fail(std::move(migrated).error());
  return store;
}

std::unique_ptr<pg::Connection> PgStore::acquire() {
  std::unique_lock lock(mutex_);
  if (!returned_.wait_for(lock, kPoolWait,
                          [this] { return !idle_.empty() || open_ < pool_size_; })) {
    throw pg::Error("", "every database connection stayed busy for 10 s");
  }
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;
  lock.unlock();
  try {
    return pg::Connection::open(std::string(conninfo_.reveal()));
  } catch (...) {
    lock.lock();
    --open_;
    returned_.notify_one();
    throw;
  }
}

void PgStore::release(std::unique_ptr<pg::Connection> connection) {
  if (!connection) return;
  const bool keep = connection->healthy();
  std::unique_ptr<pg::Connection> dropped;
  {
    const std::lock_guard lock(mutex_);
    if (keep) {
      idle_.push_back(std::move(connection));
    } else {
      dropped = std::move(connection);
      --open_;
    }
  }
  returned_.notify_one();
}

Result<bool, StoreError> PgStore::apply(const HistoryEvent& event) {
  if (event.id.empty()) {
    return fail(StoreError{StoreError::Code::invalid, "history event without an id"});
  }
  return run<bool>([&](pg::Connection& connection) {
    const std::int64_t now = clock_.now_unix();
    pg::Transaction transaction(connection);
    connection.exec(std::string(kApplyLock));
    const pg::Rows seen = connection.query(
        "INSERT INTO applied_events (event_id, event, applied_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (event_id) DO NOTHING",
        {event.id, std::string(to_string(event.kind)), param(now)});
    if (seen.affected() == 0) return false;  // a redelivery: already applied
    PgRows rows(connection);
    history::apply(history::interpret(event, now), rows);
    bool prune = false;
    {
      const std::lock_guard lock(mutex_);
      prune = now - last_prune_ >= kAppliedEventPruneIntervalSeconds;
    }
    if (prune) {
      connection.query("DELETE FROM applied_events WHERE applied_at < $1",
                       {param(now - kAppliedEventRetentionSeconds)});
    }
    transaction.commit();
    if (prune) {
      const std::lock_guard lock(mutex_);
      last_prune_ = now;
    }
    return true;
  });
}

Result<MeetingPage, StoreError> PgStore::list_meetings(std::size_t limit,
                                                       std::optional<std::string> cursor,
                                                       const MeetingFilter& filter) {
  const auto request = history::page_query(limit, cursor);
  if (!request) return fail(request.error());
  const auto& after = request->after;
  // The conditions that apply, numbering their parameters in order.
  std::vector<pg::Param> params;
  std::string where;
  const auto next = [&params](pg::Param value) {
    params.push_back(std::move(value));
    // Appended, not "$" + ...: GCC 12 at -O3 warns (-Wrestrict) on that concatenation.
    std::string placeholder = "$";
    placeholder += std::to_string(params.size());
    return placeholder;
  };
  const auto also = [&where](const std::string& condition) {
    where += where.empty() ? " WHERE " : " AND ";
    where += condition;
  };
  if (after) {
    const std::string started = next(param(after->started_at));
    const std::string id = next(param(after->id));
    also("(started_at < " + started + " OR (started_at = " + started + " AND id < " + id + "))");
  }
  if (filter.room) also("room_name = " + next(*filter.room));
  if (filter.listed_only) {
    also("EXISTS (SELECT 1 FROM hosted_rooms WHERE name = meetings.room_name AND listed = 1)");
  }
  const std::string limit_param = next(param(static_cast<std::int64_t>(request->limit + 1)));
  const std::string text = sql({"SELECT ", columns::kMeeting, " FROM meetings", where,
                                " ORDER BY started_at DESC, id DESC LIMIT ", limit_param});
  return run<MeetingPage>([&](pg::Connection& connection) {
    // One snapshot, so that a page and its attendees are consistent.
    pg::Transaction read(connection, pg::Transaction::Mode::read_snapshot);
    const pg::Rows found = connection.query(text, params);
    std::vector<MeetingRow> rows;
    rows.reserve(static_cast<std::size_t>(found.size()));
    for (int row = 0; row < found.size(); ++row) rows.push_back(read_meeting_row(found, row));
    MeetingPage page;
    page.next_cursor = history::end_page(rows, request->limit);
    page.items = load_meetings(connection, rows);
    read.commit();
    return page;
  });
}

Result<std::optional<RoomActivity>, StoreError> PgStore::room_activity(
    const std::string& room_name) {
  return run<std::optional<RoomActivity>>(
      [&](pg::Connection& connection) -> std::optional<RoomActivity> {
        const pg::Rows found = connection.query(
            "SELECT COUNT(*), MAX(COALESCE(ended_at, started_at)), "
            "MAX(CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END) FROM meetings WHERE room_name = $1",
            {room_name});
        if (found.size() == 0 || found.int64(0, 0) == 0) return std::nullopt;
        return RoomActivity{found.int64(0, 1), found.int64(0, 2) != 0};
      });
}

Result<std::optional<Meeting>, StoreError> PgStore::get_meeting(std::int64_t id) {
  return run<std::optional<Meeting>>([&](pg::Connection& connection) -> std::optional<Meeting> {
    pg::Transaction read(connection, pg::Transaction::Mode::read_snapshot);
    const pg::Rows found = connection.query(
        sql({"SELECT ", columns::kMeeting, " FROM meetings WHERE id = $1"}), {param(id)});
    if (found.size() == 0) return std::nullopt;
    auto meetings = load_meetings(connection, {read_meeting_row(found, 0)});
    read.commit();
    return std::move(meetings.front());
  });
}

}  // namespace lkm::store
