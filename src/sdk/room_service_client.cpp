#include "livekit/room_service_client.hpp"

#include "livekit_api/room_service.hpp"
#include "sdk/api_client.hpp"
#include "sdk/convert.hpp"
#include "sdk/sync_call.hpp"

namespace livekit {
namespace {

// A call's answer converted one by one into the SDK's types.
template <class Out, class In>
Result<std::vector<Out>> convert_list(
    const lkm::Result<std::vector<In>, lkm::livekit::TwirpError>& in) {
  if (!in) return sdk::to_error(in.error());
  std::vector<Out> out;
  out.reserve(in->size());
  for (const auto& item : *in) out.push_back(sdk::from_internal(item));
  return out;
}

template <class Out, class In>
Result<Out> convert_one(const lkm::Result<In, lkm::livekit::TwirpError>& in) {
  if (!in) return sdk::to_error(in.error());
  return sdk::from_internal(*in);
}

Result<void> convert_done(const lkm::Result<lkm::livekit::Done, lkm::livekit::TwirpError>& in) {
  if (!in) return sdk::to_error(in.error());
  return {};
}

}  // namespace

struct RoomServiceClient::Impl {
  std::unique_ptr<lkm::livekit::TwirpClient> twirp;
  lkm::livekit::RoomService service;
};

RoomServiceClient::RoomServiceClient(std::string_view url, std::string api_key,
                                     std::string api_secret, const ClientOptions& options) {
  auto twirp = sdk::make_twirp_client(url, std::move(api_key), std::move(api_secret), options);
  const auto& client = *twirp;
  impl_ = std::make_unique<Impl>(Impl{std::move(twirp), lkm::livekit::RoomService(client)});
}
RoomServiceClient::RoomServiceClient(RoomServiceClient&& other) noexcept = default;
RoomServiceClient& RoomServiceClient::operator=(RoomServiceClient&& other) noexcept = default;
RoomServiceClient::~RoomServiceClient() = default;

Result<std::vector<Room>> RoomServiceClient::try_list_rooms(
    const std::vector<std::string>& names) const {
  return convert_list<Room>(sdk::run_sync(impl_->service.list_rooms(names)));
}
std::vector<Room> RoomServiceClient::list_rooms(const std::vector<std::string>& names) const {
  return try_list_rooms(names).value();
}

Result<Room> RoomServiceClient::try_create_room(const CreateRoomOptions& options) const {
  if (options.name.empty()) return sdk::invalid_argument("a room needs a name");
  return convert_one<Room>(sdk::run_sync(impl_->service.create_room(
      lkm::livekit::RoomSettings{.name = options.name,
                                 .empty_timeout = options.empty_timeout,
                                 .departure_timeout = options.departure_timeout,
                                 .max_participants = options.max_participants,
                                 .metadata = options.metadata})));
}
Room RoomServiceClient::create_room(const CreateRoomOptions& options) const {
  return try_create_room(options).value();
}

Result<void> RoomServiceClient::try_delete_room(const std::string& room) const {
  return convert_done(sdk::run_sync(impl_->service.delete_room(room)));
}
void RoomServiceClient::delete_room(const std::string& room) const {
  try_delete_room(room).value();
}

Result<Room> RoomServiceClient::try_update_room_metadata(const std::string& room,
                                                         const std::string& metadata) const {
  return convert_one<Room>(sdk::run_sync(impl_->service.update_room_metadata(room, metadata)));
}
Room RoomServiceClient::update_room_metadata(const std::string& room,
                                             const std::string& metadata) const {
  return try_update_room_metadata(room, metadata).value();
}

Result<std::vector<ParticipantInfo>> RoomServiceClient::try_list_participants(
    const std::string& room) const {
  return convert_list<ParticipantInfo>(sdk::run_sync(impl_->service.list_participants(room)));
}
std::vector<ParticipantInfo> RoomServiceClient::list_participants(const std::string& room) const {
  return try_list_participants(room).value();
}

Result<void> RoomServiceClient::try_remove_participant(const std::string& room,
                                                       const std::string& identity) const {
  return convert_done(sdk::run_sync(impl_->service.remove_participant(room, identity)));
}
void RoomServiceClient::remove_participant(const std::string& room,
                                           const std::string& identity) const {
  try_remove_participant(room, identity).value();
}

Result<TrackInfo> RoomServiceClient::try_mute_published_track(const std::string& room,
                                                              const std::string& identity,
                                                              const std::string& track_sid,
                                                              bool muted) const {
  return convert_one<TrackInfo>(
      sdk::run_sync(impl_->service.mute_published_track(room, identity, track_sid, muted)));
}
TrackInfo RoomServiceClient::mute_published_track(const std::string& room,
                                                  const std::string& identity,
                                                  const std::string& track_sid, bool muted) const {
  return try_mute_published_track(room, identity, track_sid, muted).value();
}

Result<ParticipantInfo> RoomServiceClient::try_update_participant(
    const std::string& room, const std::string& identity, const ParticipantUpdate& update) const {
  return convert_one<ParticipantInfo>(sdk::run_sync(impl_->service.update_participant(
      room, identity,
      lkm::livekit::ParticipantUpdate{
          .metadata = update.metadata, .name = update.name, .attributes = update.attributes})));
}
ParticipantInfo RoomServiceClient::update_participant(const std::string& room,
                                                      const std::string& identity,
                                                      const ParticipantUpdate& update) const {
  return try_update_participant(room, identity, update).value();
}

Result<void> RoomServiceClient::try_send_data(const std::string& room, std::string_view data,
                                              const SendDataOptions& options) const {
  return convert_done(sdk::run_sync(impl_->service.send_data(
      room, lkm::livekit::DataMessage{.data = std::string(data),
                                      .lossy = options.kind == DataPacketKind::lossy,
                                      .destination_identities = options.destination_identities,
                                      .topic = options.topic})));
}
void RoomServiceClient::send_data(const std::string& room, std::string_view data,
                                  const SendDataOptions& options) const {
  try_send_data(room, data, options).value();
}

}  // namespace livekit
