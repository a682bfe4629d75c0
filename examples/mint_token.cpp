// Mints an access token that lets one participant join one room, and prints it.
//
//   export LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=...
//   mint_token --room ROOM --identity IDENTITY [--name NAME] [--ttl 2h]
//
// The key pair is read from the environment only: a command line can be read by every user of the
// machine (ps, /proc/<pid>/cmdline), so a secret must never be on one.
#include <livekit/server_sdk.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

namespace {

int fail(const std::string& why) {
  std::cerr << "mint_token: " << why << '\n'
            << "usage: mint_token --room ROOM --identity IDENTITY [--name NAME] [--ttl 2h]\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const char* key = std::getenv("LIVEKIT_API_KEY");
  const char* secret = std::getenv("LIVEKIT_API_SECRET");
  if (key == nullptr || secret == nullptr) {
    return fail("set LIVEKIT_API_KEY and LIVEKIT_API_SECRET in the environment");
  }

  // Every option takes a value: --room, --identity, --name, --ttl.
  std::map<std::string, std::string> options;
  for (int i = 1; i < argc; i += 2) {
    const std::string option = argv[i];
    if (option != "--room" && option != "--identity" && option != "--name" && option != "--ttl") {
      return fail("unknown option " + option);
    }
    if (i + 1 == argc) return fail(option + " needs a value");
    options[option] = argv[i + 1];
  }
  if (options["--room"].empty() || options["--identity"].empty()) {
    return fail("--room and --identity are required");
  }

  livekit::AccessToken token(key, secret,
                             {.identity = options["--identity"], .name = options["--name"]});
  // The TTL is given as text ("90", "10m", "2h", "1d"); it is checked when the token is minted.
  if (options.contains("--ttl")) token.set_ttl(options["--ttl"]);
  token.add_grant({.room = options["--room"], .room_join = true});

  // The try_ form reports a bad TTL or an empty key as an Error instead of throwing.
  const livekit::Result<std::string> jwt = token.try_to_jwt();
  if (!jwt) {
    std::cerr << "mint_token: " << jwt.error().message << '\n';
    return 1;
  }
  std::cout << *jwt << '\n';
  return 0;
}
