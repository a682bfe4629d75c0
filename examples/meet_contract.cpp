#include <livekit/meet.hpp>
#include <livekit/server_sdk.hpp>

#include <iostream>

int main() {
  const char* secret = "secret-secret-secret-secret-secret";
  livekit::AccessToken token("devkey", secret,
                             {.identity = "alice", .name = "Alice", .metadata = "{\"k\":1}", .ttl = "2h"});
  token.add_grant(livekit::VideoGrant{.room = "demo", .room_join = true, .can_publish = true});
  const std::string jwt = token.to_jwt();

  const livekit::ClaimGrants claims = livekit::TokenVerifier("devkey", secret).verify(jwt);
  std::cout << claims.sub << ' ' << claims.name << ' ' << claims.video.room << '\n';

  livekit::meet::App app({.livekit_url = "ws://localhost:7880", .api_key = "devkey", .api_secret = secret});
  app.run({.host = "127.0.0.1", .port = 8080});
}
