#pragma once
// The headers every response carries: no sniffing, no referrer, no framing, a CSP that lets the
// page reach the configured LiveKit server (ws/wss and http/https of its origin), camera,
// microphone and display capture for this origin only, and Meet's COOP/COEP.
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace lkm::api {

[[nodiscard]] http::Headers security_headers(std::string_view livekit_url);

// The page's Content-Security-Policy with the given connect-src sources besides 'self'.
[[nodiscard]] std::string content_security_policy(std::string_view connect_sources);

// Sources for the /custom page, which joins whatever LiveKit server its link names.
inline constexpr std::string_view kAnyLivekitConnectSources = "ws: wss: http: https:";

// The CSP connect-src sources for a LiveKit URL: its origin in both the WebSocket and the HTTP
// scheme (LiveKit's client uses both), plus *.livekit.cloud region hosts for a Cloud URL.
[[nodiscard]] std::string livekit_connect_sources(std::string_view livekit_url);

}  // namespace lkm::api
