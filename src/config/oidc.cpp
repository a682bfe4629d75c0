#include "config/oidc.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <string_view>

#include <boost/url/parse.hpp>

#include "config/config.hpp"
#include "config/settings.hpp"

namespace lkm::config {
namespace {

constexpr std::size_t kMaxSecretBytes = 4096;

bool is_token_char(char c) {
  // A scope token (RFC 6749 section 3.3): printable ASCII except space, '"' and '\'.
  return c > 0x20 && c < 0x7f && c != '"' && c != '\\';
}

// "openid profile email": space-separated scope tokens, openid among them.
std::optional<std::string> scopes_error(std::string_view text) {
  bool openid = false;
  std::size_t count = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    if (text[at] == ' ') {
      ++at;
      continue;
    }
    const auto end = std::min(text.find(' ', at), text.size());
    const auto token = text.substr(at, end - at);
    for (const char c : token) {
      if (!is_token_char(c)) return std::string("holds a character that is not allowed in a scope");
    }
    if (token == "openid") openid = true;
    ++count;
    at = end;
  }
  if (count == 0) return std::string("is empty");
  if (count > 32 || text.size() > 1024) return std::string("names too many scopes");
  if (!openid) return std::string("must include openid");
  return std::nullopt;
}

// An http(s) URL with a host, no user info, query or fragment; the path kept as given.
std::optional<std::string> issuer_error(std::string_view text) {
  auto url = boost::urls::parse_absolute_uri(text);
  if (!url) return std::string("is not an absolute URL");
  if (url->scheme() != "https" && url->scheme() != "http") return std::string("must be https");
  if (!url->has_authority() || url->host().empty()) return std::string("has no host");
  // After the authority comes "/" or nothing ("http://127.0.0.1.evil.test" is not 127.0.0.1).
  if (const auto path = url->encoded_path(); !path.empty() && !path.starts_with("/")) {
    return std::string("has a host that is not a valid name or address");
  }
  // Over plain HTTP, anyone on the way could swap the provider's keys and sign people in as
  // anyone: http only for a provider on this machine (a test provider on loopback).
  if (url->scheme() == "http") {
    const auto type = url->host_type();
    const bool loopback =
        (type == boost::urls::host_type::name && url->host() == "localhost") ||
        (type == boost::urls::host_type::ipv4 && url->host_ipv4_address().is_loopback()) ||
        (type == boost::urls::host_type::ipv6 && url->host_ipv6_address().is_loopback());
    if (!loopback) return std::string("must be https (http only for localhost or 127.0.0.1)");
  }
  if (url->has_userinfo()) return std::string("must not hold user info");
  if (url->has_query() || url->has_fragment()) {
    return std::string("must not have a query or fragment");
  }
  return std::nullopt;
}

Result<Secret, ConfigError> read_client_secret(const std::string& path, const std::string& origin) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return fail(ConfigError{origin + ": cannot read " + path});
  std::string content(kMaxSecretBytes + 1, '\0');
  file.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(file.gcount()));
  if (content.size() > kMaxSecretBytes) {
    return fail(ConfigError{origin + ": " + path + " is longer than 4096 bytes"});
  }
  while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) {
    content.pop_back();
  }
  if (content.empty()) return fail(ConfigError{origin + ": " + path + " is empty"});
  return Secret(std::move(content));
}

Result<bool, ConfigError> read_bool(const Settings& settings, std::string_view key) {
  const auto* value = settings.find(key);
  if (value == nullptr) return false;
  if (value->text == "true" || value->text == "1" || value->text.empty()) return true;
  if (value->text == "false" || value->text == "0") return false;
  return fail(ConfigError{value->origin + " must be true or false"});
}

}  // namespace

Result<std::optional<OidcSettings>, ConfigError> load_oidc(const Settings& settings,
                                                           const std::string& public_url) {
  auto require_sign_in = read_bool(settings, "require-sign-in");
  if (!require_sign_in) return fail(std::move(require_sign_in).error());
  const auto* issuer = settings.find("oidc-issuer");
  if (issuer == nullptr) {
    static constexpr std::array kNeedIssuer = {"oidc-client-id", "oidc-client-secret",
                                               "oidc-client-secret-file", "oidc-scopes",
                                               "oidc-organizers"};
    for (const auto* key : kNeedIssuer) {
      if (const auto* value = settings.find(key)) {
        return fail(ConfigError{value->origin + " needs --oidc-issuer"});
      }
    }
    if (*require_sign_in) {
      return fail(ConfigError{settings.origin("require-sign-in") +
                              " needs sign-in through an OpenID Connect provider: set "
                              "--oidc-issuer"});
    }
    return std::optional<OidcSettings>();
  }
  OidcSettings oidc;
  oidc.require_sign_in = *require_sign_in;
  // Exactly as given, a trailing slash included: discovery and ID tokens must state the very same
  // issuer (OpenID Connect Discovery 1.0, section 4.3), and some providers end theirs with "/".
  if (auto error = issuer_error(issuer->text)) {
    return fail(ConfigError{issuer->origin + " " + *error + ": give the provider's issuer URL"});
  }
  oidc.issuer = issuer->text;
  if (public_url.empty()) {
    return fail(ConfigError{issuer->origin +
                            " needs --public-url (MEET_PUBLIC_URL): the provider sends people "
                            "back to <public-url>/auth/callback"});
  }
  const auto client_id = settings.text("oidc-client-id");
  if (!client_id || client_id->empty()) {
    return fail(ConfigError{issuer->origin + " needs --oidc-client-id (MEET_OIDC_CLIENT_ID)"});
  }
  if (client_id->size() > 512) {
    return fail(ConfigError{settings.origin("oidc-client-id") + " is longer than 512 bytes"});
  }
  oidc.client_id = *client_id;
  if (const auto* file = settings.find("oidc-client-secret-file")) {
    auto secret = read_client_secret(file->text, file->origin);
    if (!secret) return fail(std::move(secret).error());
    oidc.client_secret = std::move(secret).value();
  } else if (auto text = settings.text("oidc-client-secret"); text && !text->empty()) {
    if (text->size() > kMaxSecretBytes) {
      return fail(
          ConfigError{settings.origin("oidc-client-secret") + " is longer than 4096 bytes"});
    }
    oidc.client_secret = Secret(std::move(*text));
  } else {
    return fail(ConfigError{issuer->origin +
                            " needs the client secret: set MEET_OIDC_CLIENT_SECRET or "
                            "--oidc-client-secret-file"});
  }
  if (const auto* scopes = settings.find("oidc-scopes")) {
    if (auto error = scopes_error(scopes->text)) {
      return fail(ConfigError{scopes->origin + " " + *error});
    }
    oidc.scopes = scopes->text;
  }
  if (const auto* rule = settings.find("oidc-organizers")) {
    auto parsed = auth::parse_organizer_rule(rule->text);
    if (!parsed) return fail(ConfigError{rule->origin + ": " + parsed.error()});
    oidc.organizers = std::move(parsed).value();
  }
  return std::optional<OidcSettings>(std::move(oidc));
}

}  // namespace lkm::config
