// auth::TokenVerifier with a fixed key set and a fixed "now".
// The first byte picks what the rest is:
//   even: a whole token, verified as it is (what an attacker can send);
//   odd:  "<header JSON>\n<payload JSON>", encoded and signed here with the secret of the key the
//         payload's "iss" names (or "abcdefg"), so that the claim checks after the signature are
//         reached too.
// Properties: an accepted token's issuer is a configured key, it is inside its validity window,
// verifying again gives the same claims, and a token minted by AccessToken from those claims
// verifies to the same grants.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json/parse.hpp>

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"
#include "auth/hmac.hpp"
#include "auth/token_verifier.hpp"

namespace {

using namespace lkm;
using namespace lkm::auth;

constexpr std::int64_t kNow = 1'800'000'000;

void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

const KeyProvider& keys() {
  static const KeyProvider provider = [] {
    KeyProvider keys;
    keys.add("abcdefg", Secret("abababa"));  // the protocol notes' test vector
    keys.add("APIkey", Secret("a-secret-that-is-long-enough-0123456789"));
    keys.add("empty", Secret(""));  // must never verify anything
    return keys;
  }();
  return provider;
}

// The secret of the key the payload's "iss" names, else the test vector's.
std::string_view signing_secret(std::string_view payload) {
  boost::system::error_code error;
  const boost::json::value value = boost::json::parse(payload, error);
  if (!error && value.is_object()) {
    if (const auto* iss = value.get_object().if_contains("iss"); iss && iss->is_string()) {
      if (const Secret* secret = keys().find(iss->get_string())) return secret->reveal();
    }
  }
  return keys().find("abcdefg")->reveal();
}

std::string sign(std::string_view header, std::string_view payload) {
  std::string token = base64url_encode(header) + "." + base64url_encode(payload);
  const Digest digest = hmac_sha256(signing_secret(payload), token);
  return token + "." +
         base64url_encode(std::string_view(reinterpret_cast<const char*>(digest.data()),
                                           digest.size()));  // NOLINT
}

bool same_grants(const ClaimGrants& a, const ClaimGrants& b) {
  return a.name == b.name && a.metadata == b.metadata && a.attributes == b.attributes &&
         a.video == b.video && a.sip == b.sip && a.kind == b.kind && a.sha256 == b.sha256 &&
         a.room_preset == b.room_preset && a.room_config == b.room_config;
}

// Mints a token carrying `claims`' grants and identity; it must verify to the same grants.
void check_reminted(const TokenVerifier& verifier, const Claims& claims) {
  const ClaimGrants& grants = claims.grants;
  AccessToken token(claims.issuer, *keys().find(claims.issuer));
  token.identity(claims.identity)
      .name(grants.name)
      .metadata(grants.metadata)
      .attributes(grants.attributes)
      .kind(grants.kind)
      .sha256(grants.sha256)
      .room_preset(grants.room_preset)
      .ttl(std::chrono::minutes(10));
  if (grants.room_config) token.room_config(*grants.room_config);
  if (grants.video) token.add_grant(*grants.video);
  if (grants.sip) token.add_sip_grant(*grants.sip);
  const auto jwt = token.to_jwt(kNow);
  if (!jwt) {
    check(jwt.error() == MintError::identity_required && claims.identity.empty(),
          "a verified token's claims can be minted again");
    return;
  }
  // Re-serialised JSON may be a little longer than the original: then it is over the limit.
  if (jwt->size() > kMaxTokenBytes) return;
  const auto again = verifier.verify(*jwt, kNow);
  check(again.ok(), "a minted token verifies");
  check(again->identity == claims.identity, "identity survives minting");
  check(same_grants(again->grants, grants), "grants survive minting");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);  // NOLINT
  std::string token;
  if ((data[0] & 1U) == 0) {
    token = rest;
  } else {
    const std::size_t newline = rest.find('\n');
    if (newline == std::string_view::npos) return 0;
    token = sign(rest.substr(0, newline), rest.substr(newline + 1));
  }

  const TokenVerifier verifier(keys());
  const auto result = verifier.verify(token, kNow);
  if (!result) {
    check(!to_string(result.error().code).empty() && !result.error().message.empty(),
          "a refusal says why");
    return 0;
  }
  const Claims& claims = *result;
  const Secret* secret = keys().find(claims.issuer);
  check(secret != nullptr && !secret->empty(), "issuer is a configured key with a secret");
  check(token.size() <= kMaxTokenBytes, "size limit");
  check(kNow - kDefaultLeeway.count() <= claims.expires_at, "not expired");
  check(claims.not_before <= kNow + kDefaultLeeway.count(), "not before nbf");

  const auto again = verifier.verify(token, kNow);
  check(again.ok() && again->payload == claims.payload && same_grants(again->grants, claims.grants),
        "verification is deterministic");
  check_reminted(verifier, claims);
  return 0;
}
