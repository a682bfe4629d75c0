#pragma once
// PgStore::run, shared by the files that implement PgStore (pg_store.cpp, pg_access.cpp).
#include <exception>
#include <new>
#include <utility>

#include "store/pg.hpp"
#include "store/pg_store.hpp"

namespace lkm::store {

template <class T, class Body>
inline Result<T, StoreError> PgStore::run(Body&& body) {
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<pg::Connection> connection;
    try {
      connection = acquire();
      T value = body(*connection);
      release(std::move(connection));
      return value;
    } catch (const pg::Error& error) {
      release(std::move(connection));
      if (attempt == 0 && (error.connection_lost() || error.retryable())) continue;
      return fail(pg::to_store_error(error));
    } catch (const std::bad_alloc&) {
      release(std::move(connection));
      return fail(StoreError{StoreError::Code::unavailable, "out of memory"});
    } catch (const std::exception& error) {
      release(std::move(connection));
      return fail(StoreError{StoreError::Code::unavailable, error.what()});
    }
  }
}

}  // namespace lkm::store
