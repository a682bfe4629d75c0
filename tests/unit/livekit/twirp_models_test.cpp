#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "livekit_api/models.hpp"
#include "livekit_api/twirp.hpp"

namespace lkm::livekit {
namespace {

TEST(TwirpOrigin, MapsWebSocketSchemesAndKeepsPortAndPrefix) {
  auto origin = twirp_origin("wss://example.livekit.cloud");
  ASSERT_TRUE(origin.ok()) << origin.error();
  EXPECT_TRUE(origin->tls);
  EXPECT_EQ(origin->host, "example.livekit.cloud");
  EXPECT_EQ(origin->port, 443);
  EXPECT_EQ(origin->path_prefix, "");

  origin = twirp_origin("ws://127.0.0.1:7880/lk/");
  ASSERT_TRUE(origin.ok()) << origin.error();
  EXPECT_FALSE(origin->tls);
  EXPECT_EQ(origin->port, 7880);
  EXPECT_EQ(origin->path_prefix, "/lk");

  origin = twirp_origin("https://[::1]:8443");
  ASSERT_TRUE(origin.ok()) << origin.error();
  EXPECT_EQ(origin->host, "::1");
  EXPECT_EQ(origin->port, 8443);
}

TEST(TwirpOrigin, RefusesOtherSchemesAndBadPorts) {
  EXPECT_FALSE(twirp_origin("ftp://host").ok());
  EXPECT_FALSE(twirp_origin("ws://host:0").ok());
  EXPECT_FALSE(twirp_origin("ws://host:70000").ok());
  EXPECT_FALSE(twirp_origin("ws://user@host").ok());
  EXPECT_FALSE(twirp_origin("ws://host/?q").ok());
  EXPECT_FALSE(twirp_origin("ws://").ok());
}

TEST(ParseListRooms, ReadsProtoNamesAndStringInt64) {
  const auto rooms = parse_list_rooms(boost::json::parse(
      R"({"rooms":[{"sid":"RM_1","name":"a","creation_time":"1700000000","num_participants":2,)"
      R"("num_publishers":1,"active_recording":true,"metadata":"m","turn_password":"x"}]})"));
  ASSERT_TRUE(rooms.ok()) << rooms.error();
  ASSERT_EQ(rooms->size(), 1U);
  EXPECT_EQ(rooms->at(0).creation_time, 1700000000);
  EXPECT_EQ(rooms->at(0).num_participants, 2U);
  EXPECT_TRUE(rooms->at(0).active_recording);
}

TEST(ParseListRooms, AcceptsCamelCaseAndNumbers) {
  const auto rooms =
      parse_list_rooms(boost::json::parse(R"({"rooms":[{"name":"a","creationTime":17}]})"));
  ASSERT_TRUE(rooms.ok()) << rooms.error();
  EXPECT_EQ(rooms->at(0).creation_time, 17);
  EXPECT_TRUE(parse_list_rooms(boost::json::parse("{}"))->empty());
}

TEST(ParseListRooms, NamesTheBadField) {
  const auto rooms =
      parse_list_rooms(boost::json::parse(R"({"rooms":[{"creation_time":"soon"}]})"));
  ASSERT_FALSE(rooms.ok());
  EXPECT_NE(rooms.error().find("creation_time"), std::string::npos) << rooms.error();
}

TEST(ParseEgress, ReadsStatusByNameOrNumber) {
  auto egress =
      parse_egress(boost::json::parse(R"({"egress_id":"EG","status":"EGRESS_COMPLETE"})"));
  ASSERT_TRUE(egress.ok());
  EXPECT_EQ(egress->status, "EGRESS_COMPLETE");
  egress = parse_egress(boost::json::parse(R"({"egressId":"EG","status":6})"));
  ASSERT_TRUE(egress.ok());
  EXPECT_EQ(egress->status, "EGRESS_LIMIT_REACHED");
  EXPECT_FALSE(parse_egress(boost::json::parse(R"({"status":99})")).ok());
}

TEST(ParseParticipant, ReadsTracksWithEnumNumbers) {
  const auto participant = parse_participant(boost::json::parse(
      R"({"identity":"alice","state":2,"joined_at":"5","tracks":[{"sid":"TR","type":1,)"
      R"("source":"SCREEN_SHARE","muted":true}]})"));
  ASSERT_TRUE(participant.ok()) << participant.error();
  EXPECT_EQ(participant->state, "ACTIVE");
  EXPECT_EQ(participant->joined_at, 5);
  ASSERT_EQ(participant->tracks.size(), 1U);
  EXPECT_EQ(participant->tracks[0].type, "VIDEO");
  EXPECT_EQ(participant->tracks[0].source, "SCREEN_SHARE");
}

}  // namespace
}  // namespace lkm::livekit
