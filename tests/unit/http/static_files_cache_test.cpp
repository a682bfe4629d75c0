// StaticFiles' content cache: bounded in bytes, least recently used entries dropped first.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "http/static_files.hpp"

namespace lkm::http {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

// `size` bytes of the name's first letter: each file's content tells it apart.
std::string content_of(std::string_view name, std::size_t size) {
  return std::string(size, name.front());
}

class StaticFilesCacheTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() / ("lkm-static-cache-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    write_file(root_ / "index.html", "<p>app</p>");
  }
  void TearDown() override { fs::remove_all(root_); }

  void write_sized(std::string_view name, std::size_t size) {
    write_file(root_ / name, content_of(name, size));
  }
  StaticFiles& files(std::size_t cache_bytes, ContentFilter index_filter = {}) {
    StaticFilesOptions options;
    options.cache_bytes = cache_bytes;
    files_ = std::make_unique<StaticFiles>(root_, std::move(index_filter), options);
    return *files_;
  }
  // GET /<name>, with Accept-Encoding when given.
  Response get(std::string_view name, std::string_view accept_encoding = {}) {
    RawRequest raw;
    raw.method(Method::get);
    const std::string path = "/" + std::string(name);
    raw.target(path);
    if (!accept_encoding.empty()) raw.set("Accept-Encoding", accept_encoding);
    const Request request(raw, path, "", "127.0.0.1");
    return files_->serve(request, path);
  }
  // GET /<name>, checked to answer the file's `size` bytes.
  Response get_sized(std::string_view name, std::size_t size) {
    Response response = get(name);
    EXPECT_EQ(response.status, 200U) << name;
    EXPECT_EQ(response.payload(), content_of(name, size)) << name;
    return response;
  }

  fs::path root_;
  std::unique_ptr<StaticFiles> files_;
};

TEST_F(StaticFilesCacheTest, HoldsAtMost64MiBByDefault) {
  EXPECT_EQ(StaticFilesOptions{}.cache_bytes, std::size_t{64} * 1024 * 1024);
  const StaticFiles defaults(root_);
  EXPECT_EQ(defaults.options().cache_bytes, std::size_t{64} * 1024 * 1024);
}

TEST_F(StaticFilesCacheTest, CountsTheContentOfEachCachedFile) {
  write_sized("a.txt", 40);
  write_sized("b.txt", 25);
  files(100);
  EXPECT_EQ(files_->cached_entries(), 0U);
  get_sized("a.txt", 40);
  get_sized("b.txt", 25);
  EXPECT_TRUE(files_->is_cached("a.txt"));
  EXPECT_TRUE(files_->is_cached("b.txt"));
  EXPECT_FALSE(files_->is_cached("index.html"));
  EXPECT_EQ(files_->cached_entries(), 2U);
  EXPECT_EQ(files_->cached_bytes(), 65U);
  // A hit adds nothing.
  get_sized("a.txt", 40);
  EXPECT_EQ(files_->cached_entries(), 2U);
  EXPECT_EQ(files_->cached_bytes(), 65U);
}

TEST_F(StaticFilesCacheTest, EvictsTheLeastRecentlyUsedEntryFirst) {
  for (const char* name : {"a.txt", "b.txt", "c.txt", "d.txt"}) write_sized(name, 40);
  files(100);
  get_sized("a.txt", 40);
  get_sized("b.txt", 40);
  get_sized("c.txt", 40);  // 120 bytes: a, the oldest, goes
  EXPECT_FALSE(files_->is_cached("a.txt"));
  EXPECT_TRUE(files_->is_cached("b.txt"));
  EXPECT_TRUE(files_->is_cached("c.txt"));
  EXPECT_EQ(files_->cached_bytes(), 80U);
  get_sized("d.txt", 40);  // then b
  EXPECT_FALSE(files_->is_cached("b.txt"));
  EXPECT_TRUE(files_->is_cached("c.txt"));
  EXPECT_TRUE(files_->is_cached("d.txt"));
  // An evicted file is read again, and cached again in place of the oldest.
  get_sized("a.txt", 40);
  EXPECT_TRUE(files_->is_cached("a.txt"));
  EXPECT_FALSE(files_->is_cached("c.txt"));
  EXPECT_TRUE(files_->is_cached("d.txt"));
  EXPECT_EQ(files_->cached_entries(), 2U);
  EXPECT_EQ(files_->cached_bytes(), 80U);
}

