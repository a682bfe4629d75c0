#pragma once
// Run-time settings of the web app, injected into index.html when it is served, so one build of
// the front end works under any base path and feature set:
//   <base href="{base_path}/"> (every asset and API URL in the app is relative to it)
//   <meta name="livekit-meet-config" content="{JSON}"> (read by the app at start-up)
#include <cstdint>
#include <string>
#include <string_view>

namespace lkm::api {

struct WebConfig {
  std::string base_path;                     // "" or "/prefix"
  std::int64_t alone_timeout_seconds = 600;  // 0: nobody is asked whether they are still there
};

[[nodiscard]] std::string web_config_json(const WebConfig& config);

// Inserts the two tags right after the opening <head ...> tag (at the start when there is none).
[[nodiscard]] std::string inject_web_config(std::string_view html, const WebConfig& config);

// Escapes text for a double-quoted HTML attribute value.
[[nodiscard]] std::string html_attribute_escape(std::string_view text);

}  // namespace lkm::api
