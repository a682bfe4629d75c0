#pragma once
// How the web app presents itself, from these settings (each a config-file key, a flag and an
// environment variable):
//   product-name      the name in the page and its <title> (default "LiveKit Meet"; at most 64
//                     bytes of UTF-8, no control characters)
//   brand-dir         a directory of brand files; logo and favicon name files in it (letters,
//                     digits, '.', '-', '_'; no '/', no ".."), each a regular readable file of at
//                     most 1 MiB, .svg .png .webp .jpg .jpeg (.ico too for the favicon), checked
//                     at start-up. Only these two files are ever served from the directory.
//   accent-color      #rgb or #rrggbb, kept as lower-case #rrggbb
//   welcome-message   one line for the home page (at most 200 bytes, no control characters)
//   privacy-url, legal-url, support-url   absolute http(s) URLs (support-url may be mailto:)
//   default-language  a BCP 47 language tag (default "en"), in canonical case
// An empty value counts as unset, except for product-name and default-language, which must not
// be empty. Every error names where the value came from.
#include <cstddef>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/settings.hpp"
#include "core/result.hpp"

namespace lkm::config {

inline constexpr std::size_t kMaxProductNameBytes = 64;
inline constexpr std::size_t kMaxWelcomeMessageBytes = 200;
inline constexpr std::size_t kMaxPageUrlBytes = 2048;
inline constexpr std::size_t kMaxBrandFileBytes = std::size_t{1024} * 1024;
inline constexpr std::size_t kMaxLanguageTagBytes = 35;

[[nodiscard]] Result<Branding, ConfigError> load_branding(const Settings& settings);

// "#1F8CF9" -> "#1f8cf9", "#abc" -> "#aabbcc"; what is wrong otherwise.
[[nodiscard]] Result<std::string, std::string> normalize_accent_color(std::string_view text);

// A BCP 47 tag's shape (a primary subtag of 2 or 3 letters, then subtags of 1 to 8 ASCII letters
// and digits, separated by '-'; at most 35 characters) in canonical case: "PT-br" -> "pt-BR",
// "zh-hant-tw" -> "zh-Hant-TW" (regions upper case, scripts title case, the rest lower case; after
// a singleton such as "x", everything lower case). What is wrong otherwise.
[[nodiscard]] Result<std::string, std::string> normalize_language_tag(std::string_view text);

// Why `url` cannot be a link of the page (privacy-url, legal-url, support-url): absolute http or
// https with a host and no user name or password, or, when `mailto` is allowed, a mailto: address;
// at most 2048 bytes, printable ASCII only. nullopt when it can.
[[nodiscard]] std::optional<std::string> page_url_error(std::string_view url, bool mailto);

}  // namespace lkm::config