TEST_F(StaticFilesCacheTest, KeepsAnEntryUsedSinceItWasCached) {
  for (const char* name : {"a.txt", "b.txt", "c.txt"}) write_sized(name, 40);
  files(100);
  const Response first = get_sized("a.txt", 40);
  get_sized("b.txt", 40);
  const Response again = get_sized("a.txt", 40);  // a is now the most recently used
  EXPECT_EQ(first.shared_body.get(), again.shared_body.get());
  get_sized("c.txt", 40);
  EXPECT_TRUE(files_->is_cached("a.txt"));
  EXPECT_FALSE(files_->is_cached("b.txt"));
  EXPECT_TRUE(files_->is_cached("c.txt"));
  EXPECT_EQ(get_sized("a.txt", 40).shared_body.get(), first.shared_body.get());
}

TEST_F(StaticFilesCacheTest, LooksWithoutCountingAsAUse) {
  for (const char* name : {"a.txt", "b.txt", "c.txt"}) write_sized(name, 40);
  files(100);
  get_sized("a.txt", 40);
  get_sized("b.txt", 40);
  EXPECT_TRUE(files_->is_cached("a.txt"));
  EXPECT_EQ(files_->cached_bytes(), 80U);
  get_sized("c.txt", 40);
  EXPECT_FALSE(files_->is_cached("a.txt"));
}

TEST_F(StaticFilesCacheTest, NeverCachesAFileLargerThanTheBound) {
  write_sized("a.txt", 40);
  write_sized("big.txt", 101);
  files(100);
  get_sized("a.txt", 40);
  const Response first = get_sized("big.txt", 101);
  // Served whole, with its ETag and its descriptor, just not kept.
  EXPECT_FALSE(first.file == nullptr);
  bool has_etag = false;
  for (const auto& [name, value] : first.headers) has_etag = has_etag || name == "ETag";
  EXPECT_TRUE(has_etag);
  EXPECT_FALSE(files_->is_cached("big.txt"));
  // Nothing was dropped to make room for it.
  EXPECT_TRUE(files_->is_cached("a.txt"));
  EXPECT_EQ(files_->cached_entries(), 1U);
  EXPECT_EQ(files_->cached_bytes(), 40U);
  // Read again for the next request.
  const Response second = get_sized("big.txt", 101);
  EXPECT_NE(first.shared_body.get(), second.shared_body.get());
  EXPECT_FALSE(files_->is_cached("big.txt"));
}

TEST_F(StaticFilesCacheTest, CachesAFileOfExactlyTheBoundAlone) {
  write_sized("a.txt", 40);
  write_sized("full.txt", 100);
  files(100);
  get_sized("a.txt", 40);
  get_sized("full.txt", 100);
  EXPECT_TRUE(files_->is_cached("full.txt"));
  EXPECT_FALSE(files_->is_cached("a.txt"));
  EXPECT_EQ(files_->cached_entries(), 1U);
  EXPECT_EQ(files_->cached_bytes(), 100U);
}

