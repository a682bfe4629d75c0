#include "config/branding.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "env_of.hpp"

namespace lkm::config {
namespace {

namespace fs = std::filesystem;

Result<Branding, ConfigError> brand(const FlagValues& flags,
                                    const std::map<std::string, std::string>& env = {}) {
  return load_branding(layer_settings(flags, env_of(env), nullptr));
}

// The error of loading these flags (a test failure when they load).
std::string error_of(const FlagValues& flags, const std::map<std::string, std::string>& env = {}) {
  const auto loaded = brand(flags, env);
  if (loaded) {
    ADD_FAILURE() << "loaded without an error";
    return {};
  }
  return loaded.error().message;
}

// A scratch brand directory with some files, removed at the end.
class BrandDir {
 public:
  BrandDir() {
    path_ = fs::temp_directory_path() /
            ("lkm-brand-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
    path_ = fs::canonical(path_);
  }
  ~BrandDir() {
    std::error_code ec;
    fs::permissions(path_ / "locked.png", fs::perms::owner_all, ec);
    fs::remove_all(path_, ec);
  }
  BrandDir(const BrandDir&) = delete;
  BrandDir& operator=(const BrandDir&) = delete;

  void write(const std::string& name, std::size_t bytes = 16) const {
    std::ofstream out(path_ / name, std::ios::binary);
    out << std::string(bytes, 'x');
  }
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] std::string dir() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Branding, DefaultsToLiveKitMeetInEnglishWithNothingElse) {
  const auto loaded = brand({});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->product_name, "LiveKit Meet");
  EXPECT_EQ(loaded->default_language, "en");
  EXPECT_FALSE(loaded->brand_dir);
  EXPECT_EQ(loaded->logo, "");
  EXPECT_EQ(loaded->favicon, "");
  EXPECT_EQ(loaded->accent_color, "");
  EXPECT_EQ(loaded->welcome_message, "");
  EXPECT_EQ(loaded->privacy_url, "");
  EXPECT_EQ(loaded->legal_url, "");
  EXPECT_EQ(loaded->support_url, "");
}

TEST(Branding, ReadsEverySettingFromTheEnvironment) {
  const BrandDir dir;
  dir.write("logo.svg");
  dir.write("favicon.ico");
  const auto loaded = brand({}, {{"MEET_PRODUCT_NAME", "Acme Video"},
                                 {"MEET_BRAND_DIR", dir.dir()},
                                 {"MEET_LOGO", "logo.svg"},
                                 {"MEET_FAVICON", "favicon.ico"},
                                 {"MEET_ACCENT_COLOR", "#ABC"},
                                 {"MEET_WELCOME_MESSAGE", "Welcome to Acme — say hi"},
                                 {"MEET_PRIVACY_URL", "https://acme.example/privacy"},
                                 {"MEET_LEGAL_URL", "http://acme.example/legal?x=1#terms"},
                                 {"MEET_SUPPORT_URL", "mailto:help@acme.example"},
                                 {"MEET_DEFAULT_LANGUAGE", "PT-br"}});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->product_name, "Acme Video");
  EXPECT_EQ(loaded->brand_dir, dir.path());
  EXPECT_EQ(loaded->logo, "logo.svg");
  EXPECT_EQ(loaded->favicon, "favicon.ico");
  EXPECT_EQ(loaded->accent_color, "#aabbcc");
  EXPECT_EQ(loaded->welcome_message, "Welcome to Acme — say hi");
  EXPECT_EQ(loaded->privacy_url, "https://acme.example/privacy");
  EXPECT_EQ(loaded->legal_url, "http://acme.example/legal?x=1#terms");
  EXPECT_EQ(loaded->support_url, "mailto:help@acme.example");
  EXPECT_EQ(loaded->default_language, "pt-BR");
}

TEST(Branding, EmptyOptionalValuesAreUnset) {
  const auto loaded = brand({{"accent-color", ""}, {"logo", ""}, {"support-url", ""}});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->accent_color, "");
  EXPECT_EQ(loaded->logo, "");
  EXPECT_EQ(loaded->support_url, "");
}

