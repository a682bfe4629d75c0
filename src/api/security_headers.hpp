#pragma once
// The server's own headers. Every response: no sniffing, no referrer, no framing. A response the
// browser may run or show as a page (HTML, scripts and so workers, SVG): the page's CSP, which
// lets it reach the configured LiveKit server (ws/wss and http/https of its origin), camera,
// microphone and display capture for this origin only, and Meet's COOP/COEP. Any other response
// (JSON, styles, images, fonts, WebAssembly): a CSP that allows nothing and no framing, as for an
// API; the page's policies would say nothing there but cost bytes on each response.
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "http/response_head.hpp"

namespace lkm::api {

[[nodiscard]] http::DefaultHeaders security_headers(std::string_view livekit_url);

// The CSP of responses that are not pages nor scripts.
inline constexpr std::string_view kPassiveContentSecurityPolicy =
    "default-src 'none'; frame-ancestors 'none'";

// The CSP of an SVG brand file (/brand/...): an image may style itself but run and load nothing,
// and opened on its own it is a sandboxed document without an origin.
inline constexpr std::string_view kBrandImageContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

// The page's Content-Security-Policy with the given connect-src sources besides 'self'.
[[nodiscard]] std::string content_security_policy(std::string_view connect_sources);

// Sources for the /custom page, which joins whatever LiveKit server its link names.
inline constexpr std::string_view kAnyLivekitConnectSources = "ws: wss: http: https:";

// The CSP connect-src sources for a LiveKit URL: its origin in both the WebSocket and the HTTP
// scheme (LiveKit's client uses both), plus *.livekit.cloud region hosts for a Cloud URL.
[[nodiscard]] std::string livekit_connect_sources(std::string_view livekit_url);

}  // namespace lkm::api
