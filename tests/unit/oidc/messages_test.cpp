#include "oidc/messages.hpp"

#include <gtest/gtest.h>

#include <string>

#include "auth/base64url.hpp"

namespace lkm::oidc {
namespace {

std::string header(const http::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

TEST(FormEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(form_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(form_encode("a b+c&d=e/f?g"), "a%20b%2Bc%26d%3De%2Ff%3Fg");
  EXPECT_EQ(form_encode("\xC3\xA9"), "%C3%A9");
  EXPECT_EQ(form_encode(std::string("\0", 1)), "%00");
}

TEST(AuthorizationUrl, CarriesTheCodeFlowWithPkce) {
  const AuthorizationRequest request{"meet client",
                                     "https://meet.example.org/auth/callback",
                                     "openid profile email",
                                     "the-state",
                                     "the-nonce",
                                     "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"};
  EXPECT_EQ(authorization_url("https://id.example.org/auth", request),
            "https://id.example.org/auth?response_type=code&client_id=meet%20client"
            "&redirect_uri=https%3A%2F%2Fmeet.example.org%2Fauth%2Fcallback"
            "&scope=openid%20profile%20email&state=the-state&nonce=the-nonce"
            "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
            "&code_challenge_method=S256");
  // An endpoint with a query of its own keeps it.
  const auto url = authorization_url("https://id.example.org/auth?tenant=a", request);
  EXPECT_TRUE(url.starts_with("https://id.example.org/auth?tenant=a&response_type=code&")) << url;
}

TEST(TokenRequest, AuthenticatesWithHttpBasicByDefault) {
  const auto request = token_request(auth::ClientAuthMethod::secret_basic, "meet:app",
                                     Secret("s3cr3t/+"), "the code", "https://m/cb", "verifier");
  EXPECT_EQ(request.body,
            "grant_type=authorization_code&code=the%20code&redirect_uri=https%3A%2F%2Fm%2Fcb"
            "&code_verifier=verifier");
  // RFC 6749 section 2.3.1: id and secret form-encoded, then "id:secret" in Base64.
  const std::string basic = header(request.headers, "Authorization");
  ASSERT_TRUE(basic.starts_with("Basic ")) << basic;
  std::string encoded = basic.substr(6);
  for (char& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (encoded.ends_with("=")) encoded.pop_back();
  EXPECT_EQ(auth::base64url_decode(encoded), "meet%3Aapp:s3cr3t%2F%2B");
  EXPECT_EQ(header(request.headers, "Content-Type"), "application/x-www-form-urlencoded");
}

TEST(TokenRequest, PutsTheSecretInTheFormForClientSecretPost) {
  const auto request = token_request(auth::ClientAuthMethod::secret_post, "meet", Secret("s&t"),
                                     "c", "https://m/cb", "v");
  EXPECT_EQ(request.body,
            "grant_type=authorization_code&code=c&redirect_uri=https%3A%2F%2Fm%2Fcb"
            "&code_verifier=v&client_id=meet&client_secret=s%26t");
  EXPECT_EQ(header(request.headers, "Authorization"), "");
}

TEST(TokenResponse, HoldsTheIdToken) {
  auto parsed = parse_token_response(
      200, R"({"access_token":"at","token_type":"Bearer","id_token":"a.b.c","expires_in":60})");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->id_token, "a.b.c");
  EXPECT_EQ(parsed->access_token, "at");
}

TEST(TokenResponse, RefusesWhatIsNotASuccess) {
  auto refused = parse_token_response(
      400, R"({"error":"invalid_grant","error_description":"grant request is invalid"})");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("invalid_grant"), std::string::npos);
  EXPECT_EQ(refused.error().find("grant request is invalid"), std::string::npos);
  // An error code that is not a plain word is not repeated.
  auto odd = parse_token_response(400, R"({"error":"<script>"})");
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().find("<script>"), std::string::npos);
  EXPECT_FALSE(parse_token_response(200, "not json"));
  EXPECT_FALSE(parse_token_response(200, R"({"access_token":"at","token_type":"Bearer"})"));
  EXPECT_FALSE(parse_token_response(200, R"({"id_token":"a.b.c","token_type":"MAC"})"));
  EXPECT_FALSE(parse_token_response(200, std::string(kMaxTokenResponseBytes + 1, ' ')));
}

TEST(Userinfo, ReadsTheNameAndTheEmail) {
  auto info = parse_userinfo(
      R"({"sub":"u1","name":"Ada","preferred_username":"ada","email":"ada@x.org","email_verified":true})");
  ASSERT_TRUE(info) << info.error();
  EXPECT_EQ(info->subject, "u1");
  EXPECT_EQ(info->name, "Ada");
  EXPECT_EQ(info->preferred_username, "ada");
  EXPECT_EQ(info->email, "ada@x.org");
  EXPECT_TRUE(info->email_verified);
  auto unverified = parse_userinfo(R"({"sub":"u1","email":"a@x.org","email_verified":"true"})");
  ASSERT_TRUE(unverified);
  EXPECT_FALSE(unverified->email_verified);
  EXPECT_FALSE(parse_userinfo(R"({"name":"no subject"})"));
  EXPECT_FALSE(parse_userinfo("[]"));
}

TEST(EndSession, NamesTheClientAndWhereToReturn) {
  EXPECT_EQ(end_session_url("https://id.example.org/logout", "meet", "https://meet.example.org/"),
            "https://id.example.org/logout?client_id=meet"
            "&post_logout_redirect_uri=https%3A%2F%2Fmeet.example.org%2F");
}

}  // namespace
}  // namespace lkm::oidc
