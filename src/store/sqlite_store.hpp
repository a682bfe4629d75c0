#pragma once
// SqliteStore: the meeting history in one SQLite file (WAL journal, 5 s busy timeout, foreign
// keys on, schema migrations on open). Thread-safe: one connection behind a mutex.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/clock.hpp"
#include "store/store.hpp"

namespace lkm::store {

namespace sqlite {
class Connection;
}

class SqliteStore final : public Store {
 public:
  // Opens `file` (created when missing; its directory must exist) and migrates it. `clock`
  // stands in for missing event times and stamps applied events; it must outlive the store.
  static Result<std::unique_ptr<SqliteStore>, StoreError> open(const std::filesystem::path& file);
  static Result<std::unique_ptr<SqliteStore>, StoreError> open(const std::filesystem::path& file,
                                                               const Clock& clock);
  ~SqliteStore() override;

  Result<bool, StoreError> apply(const livekit::WebhookEvent& event) override;
  Result<MeetingPage, StoreError> list_meetings(std::size_t limit,
                                                std::optional<std::string> cursor) override;
  Result<std::optional<Meeting>, StoreError> get_meeting(std::int64_t id) override;

 private:
  SqliteStore(std::unique_ptr<sqlite::Connection> connection, const Clock& clock);

  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> connection_;
  const Clock& clock_;
  std::int64_t last_prune_ = 0;  // when applied event ids were last pruned
};

}  // namespace lkm::store
