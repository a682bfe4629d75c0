#include "auth/oidc_discovery.hpp"

#include <gtest/gtest.h>

#include <string>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace lkm::auth {
namespace {

constexpr std::string_view kIssuer = "https://id.example.org/realms/staff";

// A provider's document as Keycloak's looks, trimmed to what matters here.
boost::json::object document() {
  return {
      {"issuer", kIssuer},
      {"authorization_endpoint",
       "https://id.example.org/realms/staff/protocol/openid-connect/auth"},
      {"token_endpoint", "https://id.example.org/realms/staff/protocol/openid-connect/token"},
      {"jwks_uri", "https://id.example.org/realms/staff/protocol/openid-connect/certs"},
      {"userinfo_endpoint", "https://id.example.org/realms/staff/protocol/openid-connect/userinfo"},
      {"end_session_endpoint",
       "https://id.example.org/realms/staff/protocol/openid-connect/logout"},
      {"response_types_supported", boost::json::array{"code", "id_token", "code id_token"}},
      {"id_token_signing_alg_values_supported", boost::json::array{"PS256", "RS256", "ES256"}},
      {"code_challenge_methods_supported", boost::json::array{"plain", "S256"}},
      {"token_endpoint_auth_methods_supported",
       boost::json::array{"private_key_jwt", "client_secret_basic", "client_secret_post"}},
  };
}

Result<ProviderMetadata, std::string> parse(const boost::json::object& doc,
                                            std::string_view issuer = kIssuer) {
  return parse_discovery(boost::json::serialize(doc), issuer);
}

std::string refusal(const boost::json::object& doc) {
  auto meta = parse(doc);
  EXPECT_FALSE(meta);
  return meta ? std::string() : meta.error();
}

TEST(OidcDiscovery, ReadsWhatTheFlowNeeds) {
  auto meta = parse(document());
  ASSERT_TRUE(meta) << meta.error();
  EXPECT_EQ(meta->issuer, kIssuer);
  EXPECT_EQ(meta->authorization_endpoint,
            "https://id.example.org/realms/staff/protocol/openid-connect/auth");
  EXPECT_EQ(meta->token_endpoint,
            "https://id.example.org/realms/staff/protocol/openid-connect/token");
  EXPECT_EQ(meta->jwks_uri, "https://id.example.org/realms/staff/protocol/openid-connect/certs");
  EXPECT_EQ(meta->userinfo_endpoint,
            "https://id.example.org/realms/staff/protocol/openid-connect/userinfo");
  EXPECT_EQ(meta->end_session_endpoint,
            "https://id.example.org/realms/staff/protocol/openid-connect/logout");
  EXPECT_EQ(meta->id_token_signing_algs, (std::vector<std::string>{"PS256", "RS256", "ES256"}));
  EXPECT_EQ(meta->client_auth, ClientAuthMethod::secret_basic);
}

TEST(OidcDiscovery, TakesTheOptionalPartsAsAbsent) {
  auto doc = document();
  for (const char* name :
       {"userinfo_endpoint", "end_session_endpoint", "response_types_supported",
        "code_challenge_methods_supported", "token_endpoint_auth_methods_supported"}) {
    doc.erase(name);
  }
  auto meta = parse(doc);
  ASSERT_TRUE(meta) << meta.error();
  EXPECT_EQ(meta->userinfo_endpoint, "");
  EXPECT_EQ(meta->end_session_endpoint, "");
  // Without the list, client_secret_basic is what the provider takes.
  EXPECT_EQ(meta->client_auth, ClientAuthMethod::secret_basic);
}

TEST(OidcDiscovery, UsesClientSecretPostWhenItIsTheOnlyOneOffered) {
  auto doc = document();
  doc["token_endpoint_auth_methods_supported"] = boost::json::array{"client_secret_post"};
  auto meta = parse(doc);
  ASSERT_TRUE(meta) << meta.error();
  EXPECT_EQ(meta->client_auth, ClientAuthMethod::secret_post);
  doc["token_endpoint_auth_methods_supported"] = boost::json::array{"private_key_jwt"};
  EXPECT_EQ(refusal(doc),
            "the provider takes neither client_secret_basic nor client_secret_post at its token "
            "endpoint");
}

TEST(OidcDiscovery, RefusesAnotherIssuer) {
  for (const char* issuer :
       {"https://id.example.org/realms/staff/", "https://ID.example.org/realms/staff",
        "https://evil.example/realms/staff", ""}) {
    auto doc = document();
    doc["issuer"] = issuer;
    EXPECT_EQ(refusal(doc),
              "the discovery document's issuer is not the configured issuer "
              "https://id.example.org/realms/staff")
        << issuer;
  }
  auto doc = document();
  doc.erase("issuer");
  EXPECT_FALSE(parse(doc));
  doc["issuer"] = 42;
  EXPECT_FALSE(parse(doc));
}

TEST(OidcDiscovery, RefusesAMissingOrUnsafeEndpoint) {
  for (const char* name : {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
    auto doc = document();
    doc.erase(name);
    EXPECT_EQ(refusal(doc), std::string("the discovery document has no ") + name);
  }
  for (const char* url :
       {"http://id.example.org/token", "/token", "https://", "https://user@evil.example/token",
        "https://id.example.org/token#x", "https://id.example.org/to ken", "javascript:alert(1)",
        "ftp://id.example.org/token"}) {
    auto doc = document();
    doc["token_endpoint"] = url;
    EXPECT_EQ(refusal(doc), "the discovery document's token_endpoint is not an https URL") << url;
  }
  auto doc = document();
  doc["userinfo_endpoint"] = 7;
  EXPECT_EQ(refusal(doc), "the discovery document has no userinfo_endpoint");
}

TEST(OidcDiscovery, TakesHttpEndpointsOnlyForAnHttpIssuer) {
  auto doc = document();
  const std::string local = "http://127.0.0.1:4000";
  doc["issuer"] = local;
  for (const char* name : {"authorization_endpoint", "token_endpoint", "jwks_uri",
                           "userinfo_endpoint", "end_session_endpoint"}) {
    doc[name] = local + "/" + name;
  }
  auto meta = parse(doc, local);
  ASSERT_TRUE(meta) << meta.error();
  EXPECT_EQ(meta->jwks_uri, "http://127.0.0.1:4000/jwks_uri");
}

TEST(OidcDiscovery, RefusesAProviderWithoutWhatTheFlowNeeds) {
  auto doc = document();
  doc["response_types_supported"] = boost::json::array{"id_token"};
  EXPECT_EQ(refusal(doc), "the provider does not offer the authorization code flow");
  doc = document();
  doc["code_challenge_methods_supported"] = boost::json::array{"plain"};
  EXPECT_EQ(refusal(doc), "the provider does not offer PKCE with S256");
  doc = document();
  doc["id_token_signing_alg_values_supported"] = boost::json::array{};
  EXPECT_EQ(refusal(doc), "the discovery document lists no id_token_signing_alg_values_supported");
  doc["id_token_signing_alg_values_supported"] = "RS256";
  EXPECT_FALSE(parse(doc));
  doc["id_token_signing_alg_values_supported"] = boost::json::array{"RS256", 256};
  EXPECT_FALSE(parse(doc));
}

TEST(OidcDiscovery, RefusesWhatIsNotADocument) {
  for (const char* body : {"", "null", "[]", "\"issuer\"", "{", "<html>"}) {
    auto meta = parse_discovery(body, kIssuer);
    ASSERT_FALSE(meta) << body;
    EXPECT_EQ(meta.error(), "the discovery document is not a JSON object");
  }
  const std::string huge(kMaxDiscoveryBytes + 1, ' ');
  EXPECT_EQ(parse_discovery(huge, kIssuer).error(), "the discovery document is larger than 64 KiB");
}

TEST(OidcDiscovery, FindsTheDocumentBelowTheIssuer) {
  EXPECT_EQ(discovery_url("https://id.example.org/realms/staff"),
            "https://id.example.org/realms/staff/.well-known/openid-configuration");
  EXPECT_EQ(discovery_url("https://accounts.example.com/"),
            "https://accounts.example.com/.well-known/openid-configuration");
}

}  // namespace
}  // namespace lkm::auth
