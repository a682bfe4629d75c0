#include "livekit/token_verifier.hpp"

#include "auth/key_provider.hpp"
#include "auth/token_verifier.hpp"
#include "sdk/convert.hpp"

namespace livekit {

struct TokenVerifier::Impl {
  lkm::auth::KeyProvider keys;
  std::chrono::seconds leeway;
};

TokenVerifier::TokenVerifier(std::string api_key, std::string api_secret,
                             std::chrono::seconds leeway)
    : impl_(std::make_unique<Impl>(Impl{{}, leeway})) {
  add_key(std::move(api_key), std::move(api_secret));
}
TokenVerifier::TokenVerifier(TokenVerifier&& other) noexcept = default;
TokenVerifier& TokenVerifier::operator=(TokenVerifier&& other) noexcept = default;
TokenVerifier::~TokenVerifier() = default;

TokenVerifier& TokenVerifier::add_key(std::string api_key, std::string api_secret) {
  // An empty key or secret could never sign a token worth accepting.
  if (!api_key.empty() && !api_secret.empty()) {
    impl_->keys.add(std::move(api_key), lkm::Secret(std::move(api_secret)));
  }
  return *this;
}

ClaimGrants TokenVerifier::verify(std::string_view token) const {
  return try_verify(token).value();
}

Result<ClaimGrants> TokenVerifier::try_verify(std::string_view token) const {
  return try_verify(token, std::chrono::system_clock::now());
}

Result<ClaimGrants> TokenVerifier::try_verify(std::string_view token,
                                              std::chrono::system_clock::time_point now) const {
  const lkm::auth::TokenVerifier verifier(impl_->keys, impl_->leeway);
  auto claims = verifier.verify(token, sdk::unix_seconds(now));
  if (!claims) return sdk::to_error(claims.error());
  return sdk::from_internal(*claims);
}

}  // namespace livekit
