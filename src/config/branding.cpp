#include "config/branding.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <system_error>
#include <tuple>

#include <boost/url/parse.hpp>

#include "core/text.hpp"

namespace lkm::config {
namespace {

namespace fs = std::filesystem;

bool is_ascii_letter(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool is_hex_digit(char c) noexcept {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char ascii_upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// One line of text the page shows: valid UTF-8, no control characters, at most `max_bytes`.
std::optional<std::string> line_error(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return "must be at most " + std::to_string(max_bytes) + " bytes of UTF-8";
  }
  if (!is_valid_utf8(text)) return "is not valid UTF-8";
  if (has_control_chars(text)) return "must not contain control characters";
  return std::nullopt;
}

// The setting's value when it is set to something other than "".
const SettingValue* non_empty(const Settings& settings, std::string_view key) {
  const auto* value = settings.find(key);
  return value == nullptr || value->text.empty() ? nullptr : value;
}

bool has_extension(std::string_view name, std::span<const std::string_view> extensions) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view extension = name.substr(dot);
  for (const std::string_view allowed : extensions) {
    if (ascii_iequals(extension, allowed)) return true;
  }
  return false;
}

constexpr std::array<std::string_view, 5> kImageExtensions = {".svg", ".png", ".webp", ".jpg",
                                                              ".jpeg"};
constexpr std::array<std::string_view, 6> kIconExtensions = {".svg", ".png",  ".webp",
                                                             ".jpg", ".jpeg", ".ico"};

// A brand file: its name (kind "logo" or "favicon"), then the file itself in `dir` (canonical).
Result<std::string, ConfigError> load_brand_file(const SettingValue& value, std::string_view kind,
                                                 std::span<const std::string_view> extensions,
                                                 const std::optional<fs::path>& dir,
                                                 const std::string& dir_origin) {
  const std::string& name = value.text;
  const auto refuse = [&](std::string why) {
    return fail(ConfigError{value.origin + std::move(why)});
  };
  bool plain = name.size() <= 255 && name.front() != '.' && name.find("..") == std::string::npos;
  for (const char c : name) {
    plain = plain && (is_ascii_letter(c) || is_ascii_digit(c) || c == '.' || c == '-' || c == '_');
  }
  if (!plain) {
    return refuse(
        " must be the name of a file in the brand directory: letters, digits, '.', '-' "
        "and '_', without '/' or '..', not starting with '.'");
  }
  if (!has_extension(name, extensions)) {
    std::string list;
    for (std::size_t i = 0; i < extensions.size(); ++i) {
      if (i > 0) list += i + 1 == extensions.size() ? " or " : ", ";
      list += extensions[i];
    }
    return refuse(" must name a " + std::string(kind) + " file ending in " + list);
  }
  if (!dir) {
    return refuse(" needs a brand directory: set " + dir_origin +
                  " to the directory that holds the " + std::string(kind) + " file");
  }
  const fs::path path = *dir / name;
  const std::string file = std::string(kind) + " file " + path.string();
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return refuse(": " + file + " does not exist");
    return refuse(": " + file + ": " + std::generic_category().message(error));
  }
  // The file itself, not a link to one: what is served is what was checked here.
  if (S_ISLNK(st.st_mode)) {
    return refuse(": " + file + " is a symbolic link; name the file itself");
  }
  if (!S_ISREG(st.st_mode)) return refuse(": " + file + " is not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) > kMaxBrandFileBytes) {
    return refuse(": " + file + " is larger than 1 MiB");
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    return refuse(": " + file + " cannot be read: " + std::generic_category().message(errno));
  }
  ::close(fd);
  return name;
}

Result<std::optional<fs::path>, ConfigError> load_brand_dir(const Settings& settings) {
  const auto* value = non_empty(settings, "brand-dir");
  if (value == nullptr) return std::optional<fs::path>();
  std::error_code ec;
  const fs::file_status status = fs::status(value->text, ec);
  if (!fs::exists(status)) {
    return fail(ConfigError{value->origin + ": " + value->text + " does not exist"});
  }
  if (!fs::is_directory(status)) {
    return fail(ConfigError{value->origin + ": " + value->text + " is not a directory"});
  }
  auto canonical = fs::canonical(value->text, ec);
  if (ec) return fail(ConfigError{value->origin + ": " + value->text + ": " + ec.message()});
  return std::optional<fs::path>(std::move(canonical));
}

}  // namespace

Result<std::string, std::string> normalize_accent_color(std::string_view text) {
  const bool shaped = (text.size() == 4 || text.size() == 7) && text.front() == '#';
  bool hex = shaped;
  for (std::size_t i = 1; hex && i < text.size(); ++i) hex = is_hex_digit(text[i]);
  if (!hex) return fail(std::string("must be a colour like #1f8cf9 (#rgb or #rrggbb)"));
  std::string out = "#";
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = ascii_lower(text[i]);
    out += c;
    if (text.size() == 4) out += c;
  }
  return out;
}

