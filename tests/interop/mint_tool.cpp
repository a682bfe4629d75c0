// lkm-mint-tool: test-only CLI for the interop tests (tokens.test.mjs).
//   lkm-mint-tool mint    stdin {"apiKey","apiSecret","now","ttl","identity","name","metadata",
//                          "attributes","kind","sha256","roomPreset","video","sip","roomConfig"}
//                         stdout the token
//   lkm-mint-tool verify  stdin {"token","keys":{"<key>":"<secret>",...},"now"}
//                         stdout {"ok":true,"claims":<payload>} or {"ok":false,"error","message"}
//   lkm-mint-tool webhook stdin {"body","authorization","keys":{"<key>":"<secret>",...},"now"}
//                         stdout {"ok":true,"event":{<parsed fields, snake_case>}} or
//                                {"ok":false,"error","message"}
// Exit status: 0 on success and on a refused token or delivery, 1 when minting fails, 2 on
// malformed input.
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "auth/access_token.hpp"
#include "auth/token_verifier.hpp"
#include "livekit_api/webhook.hpp"

namespace {

using lkm::Secret;
using namespace lkm::auth;  // NOLINT(google-build-using-namespace): a test tool of this module

struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const boost::json::value* member(const boost::json::object& input, std::string_view key) {
  const boost::json::value* value = input.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

std::string string_member(const boost::json::object& input, std::string_view key) {
  const boost::json::value* value = member(input, key);
  if (value == nullptr) return {};
  if (!value->is_string()) throw Malformed(std::string(key) + " must be a string");
  return std::string(value->get_string());
}

const boost::json::object* object_member(const boost::json::object& input, std::string_view key) {
  const boost::json::value* value = member(input, key);
  if (value == nullptr) return nullptr;
  if (!value->is_object()) throw Malformed(std::string(key) + " must be an object");
  return &value->get_object();
}

std::int64_t now_member(const boost::json::object& input) {
  const boost::json::value* value = member(input, "now");
  if (value == nullptr || !value->is_int64()) throw Malformed("now must be an integer");
  return value->get_int64();
}

std::chrono::seconds ttl_member(const boost::json::object& input) {
  const boost::json::value* value = member(input, "ttl");
  if (value == nullptr) return kDefaultTtl;
  if (value->is_int64() && value->get_int64() > 0) return std::chrono::seconds(value->get_int64());
  if (!value->is_string()) throw Malformed("ttl must be a positive integer or a string");
  auto ttl = parse_ttl(value->get_string());
  if (!ttl) throw Malformed(ttl.error());
  return *ttl;
}

int mint(const boost::json::object& input) {
  AccessToken token(string_member(input, "apiKey"), Secret(string_member(input, "apiSecret")));
  token.identity(string_member(input, "identity"))
      .name(string_member(input, "name"))
      .metadata(string_member(input, "metadata"))
      .kind(string_member(input, "kind"))
      .sha256(string_member(input, "sha256"))
      .room_preset(string_member(input, "roomPreset"))
      .ttl(ttl_member(input));
  if (const auto* attributes = object_member(input, "attributes")) {
    Attributes pairs;
    for (const auto& [key, value] : *attributes) {
      if (!value.is_string()) throw Malformed("attributes must hold strings");
      pairs.emplace_back(key, value.get_string());
    }
    token.attributes(std::move(pairs));
  }
  if (const auto* video = object_member(input, "video")) {
    auto grant = video_grant_from_json(*video);
    if (!grant) throw Malformed(grant.error());
    token.add_grant(*grant);
  }
  if (const auto* sip = object_member(input, "sip")) {
    auto grant = sip_grant_from_json(*sip);
    if (!grant) throw Malformed(grant.error());
    token.add_sip_grant(*grant);
  }
  if (const auto* config = object_member(input, "roomConfig")) token.room_config(*config);

  const auto jwt = token.to_jwt(now_member(input));
  if (!jwt) {
    std::cerr << "mint failed: " << to_string(jwt.error()) << '\n';
    return 1;
  }
  std::cout << *jwt << '\n';
  return 0;
}

KeyProvider keys_member(const boost::json::object& input) {
  KeyProvider keys;
  if (const auto* pairs = object_member(input, "keys")) {
    for (const auto& [key, secret] : *pairs) {
      if (!secret.is_string()) throw Malformed("keys must map API keys to secrets");
      keys.add(std::string(key), Secret(std::string(secret.get_string())));
    }
  }
  return keys;
}

int verify(const boost::json::object& input) {
  const KeyProvider keys = keys_member(input);
  const auto claims = TokenVerifier(keys).verify(string_member(input, "token"), now_member(input));
  boost::json::object out;
  out["ok"] = claims.ok();
  if (claims) {
    out["claims"] = claims->payload;
  } else {
    out["error"] = to_string(claims.error().code);
    out["message"] = claims.error().message;
  }
  std::cout << boost::json::serialize(out) << '\n';
  return 0;
}

boost::json::object event_json(const lkm::livekit::WebhookEvent& event) {
  boost::json::object out;
  out["event"] = event.event;
  out["id"] = event.id;
  out["created_at"] = event.created_at;
  if (event.room) {
    out["room"] = {{"sid", event.room->sid},
                   {"name", event.room->name},
                   {"creation_time", event.room->creation_time},
                   {"metadata", event.room->metadata}};
  }
  if (event.participant) {
    out["participant"] = {{"sid", event.participant->sid},
                          {"identity", event.participant->identity},
                          {"name", event.participant->name},
                          {"joined_at", event.participant->joined_at}};
  }
  if (const auto& egress = event.egress_info) {
    out["egress_info"] = {{"egress_id", egress->egress_id},
                          {"room_id", egress->room_id},
                          {"room_name", egress->room_name},
                          {"status", egress->status},
                          // Nanoseconds: as decimal text, which a JSON reader keeps exactly.
                          {"started_at", std::to_string(egress->started_at)},
                          {"ended_at", std::to_string(egress->ended_at)},
                          {"error", egress->error},
                          {"location", egress->location}};
  }
  return out;
}

int webhook(const boost::json::object& input) {
  const KeyProvider keys = keys_member(input);
  const auto event = lkm::livekit::WebhookReceiver(keys).receive(
      string_member(input, "body"), string_member(input, "authorization"), now_member(input));
  boost::json::object out;
  out["ok"] = event.ok();
  if (event) {
    out["event"] = event_json(*event);
  } else {
    out["error"] = lkm::livekit::to_string(event.error().code);
    out["message"] = event.error().message;
  }
  std::cout << boost::json::serialize(out) << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 2 ? argv[1] : "";
  if (mode != "mint" && mode != "verify" && mode != "webhook") {
    std::cerr << "usage: lkm-mint-tool mint|verify|webhook < input.json\n";
    return 2;
  }
  try {
    const std::string text{std::istreambuf_iterator<char>(std::cin), {}};
    const boost::json::value input = boost::json::parse(text);
    if (!input.is_object()) throw Malformed("input must be a JSON object");
    if (mode == "mint") return mint(input.get_object());
    return mode == "verify" ? verify(input.get_object()) : webhook(input.get_object());
  } catch (const std::exception& error) {
    std::cerr << "malformed input: " << error.what() << '\n';
    return 2;
  }
}