TEST_F(StaticFilesCacheTest, NeverHoldsMoreThanTheBound) {
  const std::vector<std::pair<std::string, std::size_t>> sized = {
      {"a.txt", 10}, {"b.txt", 35}, {"c.txt", 60}, {"d.txt", 99}, {"e.txt", 100},
      {"f.txt", 1},  {"g.txt", 45}, {"h.txt", 70}, {"i.txt", 20}, {"j.txt", 130}};
  for (const auto& [name, size] : sized) write_sized(name, size);
  files(100);
  for (std::size_t round = 0; round < 60; ++round) {
    const std::size_t step = (round * 3 + round / 10) % sized.size();  // an order that shifts
    get_sized(sized[step].first, sized[step].second);
    std::size_t listed = 0;
    std::size_t entries = 0;
    for (const auto& [name, size] : sized) {
      if (!files_->is_cached(name)) continue;
      listed += size;
      ++entries;
    }
    ASSERT_LE(files_->cached_bytes(), 100U) << "round " << round;
    ASSERT_EQ(files_->cached_bytes(), listed) << "round " << round;
    ASSERT_EQ(files_->cached_entries(), entries) << "round " << round;
    ASSERT_TRUE(sized[step].second > 100 || files_->is_cached(sized[step].first));
  }
}

TEST_F(StaticFilesCacheTest, CountsARewrittenFileOnlyOnce) {
  write_sized("a.txt", 40);
  files(100);
  get_sized("a.txt", 40);
  write_sized("a.txt", 60);
  get_sized("a.txt", 60);
  EXPECT_EQ(files_->cached_entries(), 1U);
  EXPECT_EQ(files_->cached_bytes(), 60U);
  // Grown past the bound: the stale entry goes too.
  write_sized("a.txt", 150);
  get_sized("a.txt", 150);
  EXPECT_FALSE(files_->is_cached("a.txt"));
  EXPECT_EQ(files_->cached_entries(), 0U);
  EXPECT_EQ(files_->cached_bytes(), 0U);
}

TEST_F(StaticFilesCacheTest, CountsVariantsAndTheFilteredIndex) {
  write_sized("app.js", 50);
  write_file(root_ / "app.js.br", "brotli bytes");  // 12 bytes
  files(1000, [](std::string_view html) { return std::string(html).append("<!-- 16 more -->"); });
  EXPECT_EQ(get("app.js", "br").payload(), "brotli bytes");
  EXPECT_TRUE(files_->is_cached("app.js.br"));
  EXPECT_FALSE(files_->is_cached("app.js"));
  EXPECT_EQ(files_->cached_bytes(), 12U);
  RawRequest raw;
  const Response index = files_->serve_index(Request(raw, "/", "", "127.0.0.1"));
  EXPECT_EQ(index.payload(), "<p>app</p><!-- 16 more -->");
  EXPECT_TRUE(files_->is_cached("index.html"));
  EXPECT_EQ(files_->cached_bytes(), 12U + 26U);
}

TEST_F(StaticFilesCacheTest, CachesNothingWithABoundOfZero) {
  write_sized("a.txt", 1);
  files(0);
  const Response first = get_sized("a.txt", 1);
  const Response second = get_sized("a.txt", 1);
  EXPECT_NE(first.shared_body.get(), second.shared_body.get());
  EXPECT_EQ(files_->cached_entries(), 0U);
  EXPECT_EQ(files_->cached_bytes(), 0U);
}

TEST_F(StaticFilesCacheTest, StaysWithinTheBoundUnderConcurrentRequests) {
  const std::vector<std::string> names = {"a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"};
  for (const std::string& name : names) write_sized(name, 30);
  files(100);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([this, t, &names, &wrong] {
      for (std::size_t i = 0; i < 300; ++i) {
        const std::string& name = names[(i * (t + 1) + t) % names.size()];
        RawRequest raw;
        raw.method(Method::get);
        const std::string path = "/" + name;
        raw.target(path);
        const Response response = files_->serve(Request(raw, path, "", "127.0.0.1"), path);
        if (response.status != 200 || response.payload() != content_of(name, 30)) ++wrong;
        if (files_->cached_bytes() > 100) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(files_->cached_bytes(), 100U);
  EXPECT_EQ(files_->cached_bytes(), files_->cached_entries() * 30);
}

}  // namespace
}  // namespace lkm::http