TEST(Branding, RefusesABadProductNameNamingItsOrigin) {
  EXPECT_EQ(error_of({{"product-name", ""}}), "--product-name must not be empty");
  EXPECT_EQ(error_of({{"product-name", std::string(65, 'a')}}),
            "--product-name must be at most 64 bytes of UTF-8");
  EXPECT_TRUE(brand({{"product-name", std::string(64, 'a')}}));
  // 33 two-byte characters are 66 bytes.
  std::string umlauts;
  for (int i = 0; i < 33; ++i) umlauts += "\xc3\xa4";
  EXPECT_TRUE(contains(error_of({{"product-name", umlauts}}), "at most 64 bytes"));
  EXPECT_EQ(error_of({}, {{"MEET_PRODUCT_NAME", "Acme\nVideo"}}),
            "MEET_PRODUCT_NAME must not contain control characters");
  EXPECT_EQ(error_of({{"product-name", "Acme\x7f"}}),
            "--product-name must not contain control characters");
  EXPECT_EQ(error_of({{"product-name", "Acme \xff"}}), "--product-name is not valid UTF-8");
}

TEST(Branding, KeepsAProductNameThatLooksLikeMarkupAsText) {
  const auto loaded = brand({{"product-name", "<script>alert(1)</script>"}});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->product_name, "<script>alert(1)</script>");
}

TEST(Branding, RefusesABadWelcomeMessage) {
  EXPECT_EQ(error_of({{"welcome-message", std::string(201, 'w')}}),
            "--welcome-message must be at most 200 bytes of UTF-8");
  EXPECT_EQ(error_of({{"welcome-message", "two\r\nlines"}}),
            "--welcome-message must not contain control characters");
  EXPECT_TRUE(brand({{"welcome-message", std::string(200, 'w')}}));
}

TEST(Branding, NormalisesAccentColours) {
  EXPECT_EQ(normalize_accent_color("#1F8CF9").value(), "#1f8cf9");
  EXPECT_EQ(normalize_accent_color("#1f8cf9").value(), "#1f8cf9");
  EXPECT_EQ(normalize_accent_color("#Abc").value(), "#aabbcc");
  EXPECT_EQ(normalize_accent_color("#000").value(), "#000000");
}

TEST(Branding, RefusesEveryOtherColour) {
  for (const char* bad :
       {"1f8cf9", "#1f8cf", "#1f8cf9a", "#1f8cf9ff", "#ggg", "red", "#", "rgb(0,0,0)", "#12 45",
        " #123", "#123;", "var(--x)", "#1f8cf9\n", "url(x)"}) {
    const std::string message = error_of({{"accent-color", bad}});
    EXPECT_EQ(message, "--accent-color must be a colour like #1f8cf9 (#rgb or #rrggbb)") << bad;
  }
  EXPECT_EQ(error_of({}, {{"MEET_ACCENT_COLOR", "blue"}}),
            "MEET_ACCENT_COLOR must be a colour like #1f8cf9 (#rgb or #rrggbb)");
}

TEST(Branding, NormalisesLanguageTags) {
  const std::map<std::string, std::string> cases = {
      {"en", "en"},
      {"EN", "en"},
      {"de-de", "de-DE"},
      {"pt-br", "pt-BR"},
      {"zh-hant-tw", "zh-Hant-TW"},
      {"sr-LATN", "sr-Latn"},
      {"es-419", "es-419"},
      {"fil", "fil"},
      {"de-CH-1901", "de-CH-1901"},
      {"en-US-x-TWAIN", "en-US-x-twain"},
      {"en-a-BB-cc", "en-a-bb-cc"},
  };
  for (const auto& [given, expected] : cases) {
    const auto normalized = normalize_language_tag(given);
    ASSERT_TRUE(normalized) << given;
    EXPECT_EQ(*normalized, expected) << given;
  }
}

