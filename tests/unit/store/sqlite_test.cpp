#include "store/sqlite.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "store_fixture.hpp"

namespace lkm::store::sqlite {
namespace {

using lkm::store::testing::TempDir;

TEST(SqliteErrors, ResultCodesMapToStoreErrorCodes) {
  EXPECT_EQ(classify(SQLITE_FULL), StoreError::Code::full);
  EXPECT_EQ(classify(SQLITE_CORRUPT), StoreError::Code::corrupt);
  EXPECT_EQ(classify(SQLITE_NOTADB), StoreError::Code::corrupt);
  EXPECT_EQ(classify(SQLITE_CORRUPT_INDEX), StoreError::Code::corrupt);
  EXPECT_EQ(classify(SQLITE_BUSY), StoreError::Code::unavailable);
  EXPECT_EQ(classify(SQLITE_BUSY_SNAPSHOT), StoreError::Code::unavailable);
  EXPECT_EQ(classify(SQLITE_LOCKED), StoreError::Code::unavailable);
  EXPECT_EQ(classify(SQLITE_CANTOPEN), StoreError::Code::unavailable);
  EXPECT_EQ(classify(SQLITE_IOERR_WRITE), StoreError::Code::unavailable);
  EXPECT_EQ(classify(SQLITE_READONLY), StoreError::Code::unavailable);
  EXPECT_EQ(classify(SQLITE_CONSTRAINT_UNIQUE), StoreError::Code::invalid);
}

TEST(SqliteConnection, AFullDatabaseThrowsFullAndKeepsEarlierData) {
  TempDir dir;
  auto db = Connection::open(dir.path() / "small.db");
  db->exec("CREATE TABLE t (v TEXT NOT NULL)");
  db->exec("INSERT INTO t VALUES ('kept')");
  db->exec("PRAGMA max_page_count = 4");  // a tiny quota stands in for a full disk
  try {
    Transaction transaction(*db);
    Statement insert(*db, "INSERT INTO t VALUES (?1)");
    insert.bind(1, std::string(std::size_t{64} * 1024, 'x')).run();
    transaction.commit();
    FAIL() << "expected SQLITE_FULL";
  } catch (const Error& error) {
    EXPECT_EQ(to_store_error(error).code, StoreError::Code::full) << error.what();
  }
  Statement count(*db, "SELECT COUNT(*), MIN(v) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int64(0), 1);
  EXPECT_EQ(count.text(1), "kept");
}

TEST(SqliteConnection, ATransactionNotCommittedIsRolledBack) {
  TempDir dir;
  auto db = Connection::open(dir.path() / "t.db");
  db->exec("CREATE TABLE t (v INTEGER)");
  {
    Transaction transaction(*db);
    db->exec("INSERT INTO t VALUES (1)");
  }
  Statement count(*db, "SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int64(0), 0);
}

TEST(SqliteConnection, TheJournalIsWalAndForeignKeysAreOn) {
  TempDir dir;
  auto db = Connection::open(dir.path() / "t.db");
  Statement journal(*db, "PRAGMA journal_mode");
  ASSERT_TRUE(journal.step());
  EXPECT_EQ(journal.text(0), "wal");
  Statement keys(*db, "PRAGMA foreign_keys");
  ASSERT_TRUE(keys.step());
  EXPECT_EQ(keys.int64(0), 1);
}

TEST(SqliteStatement, TextWithNulBytesAndNullsRoundTrip) {
  TempDir dir;
  auto db = Connection::open(dir.path() / "t.db");
  db->exec("CREATE TABLE t (s TEXT, n BIGINT)");
  const std::string odd("a\0b\xff", 4);
  Statement insert(*db, "INSERT INTO t VALUES (?1, ?2)");
  insert.bind(1, odd).bind(2, std::optional<std::int64_t>{}).run();
  Statement read(*db, "SELECT s, n FROM t");
  ASSERT_TRUE(read.step());
  EXPECT_EQ(read.text(0), odd);
  EXPECT_FALSE(read.optional_int64(1));
}

// Statements are compiled once per SQL text and reused: a reused one starts with no bound values
// and no half-read rows, the same text may be open twice at once, and a schema change recompiles.
TEST(SqliteStatement, ReusedStatementsStartClean) {
  TempDir dir;
  auto db = Connection::open(dir.path() / "t.db");
  db->exec("CREATE TABLE t (k INTEGER, v TEXT)");
  constexpr std::string_view kInsert = "INSERT INTO t (k, v) VALUES (?1, ?2)";
  constexpr std::string_view kRead = "SELECT v FROM t WHERE k = ?1 OR ?1 IS NULL ORDER BY k";
  Statement(*db, kInsert).bind(1, 1).bind(2, "one").run();
  Statement(*db, kInsert).bind(1, 2).bind(2, "two").run();
  const sqlite3_stmt* first = nullptr;
  {
    Statement read(*db, kRead);
    read.bind(1, 1);
    ASSERT_TRUE(read.step());
    EXPECT_EQ(read.text(0), "one");
    first = sqlite3_next_stmt(db->handle(), nullptr);
  }  // left half-read, with a value bound
  {
    Statement again(*db, kRead);  // nothing bound: ?1 IS NULL, every row from the start
    ASSERT_TRUE(again.step());
    EXPECT_EQ(again.text(0), "one");
    Statement nested(*db, kRead);  // the same text while the first is open
    nested.bind(1, 2);
    ASSERT_TRUE(nested.step());
    EXPECT_EQ(nested.text(0), "two");
    ASSERT_TRUE(again.step());
    EXPECT_EQ(again.text(0), "two");
    EXPECT_FALSE(again.step());
  }
  int compiled = 0;
  for (auto* stmt = sqlite3_next_stmt(db->handle(), nullptr); stmt != nullptr;
       stmt = sqlite3_next_stmt(db->handle(), stmt)) {
    ++compiled;
  }
  EXPECT_EQ(compiled, 2) << "one kept statement per text, none left over";
  EXPECT_NE(first, nullptr);
  db->exec("ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'x'");
  Statement after(*db, kRead);
  after.bind(1, 2);
  ASSERT_TRUE(after.step());
  EXPECT_EQ(after.text(0), "two");
  // A write after the reads: a kept statement holds no read lock.
  Transaction transaction(*db);
  Statement(*db, kInsert).bind(1, 3).bind(2, "three").run();
  transaction.commit();
}

TEST(SqliteStatement, BadSqlThrowsWithTheMessage) {
  TempDir dir;
  auto db = Connection::open(dir.path() / "t.db");
  try {
    Statement bad(*db, "SELEKT 1");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("syntax error"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace lkm::store::sqlite
