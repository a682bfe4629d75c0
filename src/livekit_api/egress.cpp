#include "livekit_api/egress.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace lkm::livekit {
namespace {

constexpr std::string_view kService = "Egress";

auth::VideoGrant grant_room_record() {
  auth::VideoGrant grant;
  grant.room_record = true;
  return grant;
}

}  // namespace

Call<Egress> EgressService::start_room_composite_egress(RoomCompositeRequest request) const {
  boost::json::object s3{{"accessKey", std::move(request.s3.access_key)},
                         {"secret", std::move(request.s3.secret)},
                         {"region", std::move(request.s3.region)},
                         {"endpoint", std::move(request.s3.endpoint)},
                         {"bucket", std::move(request.s3.bucket)}};
  boost::json::object file{{"filepath", std::move(request.filepath)}, {"s3", std::move(s3)}};
  boost::json::object body{{"roomName", std::move(request.room_name)},
                           {"fileOutputs", boost::json::array{std::move(file)}}};
  if (!request.layout.empty()) body["layout"] = request.layout;
  auto answer =
      co_await client_.call(kService, "StartRoomCompositeEgress", body, grant_room_record());
  if (!answer) co_return fail(std::move(answer).error());
  co_return as_call_result(parse_egress(*answer));
}

Call<std::vector<Egress>> EgressService::list_egress(std::string room_name,
                                                     bool active_only) const {
  boost::json::object body;
  if (!room_name.empty()) body["roomName"] = room_name;
  if (active_only) body["active"] = true;
  auto answer = co_await client_.call(kService, "ListEgress", body, grant_room_record());
  if (!answer) co_return fail(std::move(answer).error());
  co_return as_call_result(parse_list_egress(*answer));
}

Call<Egress> EgressService::stop_egress(std::string egress_id) const {
  boost::json::object body{{"egressId", std::move(egress_id)}};
  // Not retried: a repeat after a stop that did happen would report a failure.
  auto answer = co_await client_.call(kService, "StopEgress", body, grant_room_record());
  if (!answer) co_return fail(std::move(answer).error());
  co_return as_call_result(parse_egress(*answer));
}

}  // namespace lkm::livekit