TEST(Branding, RefusesWhatIsNotALanguageTag) {
  for (const char* bad :
       {"", "e", "engl", "en_US", "en-", "-en", "en--us", "e1", "en-abcdefghi", "english",
        "de-DE-\xc3\xa4", "en US", "x-private", "12", "en-aaaaaaaa-bbbbbbbb-cccccccc-dddddd"}) {
    const auto normalized = normalize_language_tag(bad);
    EXPECT_FALSE(normalized) << bad;
  }
  EXPECT_EQ(error_of({{"default-language", "en_US"}}),
            "--default-language must be a language tag like en, de or pt-BR (BCP 47)");
  EXPECT_EQ(error_of({}, {{"MEET_DEFAULT_LANGUAGE", "klingon"}}),
            "MEET_DEFAULT_LANGUAGE must be a language tag like en, de or pt-BR (BCP 47)");
}

TEST(Branding, AcceptsOnlyWebLinksAndMailtoForSupport) {
  for (const char* good :
       {"https://example.com", "http://example.com:8080/p?q=1#f", "HTTPS://Example.com/Privacy"}) {
    EXPECT_FALSE(page_url_error(good, false)) << good;
  }
  EXPECT_FALSE(page_url_error("mailto:help@example.com?subject=Meet", true));
  for (const char* bad : {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
                          "/privacy", "privacy.html", "//example.com/x", "ftp://example.com/",
                          "https://", "https://user:pw@example.com/", "mailto:x@example.com",
                          "https://exa mple.com/", "vbscript:x"}) {
    EXPECT_TRUE(page_url_error(bad, false)) << bad;
  }
  EXPECT_TRUE(page_url_error("mailto:", true));
  EXPECT_TRUE(page_url_error("javascript:alert(1)", true));
  EXPECT_TRUE(page_url_error("https://example.com/\x01", false));
  EXPECT_TRUE(page_url_error("https://example.com/" + std::string(2030, 'a'), false));
  EXPECT_FALSE(page_url_error("https://example.com/" + std::string(2028, 'a'), false));
}

TEST(Branding, NamesTheLinkToFix) {
  EXPECT_EQ(error_of({{"privacy-url", "javascript:alert(1)"}}),
            "--privacy-url must be an absolute http:// or https:// URL");
  EXPECT_EQ(error_of({}, {{"MEET_LEGAL_URL", "/legal"}}),
            "MEET_LEGAL_URL must be an absolute http:// or https:// URL");
  EXPECT_EQ(error_of({{"support-url", "javascript:alert(1)"}}),
            "--support-url must be an absolute http:// or https:// URL, or a mailto: address");
  EXPECT_EQ(error_of({{"legal-url", "https://x.example/" + std::string(2048, 'a')}}),
            "--legal-url must be at most 2048 bytes");
  EXPECT_TRUE(contains(error_of({{"privacy-url", "https://x.example/\t"}}), "control characters"));
  EXPECT_EQ(error_of({{"privacy-url", "mailto:x@example.com"}}),
            "--privacy-url must be an absolute http:// or https:// URL");
}

