#include "auth/oidc_discovery.hpp"

#include <algorithm>
#include <system_error>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace lkm::auth {
namespace {

constexpr std::size_t kMaxUrlBytes = 2048;

bool is_printable_ascii(std::string_view text) {
  return std::ranges::all_of(text, [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

// An absolute URL of the scheme with a host, no fragment, no user info, nothing unprintable.
bool is_endpoint(std::string_view url, std::string_view scheme) {
  const std::string prefix = std::string(scheme) + "://";
  if (url.size() > kMaxUrlBytes || !url.starts_with(prefix) || !is_printable_ascii(url)) {
    return false;
  }
  const std::string_view rest = url.substr(prefix.size());
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  return !authority.empty() && authority.find('@') == std::string_view::npos &&
         url.find('#') == std::string_view::npos;
}

const boost::json::string* string_field(const boost::json::object& doc, std::string_view name) {
  const auto* value = doc.if_contains(name);
  return value == nullptr ? nullptr : value->if_string();
}

// A list of strings, or nullopt-like (nullptr) when absent; `ok` false when present but not one.
struct StringList {
  bool present = false;
  bool ok = true;
  std::vector<std::string> items;
};

StringList string_list(const boost::json::object& doc, std::string_view name) {
  StringList list;
  const auto* value = doc.if_contains(name);
  if (value == nullptr) return list;
  list.present = true;
  const auto* array = value->if_array();
  if (array == nullptr) {
    list.ok = false;
    return list;
  }
  for (const auto& item : *array) {
    const auto* text = item.if_string();
    if (text == nullptr) {
      list.ok = false;
      return list;
    }
    list.items.emplace_back(*text);
  }
  return list;
}

bool holds(const StringList& list, std::string_view item) {
  return std::ranges::find(list.items, item) != list.items.end();
}

}  // namespace

std::string discovery_url(std::string_view issuer) {
  while (issuer.ends_with('/')) issuer.remove_suffix(1);
  return std::string(issuer) + "/.well-known/openid-configuration";
}

Result<ProviderMetadata, std::string> parse_discovery(std::string_view body,
                                                      std::string_view expected_issuer) {
  if (body.size() > kMaxDiscoveryBytes) {
    return fail(std::string("the discovery document is larger than 64 KiB"));
  }
  std::error_code ec;
  boost::json::value parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return fail(std::string("the discovery document is not a JSON object"));
  }
  const auto& doc = parsed.as_object();
  ProviderMetadata meta;

  const auto* issuer = string_field(doc, "issuer");
  if (issuer == nullptr || *issuer != expected_issuer) {
    return fail(std::string("the discovery document's issuer is not the configured issuer ") +
                std::string(expected_issuer));
  }
  meta.issuer = std::string(*issuer);
  const std::string_view scheme = expected_issuer.starts_with("http://") ? "http" : "https";

  struct Endpoint {
    std::string_view name;
    std::string* target;
    bool required;
  };
  const Endpoint endpoints[] = {
      {"authorization_endpoint", &meta.authorization_endpoint, true},
      {"token_endpoint", &meta.token_endpoint, true},
      {"jwks_uri", &meta.jwks_uri, true},
      {"userinfo_endpoint", &meta.userinfo_endpoint, false},
      {"end_session_endpoint", &meta.end_session_endpoint, false},
  };
  for (const Endpoint& endpoint : endpoints) {
    const auto* value = string_field(doc, endpoint.name);
    if (value == nullptr) {
      if (!endpoint.required && !doc.contains(endpoint.name)) continue;
      return fail("the discovery document has no " + std::string(endpoint.name));
    }
    if (!is_endpoint(*value, scheme)) {
      return fail("the discovery document's " + std::string(endpoint.name) + " is not an " +
                  std::string(scheme) + " URL");
    }
    *endpoint.target = std::string(*value);
  }

  const StringList algs = string_list(doc, "id_token_signing_alg_values_supported");
  if (!algs.present || !algs.ok || algs.items.empty()) {
    return fail(
        std::string("the discovery document lists no id_token_signing_alg_values_supported"));
  }
  meta.id_token_signing_algs = algs.items;

  const StringList responses = string_list(doc, "response_types_supported");
  if (responses.present && (!responses.ok || !holds(responses, "code"))) {
    return fail(std::string("the provider does not offer the authorization code flow"));
  }
  const StringList challenges = string_list(doc, "code_challenge_methods_supported");
  if (challenges.present && (!challenges.ok || !holds(challenges, "S256"))) {
    return fail(std::string("the provider does not offer PKCE with S256"));
  }
  // Without the field, the provider takes client_secret_basic (Discovery, section 3).
  const StringList methods = string_list(doc, "token_endpoint_auth_methods_supported");
  if (methods.present) {
    if (methods.ok && holds(methods, "client_secret_basic")) {
      meta.client_auth = ClientAuthMethod::secret_basic;
    } else if (methods.ok && holds(methods, "client_secret_post")) {
      meta.client_auth = ClientAuthMethod::secret_post;
    } else {
      return fail(std::string(
          "the provider takes neither client_secret_basic nor client_secret_post at its token "
          "endpoint"));
    }
  }
  return meta;
}

}  // namespace lkm::auth
