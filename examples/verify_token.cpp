// Checks an access token as the LiveKit server would, and prints what it grants.
//
//   export LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=...
//   mint_token --room demo --identity ada | verify_token
//
// The token is read from stdin rather than the command line: a token is a credential too.
#include <livekit/server_sdk.hpp>

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>

namespace {

// A grant's flags are tri-state: a flag that is not set is not the same as false.
const char* describe(const std::optional<bool>& flag) {
  if (!flag) return "unset";
  return *flag ? "true" : "false";
}

}  // namespace

int main() {
  const char* key = std::getenv("LIVEKIT_API_KEY");
  const char* secret = std::getenv("LIVEKIT_API_SECRET");
  if (key == nullptr || secret == nullptr) {
    std::cerr << "verify_token: set LIVEKIT_API_KEY and LIVEKIT_API_SECRET in the environment\n";
    return 1;
  }

  std::string token(std::istreambuf_iterator<char>(std::cin), {});
  // Tolerate the newline that `echo` or mint_token leave after the token.
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();

  const livekit::TokenVerifier verifier(key, secret);
  const livekit::Result<livekit::ClaimGrants> claims = verifier.try_verify(token);
  if (!claims) {
    // reason is stable for programs ("expired", "bad_signature", ...); message is for people.
    std::cerr << "invalid: " << claims.error().reason << '\n';
    return 1;
  }
  std::cout << "sub=" << claims->sub << '\n'
            << "name=" << claims->name << '\n'
            << "room=" << claims->video.room << '\n'
            << "room_join=" << describe(claims->video.room_join) << '\n'
            << "exp=" << claims->exp << '\n';
  return 0;
}