TEST(Branding, ChecksTheBrandFilesAtStart) {
  const BrandDir dir;
  dir.write("logo.png");
  dir.write("big.png", kMaxBrandFileBytes + 1);
  dir.write("max.svg", kMaxBrandFileBytes);
  dir.write("notes.txt");
  fs::create_directory(dir.path() / "folder.svg");
  const std::string where = dir.dir();

  const auto loaded = brand({{"brand-dir", where + "/"}, {"logo", "max.svg"}});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->logo, "max.svg");

  EXPECT_EQ(error_of({{"brand-dir", where}, {"logo", "missing.svg"}}),
            "--logo: logo file " + where + "/missing.svg does not exist");
  EXPECT_EQ(error_of({{"brand-dir", where}}, {{"MEET_FAVICON", "gone.ico"}}),
            "MEET_FAVICON: favicon file " + where + "/gone.ico does not exist");
  EXPECT_EQ(error_of({{"brand-dir", where}, {"logo", "big.png"}}),
            "--logo: logo file " + where + "/big.png is larger than 1 MiB");
  EXPECT_EQ(error_of({{"brand-dir", where}, {"logo", "folder.svg"}}),
            "--logo: logo file " + where + "/folder.svg is not a regular file");
  EXPECT_EQ(error_of({{"brand-dir", where}, {"logo", "notes.txt"}}),
            "--logo must name a logo file ending in .svg, .png, .webp, .jpg or .jpeg");
  EXPECT_EQ(error_of({{"brand-dir", where}, {"logo", "logo.ico"}}),
            "--logo must name a logo file ending in .svg, .png, .webp, .jpg or .jpeg");
  EXPECT_EQ(error_of({{"brand-dir", where}, {"favicon", "notes.txt"}}),
            "--favicon must name a favicon file ending in .svg, .png, .webp, .jpg, .jpeg or .ico");
  EXPECT_TRUE(brand({{"brand-dir", where}, {"favicon", "logo.png"}}));
}

TEST(Branding, RefusesNamesThatLeaveTheBrandDirectory) {
  const BrandDir dir;
  dir.write("logo.svg");
  const std::string where = dir.dir();
  for (const char* bad : {"../logo.svg", "sub/logo.svg", "/etc/logo.svg", "..svg", ".logo.svg",
                          "logo..svg", "lo go.svg", "logo.svg%00", "logo\\x.svg"}) {
    const std::string message = error_of({{"brand-dir", where}, {"logo", bad}});
    EXPECT_TRUE(contains(message, "--logo must be the name of a file in the brand directory"))
        << bad << ": " << message;
  }
}

TEST(Branding, RefusesASymbolicLinkWhereverItLeads) {
  const BrandDir dir;
  const BrandDir other;
  other.write("secret.svg");
  dir.write("inside.svg");
  fs::create_symlink(other.path() / "secret.svg", dir.path() / "outside.svg");
  fs::create_symlink(dir.path() / "inside.svg", dir.path() / "alias.svg");
  EXPECT_EQ(
      error_of({{"brand-dir", dir.dir()}, {"logo", "outside.svg"}}),
      "--logo: logo file " + dir.dir() + "/outside.svg is a symbolic link; name the file itself");
  EXPECT_EQ(error_of({{"brand-dir", dir.dir()}, {"favicon", "alias.svg"}}),
            "--favicon: favicon file " + dir.dir() +
                "/alias.svg is a symbolic link; name the file itself");
  EXPECT_TRUE(brand({{"brand-dir", dir.dir()}, {"logo", "inside.svg"}}));
}

TEST(Branding, RefusesAnUnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  const BrandDir dir;
  dir.write("locked.png");
  fs::permissions(dir.path() / "locked.png", fs::perms::none);
  const std::string message = error_of({{"brand-dir", dir.dir()}, {"logo", "locked.png"}});
  EXPECT_TRUE(contains(message, "--logo: logo file " + dir.dir() + "/locked.png cannot be read"))
      << message;
}

TEST(Branding, ABrandFileNeedsTheBrandDirectory) {
  EXPECT_EQ(error_of({{"logo", "logo.svg"}}),
            "--logo needs a brand directory: set brand-dir (--brand-dir or MEET_BRAND_DIR) to "
            "the directory that holds the logo file");
  EXPECT_TRUE(contains(error_of({}, {{"MEET_FAVICON", "icon.png"}}),
                       "MEET_FAVICON needs a brand directory"));
  EXPECT_EQ(error_of({{"brand-dir", "/nonexistent/brand"}}),
            "--brand-dir: /nonexistent/brand does not exist");
  const BrandDir dir;
  dir.write("logo.svg");
  EXPECT_EQ(error_of({{"brand-dir", dir.dir() + "/logo.svg"}}),
            "--brand-dir: " + dir.dir() + "/logo.svg is not a directory");
}

}  // namespace
}  // namespace lkm::config
