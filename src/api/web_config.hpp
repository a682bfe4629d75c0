#pragma once
// Run-time settings of the web app, injected into index.html when it is served, so one build of
// the front end works under any base path, feature set and brand:
//   <base href="{base_path}/"> (every asset and API URL in the app is relative to it)
//   <meta name="livekit-meet-config" content="{JSON}"> (read by the app at start-up)
// The JSON: {"basePath", "aloneTimeout", "defaultLanguage", "brand": {"productName", "logoUrl"?,
// "faviconUrl"?, "accentColor"?, "welcome"?, "privacyUrl"?, "legalUrl"?, "supportUrl"?}}, the
// optional fields only when set; the brand files' URLs are relative to the base ("brand/<file>").
// Besides, the text of the first <title> becomes the product name, and with a favicon every
// <link rel="icon"> points at it.
#include <cstdint>
#include <string>
#include <string_view>

namespace lkm::api {

// Where brand files are served: "brand/<file>" below the base path.
inline constexpr std::string_view kBrandPath = "brand/";

// How the app presents itself; "" leaves a field out (the app's own look).
struct Brand {
  std::string product_name = "LiveKit Meet";
  std::string logo;     // a file name in the brand directory
  std::string favicon;  // a file name in the brand directory
  std::string accent_color;
  std::string welcome;
  std::string privacy_url;
  std::string legal_url;
  std::string support_url;
};

struct WebConfig {
  std::string base_path;                     // "" or "/prefix"
  std::int64_t alone_timeout_seconds = 600;  // 0: nobody is asked whether they are still there
  std::string default_language = "en";
  Brand brand;
};

[[nodiscard]] std::string web_config_json(const WebConfig& config);

// Inserts the two tags right after the opening <head ...> tag (at the start when there is none),
// replaces the text of the first <title> with the product name, and, with a favicon, the href
// (and type) of each <link> whose rel is "icon". A tag that is not there is left alone.
[[nodiscard]] std::string inject_web_config(std::string_view html, const WebConfig& config);

// Escapes text for a double-quoted HTML attribute value.
[[nodiscard]] std::string html_attribute_escape(std::string_view text);

}  // namespace lkm::api
