#include <iostream>
#include <iterator>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "app/commands.hpp"
#include "auth/access_token.hpp"
#include "auth/grants.hpp"
#include "auth/token_verifier.hpp"
#include "auth/ttl.hpp"
#include "core/clock.hpp"

namespace lkm::cli {
namespace {

int usage_error(const std::string& message) {
  std::cerr << "livekit-meet: " << message << "\n";
  return 2;
}

// Parses --grant, refusing keys LiveKit does not define (a typo would otherwise grant nothing).
Result<auth::VideoGrant, std::string> parse_grant_flag(const std::string& text) {
  boost::system::error_code ec;
  const auto json = boost::json::parse(text, ec);
  if (ec || !json.is_object()) return fail(std::string("--grant must be a JSON object"));
  auto grant = auth::video_grant_from_json(json.get_object());
  if (!grant) return fail("--grant: " + grant.error());
  for (const auto& entry : json.get_object()) {
    if (!auth::is_video_grant_key(entry.key())) {
      return fail("--grant: unknown field \"" + std::string(entry.key()) + "\"");
    }
  }
  return std::move(grant).value();
}

}  // namespace

int token_create(const TokenCreateFlags& flags) {
  auto credentials = config::load_api_key(flags.api_secret_file, config::process_env());
  if (!credentials) return usage_error(credentials.error().message);
  if (credentials->dev_defaults) {
    std::cerr << "livekit-meet: warning: no credentials set, signing with the livekit-server "
                 "--dev key devkey\n";
  }

  auth::VideoGrant grant;
  if (flags.grant_json) {
    auto parsed = parse_grant_flag(*flags.grant_json);
    if (!parsed) return usage_error(parsed.error());
    grant = std::move(parsed).value();
  }
  const bool any_grant = flags.join || flags.list || flags.admin || flags.record || flags.create ||
                         flags.grant_json.has_value();
  if (flags.join || (!any_grant && flags.room)) grant.room_join = true;
  if (flags.list) grant.room_list = true;
  if (flags.admin) grant.room_admin = true;
  if (flags.record) grant.room_record = true;
  if (flags.create) grant.room_create = true;
  if (flags.room) grant.room = *flags.room;
  if (grant.empty()) {
    return usage_error("give a grant: --join, --list, --admin, --record, --create or --grant");
  }
  if ((grant.room_join.value_or(false) || grant.room_admin.value_or(false)) && !grant.room) {
    return usage_error("--room is required with --join and --admin");
  }

  auth::AccessToken token(credentials->key, credentials->secret);
  if (flags.identity) token.identity(*flags.identity);
  if (flags.name) token.name(*flags.name);
  if (flags.metadata) token.metadata(*flags.metadata);
  if (flags.ttl) {
    auto ttl = auth::parse_ttl(*flags.ttl);
    if (!ttl) return usage_error("--ttl: " + ttl.error());
    token.ttl(*ttl);
  }
  token.add_grant(grant);
  auto jwt = token.to_jwt(SystemClock().now_unix());
  if (!jwt) {
    if (jwt.error() == auth::MintError::identity_required) {
      return usage_error("--identity is required for a token that joins a room");
    }
    return usage_error(std::string(auth::to_string(jwt.error())));
  }
  std::cout << *jwt << "\n";
  return 0;
}

int token_verify(const std::string& token_arg, const std::optional<std::string>& api_secret_file) {
  auto credentials = config::load_api_key(api_secret_file, config::process_env());
  if (!credentials) return usage_error(credentials.error().message);

  std::string token = token_arg;
  if (token == "-") {
    // Enough for the longest token the verifier accepts, plus a line break; the rest is not read.
    token.resize(auth::kMaxTokenBytes + 2);
    std::cin.read(token.data(), static_cast<std::streamsize>(token.size()));
    token.resize(static_cast<std::size_t>(std::cin.gcount()));
  }
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back())) != 0) {
    token.pop_back();
  }
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front())) != 0) {
    token.erase(0, 1);
  }

  auth::KeyProvider keys(credentials->key, credentials->secret);
  const auth::TokenVerifier verifier(keys);
  auto claims = verifier.verify(token, SystemClock().now_unix());
  if (!claims) {
    std::cerr << "invalid token: " << claims.error().message << " ("
              << auth::to_string(claims.error().code) << ")\n";
    return 1;
  }
  std::cout << boost::json::serialize(claims->payload) << "\n";
  return 0;
}

}  // namespace lkm::cli
