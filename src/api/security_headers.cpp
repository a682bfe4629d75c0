#include "api/security_headers.hpp"

#include <string>

#include <boost/url/parse.hpp>

namespace lkm::api {

std::string livekit_connect_sources(std::string_view livekit_url) {
  const auto parsed = boost::urls::parse_absolute_uri(livekit_url);
  if (!parsed) return {};
  const std::string scheme(parsed->scheme());
  const bool secure = scheme == "wss" || scheme == "https";
  const std::string authority(parsed->encoded_host_and_port());
  std::string sources = (secure ? "wss://" : "ws://") + authority + " " +
                        (secure ? "https://" : "http://") + authority;
  const std::string host(parsed->host());
  if (host == "livekit.cloud" || host.ends_with(".livekit.cloud")) {
    sources += " wss://*.livekit.cloud https://*.livekit.cloud";
  }
  return sources;
}

std::string content_security_policy(std::string_view connect_sources) {
  return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' "
         "'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; "
         "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self' " +
         std::string(connect_sources) +
         "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}

http::DefaultHeaders security_headers(std::string_view livekit_url) {
  const std::string csp = content_security_policy(livekit_connect_sources(livekit_url));
  http::DefaultHeaders headers;
  headers.every = {
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  };
  headers.active = {
      {"Content-Security-Policy", csp},
      {"Permissions-Policy",
       "camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), "
       "geolocation=(), payment=(), usb=()"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Embedder-Policy", "credentialless"},
  };
  headers.passive = {{"Content-Security-Policy", std::string(kPassiveContentSecurityPolicy)}};
  return headers;
}

}  // namespace lkm::api
