#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "store_fixture.hpp"

namespace lkm::store {
namespace {

using testing::TempDir;

TEST(SqliteStoreOpen, AFileThatIsNotADatabaseIsReportedCorrupt) {
  TempDir dir;
  const auto file = dir.path() / "notes.txt";
  {
    std::ofstream out(file);
    out << std::string(4096, 'x') << "this is not a database\n";
  }
  const auto size = std::filesystem::file_size(file);
  auto opened = SqliteStore::open(file);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreError::Code::corrupt);
  EXPECT_EQ(std::filesystem::file_size(file), size);  // left as it was
  EXPECT_NE(opened.error().message.find(file.string()), std::string::npos)
      << opened.error().message;
}

TEST(SqliteStoreOpen, APathInAMissingDirectoryGivesAClearError) {
  TempDir dir;
  const auto file = dir.path() / "missing" / "history.db";
  auto opened = SqliteStore::open(file);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreError::Code::unavailable);
  EXPECT_NE(opened.error().message.find(file.string()), std::string::npos)
      << opened.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing"));
}

TEST(SqliteStoreOpen, ADirectoryInsteadOfAFileGivesAClearError) {
  TempDir dir;
  auto opened = SqliteStore::open(dir.path());
  std::filesystem::remove(dir.path().string() + ".lock");  // the owner lock sits beside it
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreError::Code::unavailable);
  EXPECT_NE(opened.error().message.find("cannot open"), std::string::npos)
      << opened.error().message;
}

TEST(SqliteStoreOpen, ASecondOwnerOfTheFileIsRefusedUntilTheFirstCloses) {
  TempDir dir;
  const auto file = dir.path() / "meetings.db";
  {
    auto first = SqliteStore::open(file);
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto second = SqliteStore::open(file);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, StoreError::Code::unavailable);
    EXPECT_NE(second.error().message.find(file.string()), std::string::npos)
        << second.error().message;
    EXPECT_NE(second.error().message.find("another process uses it"), std::string::npos)
        << second.error().message;
    // The refused open left the first store's locks alone: it still writes.
    auto created =
        (*first)->create_room(HostedRoom{"standup", "", false, false, false, 1, 1, ""}, "host", 0);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_TRUE(*created);
  }
  auto third = SqliteStore::open(file);
  ASSERT_TRUE(third.ok()) << third.error().message;
  auto found = (*third)->hosted_room("standup");
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_TRUE(found->has_value());
}

mode_t mode_of(const std::filesystem::path& file) {
  struct stat info {};
  EXPECT_EQ(::stat(file.c_str(), &info), 0) << file;
  return info.st_mode & 07777;
}

// With the usual umask (022) SQLite makes its files 0644: every local user could read the
// meeting history (room and participant names, host credential hashes).
TEST(SqliteStoreOpen, MakesTheDatabaseItsJournalsAndTheLockPrivate) {
  TempDir dir;
  const auto file = dir.path() / "meetings.db";
  const mode_t old_umask = ::umask(022);
  {
    auto store = SqliteStore::open(file);
    ::umask(old_umask);
    ASSERT_TRUE(store.ok()) << store.error().message;
    for (const char* suffix : {"", "-wal", "-shm", ".lock"}) {
      const std::filesystem::path path = file.string() + suffix;
      ASSERT_TRUE(std::filesystem::exists(path)) << path;
      EXPECT_EQ(mode_of(path), 0600U) << path;
    }
  }
}

TEST(SqliteStoreOpen, TightensFilesAnOlderRunLeftReadableByOthers) {
  TempDir dir;
  const auto file = dir.path() / "meetings.db";
  { ASSERT_TRUE(SqliteStore::open(file).ok()); }
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) {
    const std::filesystem::path path = file.string() + suffix;
    if (!std::filesystem::exists(path)) {
      std::ofstream touch(path);  // a journal a crashed run left behind
    }
    ASSERT_EQ(::chmod(path.c_str(), 0644), 0) << path;
  }
  auto store = SqliteStore::open(file);
  ASSERT_TRUE(store.ok()) << store.error().message;
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) {
    EXPECT_EQ(mode_of(file.string() + suffix), 0600U) << suffix;
  }
}

TEST(SqliteStoreOpen, AnEmptyPathIsInvalid) {
  auto opened = SqliteStore::open("");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreError::Code::invalid);
}

}  // namespace
}  // namespace lkm::store
