// lkm-twirp-tool: test-only CLI for tests/interop/twirp.test.mjs. Reads one command on stdin:
//   {"url","key","secret","call","args":{...},"timeoutMs","caFile"}
// calls: list_rooms {names}, create_room {name}, delete_room {name}, list_participants {room},
//   remove_participant {room,identity}, mute_published_track {room,identity,trackSid,muted},
//   update_participant {room,identity,metadata?,name?,attributes?},
//   start_room_composite_egress {roomName,layout,filepath,s3:{accessKey,secret,region,endpoint,
//   bucket}}, list_egress {roomName,active}, stop_egress {egressId}
// and prints {"ok":true,"result":...,"elapsedMs":N} or
// {"ok":false,"error":{"kind","code","status","message"},"elapsedMs":N}. Exit 2 on malformed input.

#include <chrono>
#include <exception>
#include <iostream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "livekit_api/egress.hpp"
#include "livekit_api/room_service.hpp"
#include "livekit_api/twirp.hpp"

namespace {

namespace json = boost::json;
namespace net = boost::asio;
using namespace lkm::livekit;  // NOLINT(google-build-using-namespace): a test tool of this module

struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string str(const json::object& input, std::string_view key) {
  const json::value* value = input.if_contains(key);
  if (value == nullptr || value->is_null()) return {};
  if (!value->is_string()) throw Malformed(std::string(key) + " must be a string");
  return std::string(value->get_string());
}

std::optional<std::string> opt_str(const json::object& input, std::string_view key) {
  if (input.if_contains(key) == nullptr) return std::nullopt;
  return str(input, key);
}

bool boolean(const json::object& input, std::string_view key) {
  const json::value* value = input.if_contains(key);
  if (value == nullptr || value->is_null()) return false;
  if (!value->is_bool()) throw Malformed(std::string(key) + " must be a boolean");
  return value->get_bool();
}

json::object to_json(const Room& room) {
  return {{"sid", room.sid},
          {"name", room.name},
          {"num_participants", room.num_participants},
          {"num_publishers", room.num_publishers},
          {"creation_time", room.creation_time},
          {"active_recording", room.active_recording},
          {"metadata", room.metadata}};
}

json::object to_json(const Track& track) {
  return {{"sid", track.sid},
          {"name", track.name},
          {"type", track.type},
          {"source", track.source},
          {"muted", track.muted}};
}

json::object to_json(const Participant& participant) {
  json::array tracks;
  for (const auto& track : participant.tracks) tracks.emplace_back(to_json(track));
  json::object attributes;
  for (const auto& [key, value] : participant.attributes) attributes[key] = value;
  return {{"sid", participant.sid},
          {"identity", participant.identity},
          {"name", participant.name},
          {"state", participant.state},
          {"joined_at", participant.joined_at},
          {"metadata", participant.metadata},
          {"attributes", std::move(attributes)},
          {"tracks", std::move(tracks)}};
}

json::object to_json(const Egress& egress) {
  json::array locations;
  for (const auto& location : egress.locations) locations.emplace_back(location);
  return {{"egress_id", egress.egress_id},   {"room_id", egress.room_id},
          {"room_name", egress.room_name},   {"status", egress.status},
          {"started_at", egress.started_at}, {"ended_at", egress.ended_at},
          {"error", egress.error},           {"locations", std::move(locations)}};
}

json::value to_json(const Done& /*done*/) {
  return json::object{};
}

template <class T>
json::value to_json(const std::vector<T>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(to_json(item));
  return out;
}

template <class T>
json::object outcome(const lkm::Result<T, TwirpError>& result) {
  if (result) return {{"ok", true}, {"result", to_json(*result)}};
  const TwirpError& error = result.error();
  return {{"ok", false},
          {"error",
           {{"kind", to_string(error.kind)},
            {"code", error.code},
            {"status", error.status},
            {"message", error.message}}}};
}

net::awaitable<json::object> run(const TwirpClient& client, std::string call, json::object args) {
  const RoomService rooms(client);
  const EgressService egress(client);
  if (call == "list_rooms") {
    std::vector<std::string> names;
    if (const auto* list = args.if_contains("names"); list != nullptr && list->is_array())
      for (const auto& name : list->get_array())
        if (name.is_string()) names.emplace_back(name.get_string());
    co_return outcome(co_await rooms.list_rooms(std::move(names)));
  }
  if (call == "create_room") co_return outcome(co_await rooms.create_room(str(args, "name")));
  if (call == "delete_room") co_return outcome(co_await rooms.delete_room(str(args, "name")));
  if (call == "list_participants")
    co_return outcome(co_await rooms.list_participants(str(args, "room")));
  if (call == "remove_participant")
    co_return outcome(co_await rooms.remove_participant(str(args, "room"), str(args, "identity")));
  if (call == "mute_published_track")
    co_return outcome(co_await rooms.mute_published_track(
        str(args, "room"), str(args, "identity"), str(args, "trackSid"), boolean(args, "muted")));
  if (call == "update_participant") {
    ParticipantUpdate update;
    update.metadata = opt_str(args, "metadata");
    update.name = opt_str(args, "name");
    if (const auto* attributes = args.if_contains("attributes");
        attributes != nullptr && attributes->is_object()) {
      update.attributes.emplace();
      for (const auto& [key, value] : attributes->get_object())
        if (value.is_string()) update.attributes->emplace_back(key, value.get_string());
    }
    co_return outcome(co_await rooms.update_participant(str(args, "room"), str(args, "identity"),
                                                        std::move(update)));
  }
  if (call == "start_room_composite_egress") {
    RoomCompositeRequest request;
    request.room_name = str(args, "roomName");
    request.layout = str(args, "layout");
    request.filepath = str(args, "filepath");
    if (const auto* s3 = args.if_contains("s3"); s3 != nullptr && s3->is_object()) {
      const auto& object = s3->get_object();
      request.s3 = S3Upload{str(object, "accessKey"), str(object, "secret"), str(object, "region"),
                            str(object, "endpoint"), str(object, "bucket")};
    }
    co_return outcome(co_await egress.start_room_composite_egress(std::move(request)));
  }
  if (call == "list_egress")
    co_return outcome(co_await egress.list_egress(str(args, "roomName"), boolean(args, "active")));
  if (call == "stop_egress") co_return outcome(co_await egress.stop_egress(str(args, "egressId")));
  throw Malformed("unknown call " + call);
}

}  // namespace

