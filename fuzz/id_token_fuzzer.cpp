// auth::IdTokenValidator against a provider with two RSA keys (one bound to PS256), a P-256 and
// an Ed25519 key (made at start-up) and a fixed "now", issuer, client id and nonce. The first byte
// picks what the rest is:
//   bit 0 clear: a whole token, validated as it is (what an attacker can send);
//   bit 0 set:   "<header JSON>\n<payload JSON>", signed here with the key the header's kid names
//                (else the one its alg fits, else RSA), so that the checks after the signature
//                are reached too;
//   bit 1:       the provider publishes its keys (but the second RSA one) without kids.
// LKM_FUZZ_DUMP=1 prints each outcome (for writing seeds).
// Properties: a refusal says why in one of a few fixed texts (so it quotes nothing of the token);
// an accepted token is signed under one of the four algorithms, by the configured issuer for this
// client (and azp when there are several audiences), carries this nonce, a subject, and is inside
// exp and iat with the leeway; validating again gives the same claims.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include <boost/json/parse.hpp>

#include "auth/base64url.hpp"
#include "auth/id_token.hpp"
#include "jose_test_keys.hpp"

namespace {

using namespace lkm;
using namespace lkm::auth;

constexpr std::int64_t kNow = 1'800'000'000;
constexpr const char* kIssuer = "https://id.example.org";
constexpr const char* kClient = "livekit-meet";
constexpr const char* kNonce = "fuzz-nonce";
constexpr std::size_t kMaxMessages = 64;

void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

struct Provider {
  test::KeyPair rsa = test::make_rsa_key();
  test::KeyPair rsa2 = test::make_rsa_key();
  test::KeyPair p256 = test::make_p256_key();
  test::KeyPair ed25519 = test::make_ed25519_key();
  Jwks with_kids;
  Jwks without_kids;
  IdTokenValidator validator{{kIssuer, kClient, {"RS256", "PS256", "ES256", "EdDSA"}}};

  Provider() {
    const auto bound = test::public_jwk(rsa2, "rsa-2", "PS256");
    with_kids = *parse_jwks(test::jwks_document({test::public_jwk(rsa, "rsa"), bound,
                                                 test::public_jwk(p256, "ec", "ES256"),
                                                 test::public_jwk(ed25519, "ed")}));
    without_kids = *parse_jwks(
        test::jwks_document({test::public_jwk(rsa, ""), bound, test::public_jwk(p256, ""),
                             test::public_jwk(ed25519, "")}));
  }
};

const Provider& provider() {
  static const Provider made;
  return made;
}

std::string string_member(const boost::json::value& object, std::string_view name) {
  const boost::json::value* value =
      object.is_object() ? object.get_object().if_contains(name) : nullptr;
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : "";
}

// The signature the provider would make over header and payload: the key the kid names, else the
// one the alg fits, under the alg when the key can sign it.
std::string sign(std::string_view header, std::string_view payload) {
  boost::system::error_code error;
  const boost::json::value parsed = boost::json::parse(header, error);
  const std::string kid = error ? "" : string_member(parsed, "kid");
  const std::string alg = error ? "" : string_member(parsed, "alg");
  const Provider& keys = provider();
  const std::string input = test::signing_input(header, payload);
  if (kid == "ec" || (kid.empty() && alg == "ES256")) {
    return test::with_signature(input, test::sign(keys.p256, "ES256", input));
  }
  if (kid == "rsa-2") return test::with_signature(input, test::sign(keys.rsa2, "PS256", input));
  if (kid == "ed" || (kid.empty() && alg == "EdDSA")) {
    return test::with_signature(input, test::sign(keys.ed25519, "EdDSA", input));
  }
  return test::with_signature(input,
                              test::sign(keys.rsa, alg == "PS256" ? "PS256" : "RS256", input));
}

bool is_client(const boost::json::value& value) {
  return value.is_string() && value.get_string() == kClient;
}

void check_accepted(std::string_view token, const IdTokenClaims& claims) {
  const auto header = base64url_decode(token.substr(0, token.find('.')));
  boost::system::error_code error;
  const boost::json::value parsed = boost::json::parse(header.value_or(""), error);
  const std::string alg = error ? "" : string_member(parsed, "alg");
  check(alg == "RS256" || alg == "PS256" || alg == "ES256" || alg == "EdDSA",
        "only the four algorithms are accepted");
  check(token.size() <= kMaxIdTokenBytes, "size limit");
  check(claims.issuer == kIssuer && !claims.subject.empty(), "issuer and subject");
  check(claims.expires_at >= kNow - kDefaultIdTokenLeeway.count(), "not expired");
  check(claims.issued_at <= kNow + kDefaultIdTokenLeeway.count(), "not issued in the future");
  const boost::json::value* nonce = claims.payload.if_contains("nonce");
  check(nonce != nullptr && nonce->is_string() && nonce->get_string() == kNonce, "the nonce");
  const boost::json::value* aud = claims.payload.if_contains("aud");
  check(aud != nullptr, "an audience");
  if (aud->is_string()) {
    check(is_client(*aud), "the client is the audience");
  } else {
    check(aud->is_array(), "aud is a string or an array");
    bool listed = false;
    for (const auto& entry : aud->get_array()) listed = listed || is_client(entry);
    check(listed, "the client is an audience");
    const boost::json::value* azp = claims.payload.if_contains("azp");
    check(aud->get_array().size() == 1 || (azp != nullptr && is_client(*azp)),
          "azp names the client when there are several audiences");
  }
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
  const Provider& keys = provider();
  const Jwks& jwks = (data[0] & 2U) == 0 ? keys.with_kids : keys.without_kids;

  const auto result = keys.validator.validate(token, jwks, kNonce, kNow);
  if (std::getenv("LKM_FUZZ_DUMP") != nullptr) {
    std::fprintf(stderr, "id_token: %s\n",
                 result ? "accepted" : std::string(to_string(result.error().code)).c_str());
  }
  if (!result) {
    const IdTokenFailure& failure = result.error();
    check(to_string(failure.code) != "unknown" && !failure.message.empty(), "a refusal says why");
    // A message quoting any of the token would make new texts without end.
    static std::set<std::string> messages;
    messages.insert(failure.message);
    check(messages.size() <= kMaxMessages && failure.message.find(kNonce) == std::string::npos,
          "a refusal's message is one of a few fixed texts");
    return 0;
  }
  check_accepted(token, *result);
  const auto again = keys.validator.validate(token, jwks, kNonce, kNow);
  check(again.ok() && again->payload == result->payload && again->subject == result->subject,
        "validation is deterministic");
  return 0;
}
