// Microbenchmarks of the token path: what one /api/connection-details request spends on minting,
// what the LiveKit server side spends on verifying, and the cost of the HMAC-SHA256 underneath.
#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"
#include "auth/grants.hpp"
#include "auth/hmac.hpp"
#include "auth/key_provider.hpp"
#include "auth/token_verifier.hpp"
#include "core/secret.hpp"

namespace {

using lkm::Secret;
namespace auth = lkm::auth;

constexpr std::string_view kApiKey = "APIbenchKey0001";
constexpr std::string_view kApiSecret = "bench-secret-0123456789abcdefghijklmnopqrstuv";
constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::chrono::seconds kMeetTtl{5 * 60};

// The token LiveKit Meet's connection-details hands out for roomName=bench&participantName=alice.
auth::AccessToken meet_token() {
  auth::AccessToken token{std::string(kApiKey), Secret(std::string(kApiSecret))};
  token.identity("alice__k3x9").name("alice").metadata("").ttl(kMeetTtl);
  auth::VideoGrant grant;
  grant.room = "bench";
  grant.room_join = true;
  grant.can_publish = true;
  grant.can_publish_data = true;
  grant.can_subscribe = true;
  token.add_grant(grant);
  return token;
}

std::string minted_token() {
  auto jwt = meet_token().to_jwt(kNow);
  if (!jwt) {
    std::cerr << "cannot mint the benchmark token\n";
    std::abort();
  }
  return std::move(jwt).value();
}

// "header.payload": the bytes the signature covers.
std::string signing_input() {
  const std::string token = minted_token();
  return token.substr(0, token.rfind('.'));
}

// Benchmarks keep Google Benchmark's BM_ names, which are also the names in the reports.
// NOLINTBEGIN(readability-identifier-naming)

// Builds the token as the handler does (a fresh builder per request) and signs it.
void BM_TokenMint(benchmark::State& state) {
  for (auto _ : state) {
    auto jwt = meet_token().to_jwt(kNow);
    benchmark::DoNotOptimize(jwt);
  }
}
BENCHMARK(BM_TokenMint);

// Signs with a builder prepared once: the JSON, base64url and HMAC without the builder's set-up.
void BM_TokenSignOnly(benchmark::State& state) {
  const auth::AccessToken token = meet_token();
  for (auto _ : state) {
    auto jwt = token.to_jwt(kNow);
    benchmark::DoNotOptimize(jwt);
  }
}
BENCHMARK(BM_TokenSignOnly);

// The parts of signing: the payload's JSON as to_jwt writes it (text directly), the same built as
// a Boost.JSON object and serialised (as to_jwt did before), and its base64url encoding.
void BM_PayloadJson(benchmark::State& state) {
  const auth::AccessToken token = meet_token();
  for (auto _ : state) {
    std::string json;
    json.reserve(256);
    json += '{';
    if (auth::append_grants_json(json, token.grants())) json += ',';
    json += "\"iss\":";
    auth::append_json_string(json, kApiKey);
    json += ",\"exp\":" + std::to_string(kNow + kMeetTtl.count());
    json += ",\"nbf\":" + std::to_string(kNow);
    json += ",\"sub\":";
    auth::append_json_string(json, token.identity());
    json += '}';
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(BM_PayloadJson);

void BM_PayloadBoostJson(benchmark::State& state) {
  const auth::AccessToken token = meet_token();
  for (auto _ : state) {
    boost::json::object payload;
    auth::append_grants(payload, token.grants());
    payload["iss"] = kApiKey;
    payload["exp"] = kNow + kMeetTtl.count();
    payload["nbf"] = kNow;
    payload["sub"] = token.identity();
    std::string json = boost::json::serialize(payload);
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(BM_PayloadBoostJson);

void BM_Base64urlPayload(benchmark::State& state) {
  const std::string token = minted_token();
  const std::size_t first = token.find('.') + 1;
  const auto payload = auth::base64url_decode(token.substr(first, token.rfind('.') - first));
  if (!payload) {
    state.SkipWithError("cannot decode the payload");
    return;
  }
  for (auto _ : state) {
    std::string encoded = auth::base64url_encode(*payload);
    benchmark::DoNotOptimize(encoded);
  }
  state.counters["input_bytes"] = static_cast<double>(payload->size());
}
BENCHMARK(BM_Base64urlPayload);

void BM_TokenVerify(benchmark::State& state) {
  const auth::KeyProvider keys{std::string(kApiKey), Secret(std::string(kApiSecret))};
  const auth::TokenVerifier verifier(keys);
  const std::string token = minted_token();
  for (auto _ : state) {
    auto claims = verifier.verify(token, kNow + 1);
    if (!claims) state.SkipWithError("the token did not verify");
    benchmark::DoNotOptimize(claims);
  }
}
BENCHMARK(BM_TokenVerify);

// The project's HMAC-SHA256 (a context keyed once per thread and key) over the signing input of a
// Meet token.
void BM_HmacSha256(benchmark::State& state) {
  const std::string input = signing_input();
  for (auto _ : state) {
    auto digest = auth::hmac_sha256(kApiSecret, input);
    benchmark::DoNotOptimize(digest);
  }
  state.counters["input_bytes"] = static_cast<double>(input.size());
}
BENCHMARK(BM_HmacSha256);

// True when `digest` is the project's HMAC-SHA256 of `input`: the floors must compute the same.
bool same_as_project(const auth::Digest& digest, std::string_view input) {
  return digest == auth::hmac_sha256(kApiSecret, input);
}

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());  // NOLINT
}

struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};
using MacContext = std::unique_ptr<EVP_MAC_CTX, MacDeleter>;

// An HMAC-SHA256 context keyed with the benchmark's secret; null when OpenSSL refuses.
MacContext keyed_hmac() {
  const std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) return nullptr;
  MacContext ctx(EVP_MAC_CTX_new(mac.get()));  // holds its own reference to `mac`
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_init(ctx.get(), bytes_of(kApiSecret), kApiSecret.size(), params) != 1) {
    return nullptr;
  }
  return ctx;
}