Result<std::string, std::string> normalize_language_tag(std::string_view text) {
  const auto refuse = [] {
    return fail(std::string("must be a language tag like en, de or pt-BR (BCP 47)"));
  };
  if (text.empty() || text.size() > kMaxLanguageTagBytes) return refuse();
  std::string out;
  out.reserve(text.size());
  bool after_singleton = false;
  std::size_t index = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('-', start), text.size());
    const std::string_view subtag = text.substr(start, end - start);
    if (subtag.empty() || subtag.size() > 8) return refuse();
    bool letters = true;
    for (const char c : subtag) {
      if (!is_ascii_letter(c) && !is_ascii_digit(c)) return refuse();
      letters = letters && is_ascii_letter(c);
    }
    if (index == 0 && (!letters || subtag.size() < 2 || subtag.size() > 3)) return refuse();
    if (index > 0) out += '-';
    for (std::size_t i = 0; i < subtag.size(); ++i) {
      const bool upper = !after_singleton && index > 0 && letters &&
                         (subtag.size() == 2 || (subtag.size() == 4 && i == 0));
      out += upper ? ascii_upper(subtag[i]) : ascii_lower(subtag[i]);
    }
    if (index > 0 && subtag.size() == 1) after_singleton = true;
    ++index;
    start = end + 1;
  }
  return out;
}

std::optional<std::string> page_url_error(std::string_view url, bool mailto) {
  const std::string expected = mailto ? "an absolute http:// or https:// URL, or a mailto: address"
                                      : "an absolute http:// or https:// URL";
  if (url.size() > kMaxPageUrlBytes) {
    return "must be at most " + std::to_string(kMaxPageUrlBytes) + " bytes";
  }
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      return "must be " + expected + " of printable ASCII (no control characters)";
    }
  }
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "must be " + expected;
  const auto scheme = parsed->scheme_id();
  if (scheme == boost::urls::scheme::http || scheme == boost::urls::scheme::https) {
    if (!parsed->has_authority() || parsed->encoded_host().empty()) return "has no host";
    if (parsed->has_userinfo()) return "must not contain a user name or password";
    return std::nullopt;
  }
  if (mailto && ascii_iequals(parsed->scheme(), "mailto")) {
    if (parsed->encoded_path().empty()) return "must name an address after mailto:";
    return std::nullopt;
  }
  return "must be " + expected;
}

Result<Branding, ConfigError> load_branding(const Settings& settings) {
  Branding out;
  if (const auto* name = settings.find("product-name")) {
    if (name->text.empty()) return fail(ConfigError{name->origin + " must not be empty"});
    if (auto why = line_error(name->text, kMaxProductNameBytes)) {
      return fail(ConfigError{name->origin + " " + *why});
    }
    out.product_name = name->text;
  }
  if (const auto* welcome = non_empty(settings, "welcome-message")) {
    if (auto why = line_error(welcome->text, kMaxWelcomeMessageBytes)) {
      return fail(ConfigError{welcome->origin + " " + *why});
    }
    out.welcome_message = welcome->text;
  }
  if (const auto* color = non_empty(settings, "accent-color")) {
    auto normalized = normalize_accent_color(color->text);
    if (!normalized) return fail(ConfigError{color->origin + " " + normalized.error()});
    out.accent_color = std::move(normalized).value();
  }
  if (const auto* language = settings.find("default-language")) {
    auto normalized = normalize_language_tag(language->text);
    if (!normalized) return fail(ConfigError{language->origin + " " + normalized.error()});
    out.default_language = std::move(normalized).value();
  }
  for (const auto& [key, target, mailto] : {std::tuple{"privacy-url", &out.privacy_url, false},
                                            std::tuple{"legal-url", &out.legal_url, false},
                                            std::tuple{"support-url", &out.support_url, true}}) {
    const auto* url = non_empty(settings, key);
    if (url == nullptr) continue;
    if (auto why = page_url_error(url->text, mailto)) {
      return fail(ConfigError{url->origin + " " + *why});
    }
    *target = url->text;
  }
  auto dir = load_brand_dir(settings);
  if (!dir) return fail(std::move(dir).error());
  out.brand_dir = std::move(dir).value();
  const std::string dir_origin = "brand-dir (--brand-dir or MEET_BRAND_DIR)";
  if (const auto* logo = non_empty(settings, "logo")) {
    auto name = load_brand_file(*logo, "logo", kImageExtensions, out.brand_dir, dir_origin);
    if (!name) return fail(std::move(name).error());
    out.logo = std::move(name).value();
  }
  if (const auto* favicon = non_empty(settings, "favicon")) {
    auto name = load_brand_file(*favicon, "favicon", kIconExtensions, out.brand_dir, dir_origin);
    if (!name) return fail(std::move(name).error());
    out.favicon = std::move(name).value();
  }
  return out;
}

}  // namespace lkm::config
