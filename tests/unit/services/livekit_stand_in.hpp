#pragma once
// A stand-in for the LiveKit server API on 127.0.0.1 (any free port), served by the project's own
// HTTP server in a background thread: RoomService/ListRooms answers the rooms it was given (only
// those named, when the request names some), RoomService/DeleteRoom forgets a room (Twirp's
// not_found for one it does not hold); ListParticipants and UpdateParticipant (attributes merged,
// an empty value deletes its key) over the participants it was given. It remembers each call it
// answered.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/server.hpp"
#include "livekit_api/models.hpp"

namespace lkm::services::testing {

class LiveKitStandIn {
 public:
  struct Call {
    std::string method;  // "ListRooms", "DeleteRoom"
    std::string room;    // DeleteRoom's room
  };

  explicit LiveKitStandIn(std::vector<livekit::Room> rooms = {})
      : state_(std::make_shared<State>()) {
    state_->rooms = std::move(rooms);
    http::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    options.shutdown_grace = std::chrono::milliseconds(2000);
    server_ = std::make_unique<http::Server>(options, make_router(state_));
    endpoint_ = server_->listen();
    runner_ = std::async(std::launch::async, [this] { server_->run(false); });
  }
  ~LiveKitStandIn() {
    server_->stop();
    runner_.wait();
  }
  LiveKitStandIn(const LiveKitStandIn&) = delete;
  LiveKitStandIn& operator=(const LiveKitStandIn&) = delete;

  [[nodiscard]] std::string url() const {
    return "http://127.0.0.1:" + std::to_string(endpoint_.port());
  }
  [[nodiscard]] std::vector<Call> calls() const {
    const std::lock_guard lock(state_->mutex);
    return state_->calls;
  }
  [[nodiscard]] std::vector<std::string> room_names() const {
    const std::lock_guard lock(state_->mutex);
    std::vector<std::string> names;
    for (const auto& room : state_->rooms) names.push_back(room.name);
    return names;
  }

  using Attributes = std::map<std::string, std::string>;
  void add_participant(const std::string& room, const std::string& identity,
                       Attributes attributes = {}) {
    const std::lock_guard lock(state_->mutex);
    state_->participants[room][identity] = std::move(attributes);
  }
  void remove_participant(const std::string& room, const std::string& identity) {
    const std::lock_guard lock(state_->mutex);
    state_->participants[room].erase(identity);
  }
  // ListParticipants answers 503 from now on (a LiveKit server in trouble).
  void fail_listing() {
    const std::lock_guard lock(state_->mutex);
    state_->listing_fails = true;
  }
  [[nodiscard]] bool present(const std::string& room, const std::string& identity) const {
    const std::lock_guard lock(state_->mutex);
    const auto found = state_->participants.find(room);
    return found != state_->participants.end() && found->second.contains(identity);
  }
  [[nodiscard]] Attributes attributes(const std::string& room, const std::string& identity) const {
    const std::lock_guard lock(state_->mutex);
    return state_->participants[room][identity];
  }

  static livekit::Room room(const std::string& name, std::uint32_t participants = 1) {
    livekit::Room room;
    room.sid = "RM_" + name;
    room.name = name;
    room.num_participants = participants;
    room.creation_time = 1'799'990'000;
    return room;
  }

 private:
  struct State {
    std::mutex mutex;
    std::vector<livekit::Room> rooms;
    std::vector<Call> calls;
    std::map<std::string, std::map<std::string, Attributes>> participants;  // room -> identity
    bool listing_fails = false;
  };

  static http::Router make_router(const std::shared_ptr<State>& state) {
    http::Router router;
    router.add(
        http::Method::post, "/twirp/livekit.RoomService/ListRooms",
        [state](const http::Request& request) -> boost::asio::awaitable<http::Response> {
          co_return list_rooms(*state, request.body());
        },
        64 * 1024);
    router.add(
        http::Method::post, "/twirp/livekit.RoomService/DeleteRoom",
        [state](const http::Request& request) -> boost::asio::awaitable<http::Response> {
          co_return delete_room(*state, request.body());
        },
        64 * 1024);
    router.add(
        http::Method::post, "/twirp/livekit.RoomService/ListParticipants",
        [state](const http::Request& request) -> boost::asio::awaitable<http::Response> {
          co_return list_participants(*state, request.body());
        },
        64 * 1024);
    router.add(
        http::Method::post, "/twirp/livekit.RoomService/RemoveParticipant",
        [state](const http::Request& request) -> boost::asio::awaitable<http::Response> {
          co_return remove_participant(*state, request.body());
        },
        64 * 1024);
    router.add(
        http::Method::post, "/twirp/livekit.RoomService/UpdateParticipant",
        [state](const http::Request& request) -> boost::asio::awaitable<http::Response> {
          co_return update_participant(*state, request.body());
        },
        64 * 1024);
    return router;
  }

