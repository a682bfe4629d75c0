#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace lkm::http {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::string header_of(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

class StaticFilesTest : public testing::Test {
 protected:
  void SetUp() override {
    base_ =
        fs::temp_directory_path() / ("lkm-static-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "web";
    write_file(root_ / "index.html", "<!doctype html><title>app</title>");
    write_file(root_ / "robots.txt", "User-agent: *\n");
    write_file(root_ / "assets" / "index-AbC123xy.js", "console.log('app');");
    write_file(root_ / "assets" / "index-D4k2_sT-.css", "body{}");
    write_file(root_ / "assets" / "logo.svg", "<svg/>");
    write_file(root_ / "assets" / "short-abc.js", "short");
    write_file(root_ / "index-AbC123xy.js", "not under assets");
    write_file(root_ / ".env", "SECRET=1");
    write_file(root_ / ".git" / "config", "[core]");
    write_file(root_ / "sub" / "page.html", "<p>sub</p>");
    write_file(root_ / "%2e%2e" / "odd.txt", "literal percent name");
    write_file(base_ / "secret.txt", "outside the root");
    fs::create_symlink(base_ / "secret.txt", root_ / "escape.txt");
    fs::create_symlink(base_, root_ / "outside");
    fs::create_symlink("robots.txt", root_ / "alias.txt");
  }
  void TearDown() override { fs::remove_all(base_); }

  Response get(std::string_view path, std::string_view if_none_match = {}) {
    raw_ = RawRequest{};
    raw_.method(Method::get);
    raw_.target(path);
    if (!if_none_match.empty()) raw_.set("If-None-Match", if_none_match);
    const Request request(raw_, path, "", "127.0.0.1");
    return files().serve(request, path);
  }
  Response index(std::string_view if_none_match = {}) {
    raw_ = RawRequest{};
    if (!if_none_match.empty()) raw_.set("If-None-Match", if_none_match);
    const Request request(raw_, "/", "", "127.0.0.1");
    return files().serve_index(request);
  }
  StaticFiles& files() {
    if (!files_) files_ = std::make_unique<StaticFiles>(root_);
    return *files_;
  }

  fs::path base_;
  fs::path root_;
  RawRequest raw_;
  std::unique_ptr<StaticFiles> files_;
};

void expect_not_found(const Response& response, std::string_view path) {
  EXPECT_EQ(response.status, 404U) << path;
  EXPECT_EQ(response.payload(), "Not found") << path;
}

TEST_F(StaticFilesTest, ServesAFileWithItsMimeTypeAnEtagAndNoCache) {
  const Response response = get("/robots.txt");
  EXPECT_EQ(response.status, 200U);
  EXPECT_EQ(response.payload(), "User-agent: *\n");
  EXPECT_EQ(response.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(header_of(response, "Cache-Control"), "no-cache");
  const std::string etag = header_of(response, "ETag");
  ASSERT_EQ(etag.size(), 34U);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_EQ(etag.find_first_not_of("0123456789abcdef", 1), 33U);
}

TEST_F(StaticFilesTest, SharesTheCachedContentBetweenRequests) {
  const Response first = get("/assets/index-AbC123xy.js");
  const Response second = get("/assets/index-AbC123xy.js");
  ASSERT_TRUE(first.shared_body && second.shared_body);
  EXPECT_EQ(first.shared_body.get(), second.shared_body.get());
}

TEST_F(StaticFilesTest, MarksHashedAssetsImmutable) {
  const Response js = get("/assets/index-AbC123xy.js");
  EXPECT_EQ(js.status, 200U);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header_of(js, "Cache-Control"), "public, max-age=31536000, immutable");
  const Response css = get("/assets/index-D4k2_sT-.css");
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(header_of(css, "Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, DoesNotMarkUnhashedOrOutsideAssetsFilesImmutable) {
  EXPECT_EQ(header_of(get("/assets/logo.svg"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header_of(get("/assets/short-abc.js"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header_of(get("/index-AbC123xy.js"), "Cache-Control"), "no-cache");
  EXPECT_EQ(get("/assets/logo.svg").content_type, "image/svg+xml");
}

TEST_F(StaticFilesTest, RefusesTraversalInEveryEncoding) {
  for (const char* path : {"/../secret.txt",
                           "/%2e%2e/secret.txt",
                           "/%2E%2E/secret.txt",
                           "/assets/../../secret.txt",
                           "/assets/%2e%2e/%2e%2e/secret.txt",
                           "/..%2fsecret.txt",
                           "/%2e%2e%2fsecret.txt",
                           "/%2e%2e%2Fsecret.txt",
                           "/assets%2findex-AbC123xy.js",
                           "/assets%2Findex-AbC123xy.js",
                           "/assets%5cindex-AbC123xy.js",
                           "/..%5csecret.txt",
                           "/assets\\..\\..\\secret.txt",
                           "/robots.txt%00.png",
                           "/robots.txt%00",
                           "/assets//index-AbC123xy.js",
                           "//robots.txt",
                           "/assets/./index-AbC123xy.js",
                           "/./robots.txt",
                           "/%2e/robots.txt",
                           "/assets/index-AbC123xy.js/",
                           "/%zz",
                           "/robots.txt%",
                           "robots.txt",
                           ""}) {
    expect_not_found(get(path), path);
  }
}

TEST_F(StaticFilesTest, DecodesOnlyOnce) {
  const Response response = get("/%252e%252e/odd.txt");
  EXPECT_EQ(response.status, 200U);
  EXPECT_EQ(response.payload(), "literal percent name");
  expect_not_found(get("/%252e%252e/secret.txt"), "double-encoded traversal");
}

TEST_F(StaticFilesTest, RefusesDotFilesAndDotDirectories) {
  expect_not_found(get("/.env"), "/.env");
  expect_not_found(get("/.git/config"), "/.git/config");
  expect_not_found(get("/%2egit/config"), "/%2egit/config");
  expect_not_found(get("/%2eenv"), "/%2eenv");
}

TEST_F(StaticFilesTest, RefusesSymlinksThatLeaveTheRoot) {
  expect_not_found(get("/escape.txt"), "/escape.txt");
  expect_not_found(get("/outside/secret.txt"), "/outside/secret.txt");
}

TEST_F(StaticFilesTest, FollowsSymlinksThatStayInsideTheRoot) {
  const Response response = get("/alias.txt");
  EXPECT_EQ(response.status, 200U);
  EXPECT_EQ(response.payload(), "User-agent: *\n");
}

TEST_F(StaticFilesTest, AnswersDirectoriesAndMissingFilesWithAFixedNotFound) {
  for (const char* path : {"/", "/sub", "/assets", "/missing.js", "/sub/missing.html"}) {
    const Response response = get(path);
    expect_not_found(response, path);
    EXPECT_EQ(response.content_type, "text/plain; charset=utf-8");
  }
  const Response response = get("/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  expect_not_found(response, "script");
}

TEST_F(StaticFilesTest, AnswersAMatchingIfNoneMatchWith304) {
  const std::string etag = header_of(get("/assets/index-AbC123xy.js"), "ETag");
  for (const std::string& condition : {etag, "W/" + etag, "\"other\", " + etag, std::string("*"),
                                       "\"a\" ,  W/" + etag + " , \"b\""}) {
    const Response response = get("/assets/index-AbC123xy.js", condition);
    EXPECT_EQ(response.status, 304U) << condition;
    EXPECT_TRUE(response.payload().empty());
    EXPECT_EQ(header_of(response, "ETag"), etag);
    EXPECT_EQ(header_of(response, "Cache-Control"), "public, max-age=31536000, immutable");
  }
}

TEST_F(StaticFilesTest, AnswersADifferentIfNoneMatchWithTheFile) {
  for (const char* condition : {"\"0123\"", "W/\"0123\"", "\"\""}) {
    const Response response = get("/robots.txt", condition);
    EXPECT_EQ(response.status, 200U) << condition;
    EXPECT_EQ(response.payload(), "User-agent: *\n");
  }
}

TEST_F(StaticFilesTest, RereadsAFileThatChangedSize) {
  const Response before = get("/robots.txt");
  write_file(root_ / "robots.txt", "User-agent: *\nDisallow: /\n");
  const Response after = get("/robots.txt");
  EXPECT_EQ(after.payload(), "User-agent: *\nDisallow: /\n");
  EXPECT_NE(header_of(before, "ETag"), header_of(after, "ETag"));
}

TEST_F(StaticFilesTest, RereadsAFileThatChangedMtimeWithTheSameSize) {
  const Response before = get("/robots.txt");
  const auto mtime = fs::last_write_time(root_ / "robots.txt");
  write_file(root_ / "robots.txt", "User-agent: X\n");
  fs::last_write_time(root_ / "robots.txt", mtime + std::chrono::seconds(10));
  const Response after = get("/robots.txt");
  EXPECT_EQ(after.payload(), "User-agent: X\n");
  EXPECT_NE(header_of(before, "ETag"), header_of(after, "ETag"));
  EXPECT_EQ(get("/robots.txt", header_of(before, "ETag")).status, 200U);
}

TEST_F(StaticFilesTest, AnswersNotFoundWhenTheRootDisappearsAtRunTime) {
  EXPECT_EQ(get("/robots.txt").status, 200U);
  fs::remove_all(root_);
  expect_not_found(get("/robots.txt"), "/robots.txt");
  expect_not_found(get("/assets/index-AbC123xy.js"), "asset");
  EXPECT_EQ(index().status, 503U);
}

TEST_F(StaticFilesTest, ServesIndexUncachedWithAnEtag) {
  const Response response = index();
  EXPECT_EQ(response.status, 200U);
  EXPECT_EQ(response.payload(), "<!doctype html><title>app</title>");
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header_of(response, "Cache-Control"), "no-cache");
  const std::string etag = header_of(response, "ETag");
  EXPECT_FALSE(etag.empty());
  EXPECT_EQ(index(etag).status, 304U);
}

TEST_F(StaticFilesTest, FiltersIndexOncePerChangeWithTheEtagOfTheResult) {
  int calls = 0;
  files_ = std::make_unique<StaticFiles>(root_, [&calls](std::string_view html) {
    ++calls;
    return "<!-- filtered -->" + std::string(html);
  });
  const Response first = index();
  EXPECT_EQ(first.payload(), "<!-- filtered --><!doctype html><title>app</title>");
  const Response direct = get("/index.html");
  EXPECT_EQ(direct.payload(), first.payload());
  EXPECT_EQ(calls, 1);
  write_file(root_ / "index.html", "<p>new build</p>");
  const Response changed = index(header_of(first, "ETag"));
  EXPECT_EQ(changed.status, 200U);
  EXPECT_EQ(changed.payload(), "<!-- filtered --><p>new build</p>");
  EXPECT_EQ(calls, 2);
  // A different filter over the same file yields a different ETag, so browsers revalidate.
  StaticFiles plain(root_);
  raw_ = RawRequest{};
  EXPECT_NE(header_of(plain.serve_index(Request(raw_, "/", "", "127.0.0.1")), "ETag"),
            header_of(changed, "ETag"));
}

TEST_F(StaticFilesTest, AnswersIndexWith503WhenTheAppIsNotInstalled) {
  fs::remove(root_ / "index.html");
  const Response response = index();
  EXPECT_EQ(response.status, 503U);
  EXPECT_EQ(response.payload(), "The web app is not installed");
}

TEST(MimeType, KnowsTheFrontEndTypes) {
  EXPECT_EQ(mime_type("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("a.wasm"), "application/wasm");
  EXPECT_EQ(mime_type("a.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("a.png"), "image/png");
  EXPECT_EQ(mime_type("a.jpg"), "image/jpeg");
  EXPECT_EQ(mime_type("favicon.ico"), "image/x-icon");
  EXPECT_EQ(mime_type("font.woff2"), "font/woff2");
  EXPECT_EQ(mime_type("data.json"), "application/json");
  EXPECT_EQ(mime_type("a.js.map"), "application/json");
  EXPECT_EQ(mime_type("notes.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(mime_type("/assets/UPPER.PNG"), "image/png");
}

TEST(MimeType, FallsBackToOctetStream) {
  EXPECT_EQ(mime_type("README"), "application/octet-stream");
  EXPECT_EQ(mime_type("a.exe"), "application/octet-stream");
  EXPECT_EQ(mime_type("dir.js/file"), "application/octet-stream");
  EXPECT_EQ(mime_type(""), "application/octet-stream");
}

}  // namespace
}  // namespace lkm::http