int main() {
  try {
    const std::string text{std::istreambuf_iterator<char>(std::cin),
                           std::istreambuf_iterator<char>()};
    const json::value input = json::parse(text);
    if (!input.is_object()) throw Malformed("input must be an object");
    const auto& object = input.get_object();
    TwirpOptions options;
    if (const auto* timeout = object.if_contains("timeoutMs");
        timeout != nullptr && timeout->is_int64())
      options.timeout = std::chrono::milliseconds(timeout->get_int64());
    options.http.extra_ca_file = str(object, "caFile");
    const TwirpClient client(str(object, "url"), str(object, "key"),
                             lkm::Secret(str(object, "secret")), options);
    json::object args;
    if (const auto* value = object.if_contains("args"); value != nullptr && value->is_object())
      args = value->get_object();

    net::io_context ioc;
    std::optional<json::object> result;
    std::exception_ptr failure;
    const auto started = std::chrono::steady_clock::now();
    net::co_spawn(ioc, run(client, str(object, "call"), std::move(args)),
                  [&](std::exception_ptr error, json::object out) {
                    failure = error;
                    if (!error) result = std::move(out);
                  });
    ioc.run();
    if (failure) std::rethrow_exception(failure);
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    (*result)["elapsedMs"] = elapsed.count();
    std::cout << json::serialize(*result) << "\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "lkm-twirp-tool: " << error.what() << "\n";
    return 2;
  }
}
