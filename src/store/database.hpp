#pragma once
// Database: one database holding both the meeting history (Store) and who may join rooms with a
// host (AccessStore: rooms, credentials, tickets, guessing limits, organizer sessions). Both
// backends, SqliteStore and PgStore, are one; the server opens one and hands the same object out
// as either interface.
#include "store/access.hpp"
#include "store/store.hpp"

namespace lkm::store {

class Database : public Store, public AccessStore {
 public:
  Database() = default;
  ~Database() override = default;
};

}  // namespace lkm::store