bool finish(EVP_MAC_CTX* ctx, std::string_view input, auth::Digest& digest) {
  std::size_t length = 0;
  return EVP_MAC_update(ctx, bytes_of(input), input.size()) == 1 &&
         EVP_MAC_final(ctx, digest.data(), &length, digest.size()) == 1 && length == digest.size();
}

// The floor: HMAC-SHA256 of the same input with the MAC fetched and keyed once, so that each
// iteration only resets the context (a null key keeps the one it holds) and hashes.
void BM_HmacSha256Keyed(benchmark::State& state) {
  const std::string input = signing_input();
  const MacContext ctx = keyed_hmac();
  if (!ctx) {
    state.SkipWithError("cannot set up OpenSSL's HMAC");
    return;
  }
  auth::Digest digest{};
  for (auto _ : state) {
    if (EVP_MAC_init(ctx.get(), nullptr, 0, nullptr) != 1 || !finish(ctx.get(), input, digest)) {
      state.SkipWithError("HMAC failed");
      break;
    }
    benchmark::DoNotOptimize(digest);
  }
  if (!same_as_project(digest, input)) state.SkipWithError("the digest differs from hmac_sha256");
  state.counters["input_bytes"] = static_cast<double>(input.size());
}
BENCHMARK(BM_HmacSha256Keyed);

// The form several threads can share: the keyed context kept as a template, copied per signature.
void BM_HmacSha256KeyedCopy(benchmark::State& state) {
  const std::string input = signing_input();
  const MacContext keyed = keyed_hmac();
  if (!keyed) {
    state.SkipWithError("cannot set up OpenSSL's HMAC");
    return;
  }
  auth::Digest digest{};
  for (auto _ : state) {
    const MacContext ctx(EVP_MAC_CTX_dup(keyed.get()));
    if (!ctx || !finish(ctx.get(), input, digest)) {
      state.SkipWithError("HMAC failed");
      break;
    }
    benchmark::DoNotOptimize(digest);
  }
  if (!same_as_project(digest, input)) state.SkipWithError("the digest differs from hmac_sha256");
  state.counters["input_bytes"] = static_cast<double>(input.size());
}
BENCHMARK(BM_HmacSha256KeyedCopy);

// NOLINTEND(readability-identifier-naming)

}  // namespace

BENCHMARK_MAIN();
