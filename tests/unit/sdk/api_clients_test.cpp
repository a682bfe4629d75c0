// RoomServiceClient and EgressClient: synchronous calls, answers and failures as Errors.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "livekit/egress_client.hpp"
#include "livekit/room_service_client.hpp"
#include "one_shot_server.hpp"

namespace {

using lkm::testing::OneShotServer;

std::string http_response(int status, const std::string& reason, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

std::string url(std::uint16_t port) {
  return "ws://127.0.0.1:" + std::to_string(port);
}

constexpr const char* kSecret = "client-secret-0123456789-abcdefghijk";

TEST(SdkRoomServiceClient, CallsTheTwirpApiAndReadsTheAnswer) {
  OneShotServer server(http_response(
      200, "OK",
      R"({"rooms":[{"sid":"RM_1","name":"demo","empty_timeout":300,"max_participants":8,)"
      R"("creation_time":"1700000000","metadata":"m","num_participants":2}]})"));
  const livekit::RoomServiceClient client(url(server.port()), "key", kSecret);
  const auto rooms = client.list_rooms({"demo"});
  ASSERT_EQ(rooms.size(), 1U);
  EXPECT_EQ(rooms[0].sid, "RM_1");
  EXPECT_EQ(rooms[0].empty_timeout, 300U);
  EXPECT_EQ(rooms[0].max_participants, 8U);
  EXPECT_EQ(rooms[0].creation_time, 1700000000);
  EXPECT_EQ(rooms[0].num_participants, 2U);
  const auto& request = server.request();
  EXPECT_EQ(request.rfind("POST /twirp/livekit.RoomService/ListRooms HTTP/1.1\r\n", 0), 0U);
  EXPECT_NE(request.find("Authorization: Bearer ey"), std::string::npos);
  EXPECT_NE(request.find(R"({"names":["demo"]})"), std::string::npos);
}

TEST(SdkRoomServiceClient, ReportsTheServersErrorWithItsCode) {
  OneShotServer server(
      http_response(404, "Not Found", R"({"code":"not_found","msg":"room does not exist"})"));
  const livekit::RoomServiceClient client(
      url(server.port()), "key", kSecret,
      {.timeout = std::chrono::seconds(5), .max_attempts = 1, .ca_file = {}});
  const auto result = client.try_update_room_metadata("gone", "{}");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, livekit::ErrorCode::server_error);
  EXPECT_EQ(result.error().reason, "not_found");
  EXPECT_EQ(result.error().status, 404U);
  EXPECT_NE(server.request().find(R"({"room":"gone","metadata":"{}"})"), std::string::npos);
}

TEST(SdkRoomServiceClient, SaysWhenTheServerCannotBeReached) {
  const livekit::RoomServiceClient client(
      url(lkm::testing::closed_port()), "key", kSecret,
      {.timeout = std::chrono::seconds(3), .max_attempts = 1, .ca_file = {}});
  const auto result = client.try_delete_room("demo");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, livekit::ErrorCode::connection_failed);
  try {
    client.delete_room("demo");
    FAIL() << "delete_room did not throw";
  } catch (const livekit::Exception& e) {
    EXPECT_EQ(e.error().code, livekit::ErrorCode::connection_failed);
  }
}

TEST(SdkRoomServiceClient, RefusesAUrlItCannotCall) {
  try {
    const livekit::RoomServiceClient client("ftp://example.test", "key", kSecret);
    FAIL() << "the constructor did not throw";
  } catch (const livekit::Exception& e) {
    EXPECT_EQ(e.error().code, livekit::ErrorCode::invalid_argument);
  }
  EXPECT_THROW(livekit::EgressClient("not a url", "key", kSecret), livekit::Exception);
  // A CA file that cannot be read is the SDK's error too, not a library's exception.
  try {
    const livekit::RoomServiceClient client(
        "wss://livekit.example.test", "key", kSecret,
        {.timeout = std::chrono::seconds(1), .max_attempts = 1, .ca_file = "/nonexistent/ca.pem"});
    FAIL() << "the constructor did not throw";
  } catch (const livekit::Exception& e) {
    EXPECT_EQ(e.error().code, livekit::ErrorCode::invalid_argument);
  }
}

TEST(SdkRoomServiceClient, OneClientServesSeveralThreadsAtOnce) {
  OneShotServer server(http_response(200, "OK", R"({"rooms":[{"name":"a"}]})"), 4);
  const livekit::RoomServiceClient client(url(server.port()), "key", kSecret);
  // Each call has an event loop of its own: four threads, four calls on one client.
  std::vector<std::future<livekit::Result<std::vector<livekit::Room>>>> calls;
  for (int i = 0; i < 4; ++i) {
    calls.push_back(std::async(std::launch::async, [&] { return client.try_list_rooms(); }));
  }
  for (auto& call : calls) {
    const auto rooms = call.get();
    ASSERT_TRUE(rooms.ok()) << rooms.error().message;
    EXPECT_EQ(rooms->at(0).name, "a");
  }
}

TEST(SdkEgressClient, StopsAnEgress) {
  OneShotServer server(http_response(
      200, "OK",
      R"({"egress_id":"EG_1","room_name":"demo","status":"EGRESS_ENDING",)"
      R"("started_at":"1700000000123456789","file_results":[{"location":"s3://b/f.mp4"}]})"));
  const livekit::EgressClient client(url(server.port()), "key", kSecret);
  const auto egress = client.stop_egress("EG_1");
  EXPECT_EQ(egress.egress_id, "EG_1");
  EXPECT_EQ(egress.status, "EGRESS_ENDING");
  EXPECT_EQ(egress.started_at, 1700000000123456789);
  ASSERT_EQ(egress.locations.size(), 1U);
  EXPECT_EQ(egress.locations[0], "s3://b/f.mp4");
  EXPECT_EQ(server.request().rfind("POST /twirp/livekit.Egress/StopEgress HTTP/1.1\r\n", 0), 0U);
}

}  // namespace
