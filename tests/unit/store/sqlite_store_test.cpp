#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>

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
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreError::Code::unavailable);
  EXPECT_NE(opened.error().message.find("cannot open"), std::string::npos)
      << opened.error().message;
}

TEST(SqliteStoreOpen, AnEmptyPathIsInvalid) {
  auto opened = SqliteStore::open("");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreError::Code::invalid);
}

}  // namespace
}  // namespace lkm::store