  static boost::json::object participant_json(const std::string& identity,
                                              const Attributes& attributes) {
    boost::json::object json;
    json["sid"] = "PA_" + identity;
    json["identity"] = identity;
    json["state"] = "ACTIVE";
    boost::json::object attrs;
    for (const auto& [key, value] : attributes) attrs[key] = value;
    json["attributes"] = std::move(attrs);
    return json;
  }

  static http::Response list_participants(State& state, std::string_view body) {
    const auto request = boost::json::parse(body).as_object();
    const std::string room(request.at("room").as_string());
    const std::lock_guard lock(state.mutex);
    state.calls.push_back({"ListParticipants", room});
    if (state.listing_fails) {
      return http::Response::json(503, R"({"code":"unavailable","msg":"try again later"})");
    }
    const auto found = state.participants.find(room);
    if (found == state.participants.end()) {
      return http::Response::json(404, R"({"code":"not_found","msg":"room not found"})");
    }
    boost::json::array participants;
    for (const auto& [identity, attributes] : found->second) {
      participants.push_back(participant_json(identity, attributes));
    }
    boost::json::object answer;
    answer["participants"] = std::move(participants);
    return http::Response::json(200, boost::json::serialize(answer));
  }

  static http::Response remove_participant(State& state, std::string_view body) {
    const auto request = boost::json::parse(body).as_object();
    const std::string room(request.at("room").as_string());
    const std::string identity(request.at("identity").as_string());
    const std::lock_guard lock(state.mutex);
    state.calls.push_back({"RemoveParticipant", room});
    if (state.participants[room].erase(identity) == 0) {
      return http::Response::json(404, R"({"code":"not_found","msg":"participant not found"})");
    }
    return http::Response::json(200, "{}");
  }

  static http::Response update_participant(State& state, std::string_view body) {
    const auto request = boost::json::parse(body).as_object();
    const std::string room(request.at("room").as_string());
    const std::string identity(request.at("identity").as_string());
    const std::lock_guard lock(state.mutex);
    state.calls.push_back({"UpdateParticipant", room});
    auto& people = state.participants[room];
    const auto found = people.find(identity);
    if (found == people.end()) {
      return http::Response::json(404, R"({"code":"not_found","msg":"participant not found"})");
    }
    if (const auto* attributes = request.if_contains("attributes"); attributes != nullptr) {
      for (const auto& [key, value] : attributes->as_object()) {
        if (value.as_string().empty()) {
          found->second.erase(std::string(key));
        } else {
          found->second[std::string(key)] = std::string(value.as_string());
        }
      }
    }
    return http::Response::json(200,
                                boost::json::serialize(participant_json(identity, found->second)));
  }

  static http::Response list_rooms(State& state, std::string_view body) {
    std::vector<std::string> names;
    const auto request = boost::json::parse(body).as_object();
    if (const auto* wanted = request.if_contains("names"); wanted != nullptr) {
      for (const auto& name : wanted->as_array()) names.emplace_back(name.as_string());
    }
    const std::lock_guard lock(state.mutex);
    state.calls.push_back({"ListRooms", {}});
    boost::json::array rooms;
    for (const auto& room : state.rooms) {
      if (!names.empty() && std::find(names.begin(), names.end(), room.name) == names.end()) {
        continue;
      }
      boost::json::object json;
      json["sid"] = room.sid;
      json["name"] = room.name;
      json["numParticipants"] = room.num_participants;
      json["creationTime"] = std::to_string(room.creation_time);
      rooms.push_back(std::move(json));
    }
    boost::json::object answer;
    answer["rooms"] = std::move(rooms);
    return http::Response::json(200, boost::json::serialize(answer));
  }

  static http::Response delete_room(State& state, std::string_view body) {
    const auto request = boost::json::parse(body).as_object();
    const std::string name(request.at("room").as_string());
    const std::lock_guard lock(state.mutex);
    state.calls.push_back({"DeleteRoom", name});
    const auto removed =
        std::erase_if(state.rooms, [&](const livekit::Room& room) { return room.name == name; });
    if (removed == 0) {
      return http::Response::json(404, R"({"code":"not_found","msg":"room not found"})");
    }
    return http::Response::json(200, "{}");
  }

  std::shared_ptr<State> state_;
  std::unique_ptr<http::Server> server_;
  boost::asio::ip::tcp::endpoint endpoint_;
  std::future<void> runner_;
};

}  // namespace lkm::services::testing
