#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>

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

bool has_header(const Response& response, std::string_view name) {
  for (const auto& header : response.headers) {
    if (header.first == name) return true;
  }
  return false;
}

constexpr std::string_view kAppJs = "console.log('app');";
constexpr std::string_view kAppBr = "brotli bytes of app";
constexpr std::string_view kAppGz = "gzip bytes of app, longer";

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
  // A request with one Accept-Encoding field per element of `accept_encoding` (none when empty).
  Response get_encoded(std::string_view path,
                       std::initializer_list<std::string_view> accept_encoding,
                       std::string_view if_none_match = {}, Method method = Method::get) {
    raw_ = RawRequest{};
    raw_.method(method);
    raw_.target(path);
    for (const std::string_view value : accept_encoding) raw_.insert("Accept-Encoding", value);
    if (!if_none_match.empty()) raw_.set("If-None-Match", if_none_match);
    const Request request(raw_, path, "", "127.0.0.1");
    return files().serve(request, path);
  }
  Response get_app(std::string_view accept_encoding, std::string_view if_none_match = {}) {
    return get_encoded("/assets/index-AbC123xy.js", {accept_encoding}, if_none_match);
  }
  // Both precompressed variants of the hashed app bundle.
  void write_app_variants() {
    write_file(root_ / "assets" / "index-AbC123xy.js.br", kAppBr);
    write_file(root_ / "assets" / "index-AbC123xy.js.gz", kAppGz);
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

// The bytes of an open file from its start, as sendfile would send them.
std::string file_bytes(const OpenFile& file) {
  std::string out(1 << 16, '\0');
  const ssize_t n = ::pread(file.fd(), out.data(), out.size(), 0);
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

TEST_F(StaticFilesTest, HandsOverTheOpenFileHoldingExactlyTheBody) {
  const Response plain = get("/robots.txt");
  ASSERT_TRUE(plain.file);
  EXPECT_EQ(file_bytes(*plain.file), plain.payload());
  write_app_variants();
  const Response br = get_app("br");
  ASSERT_TRUE(br.file);
  EXPECT_EQ(file_bytes(*br.file), kAppBr);
  // Through a symlink inside the root (resolved by hand): the target's bytes.
  const Response alias = get("/alias.txt");
  ASSERT_TRUE(alias.file);
  EXPECT_EQ(file_bytes(*alias.file), "User-agent: *\n");
  // Not for a 304, nor for index.html, whose body is rewritten.
  EXPECT_FALSE(get("/robots.txt", header_of(plain, "ETag")).file);
  EXPECT_FALSE(index().file);
  // A file changed since it was cached: the new bytes, in memory and in the file alike.
  write_file(root_ / "robots.txt", "User-agent: *\nDisallow: /\n");
  const Response changed = get("/robots.txt");
  ASSERT_TRUE(changed.file);
  EXPECT_EQ(changed.payload(), "User-agent: *\nDisallow: /\n");
  EXPECT_EQ(file_bytes(*changed.file), changed.payload());
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

// The inode's change time moves with any change, a chmod included, and cannot be set back.
TEST_F(StaticFilesTest, RereadsAFileRewrittenWithItsSizeAndMtimeKept) {
  const Response before = get("/robots.txt");
  const auto mtime = fs::last_write_time(root_ / "robots.txt");
  write_file(root_ / "robots.txt", "User-agent: X\n");
  fs::last_write_time(root_ / "robots.txt", mtime);
  const Response after = get("/robots.txt");
  EXPECT_EQ(after.payload(), "User-agent: X\n");
  EXPECT_NE(header_of(before, "ETag"), header_of(after, "ETag"));
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
  EXPECT_EQ(response.payload(), "The web app is not installed (index.html is missing)");
  EXPECT_EQ(header_of(response, "Cache-Control"), "no-store");
  fs::remove_all(root_);
  EXPECT_EQ(index().payload(), "The web app is not installed (index.html is missing)");
}

TEST_F(StaticFilesTest, AnswersIndexWith503WhenItCannotBeRead) {
  fs::remove(root_ / "index.html");
  fs::create_directory(root_ / "index.html");
  const Response response = index();
  EXPECT_EQ(response.status, 503U);
  EXPECT_EQ(response.payload(), "The web app cannot be read from its web root");
  fs::remove(root_ / "index.html");
  write_file(root_ / "index.html", "<p>back</p>");
  if (::geteuid() == 0) GTEST_SKIP() << "permissions do not stop root";
  fs::permissions(root_ / "index.html", fs::perms::none);
  EXPECT_EQ(index().payload(), "The web app cannot be read from its web root");
}

// Precompressed variants. The variant files hold marker text: the server never decodes them.

void expect_encoded(const Response& response, std::string_view coding, std::string_view body,
                    std::string_view context) {
  EXPECT_EQ(response.status, 200U) << context;
  EXPECT_EQ(response.payload(), body) << context;
  if (coding.empty()) {
    EXPECT_FALSE(has_header(response, "Content-Encoding")) << context;
  } else {
    EXPECT_EQ(header_of(response, "Content-Encoding"), coding) << context;
  }
}

TEST_F(StaticFilesTest, PrefersBrotliWhenBothCodingsAreAccepted) {
  write_app_variants();
  for (const char* accept : {"gzip, deflate, br", "br, gzip", "gzip;q=1.0, br;q=0.1", "br,gzip"}) {
    const Response response = get_app(accept);
    expect_encoded(response, "br", kAppBr, accept);
    EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8") << accept;
    EXPECT_EQ(header_of(response, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(header_of(response, "Vary"), "Accept-Encoding") << accept;
  }
}

TEST_F(StaticFilesTest, ServesGzipWhenOnlyGzipIsAccepted) {
  write_app_variants();
  for (const char* accept :
       {"gzip", "gzip, deflate", "br;q=0, gzip", "x-gzip", "deflate, gzip;q=0.5"}) {
    const Response response = get_app(accept);
    expect_encoded(response, "gzip", kAppGz, accept);
    EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8") << accept;
    EXPECT_EQ(header_of(response, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(header_of(response, "Vary"), "Accept-Encoding") << accept;
  }
}

TEST_F(StaticFilesTest, ServesTheOriginalWhenNoCodingIsAccepted) {
  write_app_variants();
  for (const char* accept : {"", "identity", "deflate", "br;q=0", "br;q=0.000, gzip;q=0", "*;q=0",
                             "br;q=0, gzip;q=0, *", "compress, zstd", "brotli, gzipped"}) {
    const Response response = get_app(accept);
    expect_encoded(response, "", kAppJs, accept);
    EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8") << accept;
    EXPECT_EQ(header_of(response, "Vary"), "Accept-Encoding") << accept;
  }
  expect_encoded(get_encoded("/assets/index-AbC123xy.js", {}), "", kAppJs, "no Accept-Encoding");
}

TEST_F(StaticFilesTest, ReadsAcceptEncodingCaseInsensitivelyWithQValues) {
  write_app_variants();
  expect_encoded(get_app("BR;Q=0.5"), "br", kAppBr, "upper case");
  expect_encoded(get_app("GZip ; q=1"), "gzip", kAppGz, "mixed case, spaces");
  expect_encoded(get_app("br;q=0.001"), "br", kAppBr, "smallest positive q");
  expect_encoded(get_app("br;q=1.000"), "br", kAppBr, "q=1.000");
  expect_encoded(get_app("br;q=0., gzip"), "gzip", kAppGz, "q=0.");
  expect_encoded(get_app("br; q=0 , gzip; q=0.8"), "gzip", kAppGz, "spaces around parameters");
  expect_encoded(get_app("br, br;q=0"), "", kAppJs, "a refusal wins over a repeat");
  // Malformed q-values drop their entry.
  for (const char* accept : {"br;q=2, gzip", "br;q=abc, gzip", "br;q=0.0001, gzip",
                             "br;q=1.5, gzip", "br;q=, gzip", "br;q=-1, gzip"}) {
    expect_encoded(get_app(accept), "gzip", kAppGz, accept);
  }
  // Every Accept-Encoding field counts.
  expect_encoded(get_encoded("/assets/index-AbC123xy.js", {"gzip", "br"}), "br", kAppBr,
                 "two fields");
}

TEST_F(StaticFilesTest, CountsTheWildcardAsEveryCodingNotNamed) {
  write_app_variants();
  expect_encoded(get_app("*"), "br", kAppBr, "*");
  expect_encoded(get_app("*;q=0.1"), "br", kAppBr, "*;q=0.1");
  expect_encoded(get_app("*, br;q=0"), "gzip", kAppGz, "*, br;q=0");
  expect_encoded(get_app("br;q=0, *"), "gzip", kAppGz, "br;q=0, *");
  expect_encoded(get_app("*;q=0, gzip"), "gzip", kAppGz, "*;q=0, gzip");
  expect_encoded(get_app("*;q=0, br"), "br", kAppBr, "*;q=0, br");
}

TEST_F(StaticFilesTest, AddsVaryOnlyToFilesThatHaveAVariant) {
  write_file(root_ / "assets" / "logo.svg.gz", "gzipped svg");
  EXPECT_FALSE(has_header(get_encoded("/robots.txt", {"br, gzip"}), "Vary"));
  EXPECT_FALSE(has_header(get_encoded("/robots.txt", {}), "Vary"));
  for (const std::initializer_list<std::string_view> accept :
       {std::initializer_list<std::string_view>{}, {"br"}, {"gzip"}}) {
    EXPECT_EQ(header_of(get_encoded("/assets/logo.svg", accept), "Vary"), "Accept-Encoding");
  }
}

TEST_F(StaticFilesTest, GivesEachEncodingItsOwnEtagAndAnswers304PerEncoding) {
  write_app_variants();
  const std::string identity = header_of(get_app("identity"), "ETag");
  const std::string br = header_of(get_app("br"), "ETag");
  const std::string gzip = header_of(get_app("gzip"), "ETag");
  ASSERT_FALSE(identity.empty() || br.empty() || gzip.empty());
  EXPECT_NE(identity, br);
  EXPECT_NE(identity, gzip);
  EXPECT_NE(br, gzip);

  const Response not_modified = get_app("br, gzip", br);
  EXPECT_EQ(not_modified.status, 304U);
  EXPECT_TRUE(not_modified.payload().empty());
  EXPECT_EQ(header_of(not_modified, "ETag"), br);
  EXPECT_EQ(header_of(not_modified, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header_of(not_modified, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(get_app("gzip", gzip).status, 304U);
  EXPECT_EQ(get_app("", identity).status, 304U);
  EXPECT_EQ(get_app("br", "W/" + br).status, 304U);

  // The ETag of another encoding does not match the one chosen.
  expect_encoded(get_app("gzip", br), "gzip", kAppGz, "br etag, gzip accepted");
  expect_encoded(get_app("br", identity), "br", kAppBr, "identity etag, br accepted");
  expect_encoded(get_app("", gzip), "", kAppJs, "gzip etag, nothing accepted");
}

TEST_F(StaticFilesTest, FallsBackWhenAVariantIsMissing) {
  write_file(root_ / "assets" / "index-AbC123xy.js.gz", kAppGz);
  expect_encoded(get_app("br"), "", kAppJs, "only br accepted, no .br");
  EXPECT_EQ(header_of(get_app("br"), "Vary"), "Accept-Encoding");
  expect_encoded(get_app("br, gzip"), "gzip", kAppGz, "br and gzip accepted, no .br");
  fs::remove(root_ / "assets" / "index-AbC123xy.js.gz");
  write_file(root_ / "assets" / "index-AbC123xy.js.br", kAppBr);
  expect_encoded(get_app("gzip"), "", kAppJs, "only gzip accepted, no .gz");
  fs::remove(root_ / "assets" / "index-AbC123xy.js.br");
  const Response none = get_app("br, gzip");
  expect_encoded(none, "", kAppJs, "no variants any more");
  EXPECT_FALSE(has_header(none, "Vary"));
}

TEST_F(StaticFilesTest, IgnoresAVariantSymlinkThatLeavesTheRoot) {
  fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "index-AbC123xy.js.br");
  fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "index-AbC123xy.js.gz");
  const Response response = get_app("br, gzip");
  expect_encoded(response, "", kAppJs, "escaping variants");
  EXPECT_FALSE(has_header(response, "Vary"));
  EXPECT_EQ(response.payload().find("outside"), std::string_view::npos);
}

TEST_F(StaticFilesTest, FollowsAVariantSymlinkThatStaysInsideTheRoot) {
  write_file(root_ / "compressed" / "app.br", kAppBr);
  fs::create_symlink(root_ / "compressed" / "app.br", root_ / "assets" / "index-AbC123xy.js.br");
  expect_encoded(get_app("br"), "br", kAppBr, "variant symlink inside the root");
}

TEST_F(StaticFilesTest, IgnoresAVariantThatIsNotARegularFile) {
  fs::create_directories(root_ / "assets" / "index-AbC123xy.js.br");
  write_file(root_ / "assets" / "index-AbC123xy.js.gz", kAppGz);
  expect_encoded(get_app("br, gzip"), "gzip", kAppGz, "directory named like a variant");
}

TEST_F(StaticFilesTest, LooksForTheVariantNextToTheResolvedFile) {
  write_file(root_ / "robots.txt.gz", "gzipped robots");
  expect_encoded(get_encoded("/alias.txt", {"gzip"}), "gzip", "gzipped robots", "alias.txt");
  EXPECT_EQ(get_encoded("/alias.txt", {"gzip"}).content_type, "text/plain; charset=utf-8");
}

TEST_F(StaticFilesTest, NeverServesAVariantForADirectoryOrAMissingFile) {
  write_file(root_ / "assets.br", "not a variant of a directory");
  write_file(root_ / "missing.js.br", "orphan variant");
  expect_not_found(get_encoded("/assets", {"br"}), "/assets");
  expect_not_found(get_encoded("/missing.js", {"br"}), "/missing.js");
}

TEST_F(StaticFilesTest, NeverServesAVariantOfIndexHtml) {
  write_file(root_ / "index.html.br", "compressed index");
  write_file(root_ / "index.html.gz", "compressed index");
  raw_ = RawRequest{};
  raw_.set("Accept-Encoding", "br, gzip");
  const Response index = files().serve_index(Request(raw_, "/", "", "127.0.0.1"));
  expect_encoded(index, "", "<!doctype html><title>app</title>", "serve_index");
  const Response direct = get_encoded("/index.html", {"br, gzip"});
  expect_encoded(direct, "", "<!doctype html><title>app</title>", "/index.html");
}

TEST_F(StaticFilesTest, GivesHeadTheVariantsBody) {
  // The server derives HEAD's Content-Length from the payload it would send.
  write_app_variants();
  const Response head = get_encoded("/assets/index-AbC123xy.js", {"br"}, {}, Method::head);
  EXPECT_EQ(head.status, 200U);
  EXPECT_EQ(head.payload().size(), kAppBr.size());
  EXPECT_EQ(header_of(head, "Content-Encoding"), "br");
  const Response head_gzip = get_encoded("/assets/index-AbC123xy.js", {"gzip"}, {}, Method::head);
  EXPECT_EQ(head_gzip.payload().size(), kAppGz.size());
}

TEST_F(StaticFilesTest, ServesAVariantRequestedByItsOwnNameAsAPlainFile) {
  write_app_variants();
  const Response response = get_encoded("/assets/index-AbC123xy.js.br", {"br, gzip"});
  expect_encoded(response, "", kAppBr, "/assets/index-AbC123xy.js.br");
  EXPECT_EQ(response.content_type, "application/octet-stream");
  EXPECT_FALSE(has_header(response, "Vary"));
  EXPECT_EQ(get_encoded("/assets/index-AbC123xy.js.gz", {}).payload(), kAppGz);
}

TEST_F(StaticFilesTest, CachesVariantsAndRereadsThemWhenTheyChange) {
  write_app_variants();
  const Response first = get_app("br");
  const Response second = get_app("br");
  ASSERT_TRUE(first.shared_body && second.shared_body);
  EXPECT_EQ(first.shared_body.get(), second.shared_body.get());
  write_file(root_ / "assets" / "index-AbC123xy.js.br", "new brotli bytes, longer than before");
  const Response changed = get_app("br");
  expect_encoded(changed, "br", "new brotli bytes, longer than before", "changed variant");
  EXPECT_NE(header_of(first, "ETag"), header_of(changed, "ETag"));
  EXPECT_EQ(get_app("br", header_of(first, "ETag")).status, 200U);
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
