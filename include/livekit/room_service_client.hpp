#pragma once
/// @file
/// RoomServiceClient: the livekit.RoomService API of a LiveKit server.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "livekit/client_options.hpp"
#include "livekit/error.hpp"
#include "livekit/export.hpp"
#include "livekit/models.hpp"

namespace livekit {

/// CreateRoom's settings; zero values leave the server's defaults.
struct CreateRoomOptions {
  std::string name{};                   ///< the room's name (required)
  std::uint32_t empty_timeout = 0;      ///< seconds a room stays open with nobody in it
  std::uint32_t departure_timeout = 0;  ///< seconds it stays open after the last one leaves
  std::uint32_t max_participants = 0;   ///< 0: no limit
  std::string metadata{};               ///< the room's metadata
};

/// UpdateParticipant's changes; what is unset stays as it is.
struct ParticipantUpdate {
  std::optional<std::string> metadata{};   ///< the new metadata
  std::optional<std::string> name{};       ///< the new display name
  std::optional<Attributes> attributes{};  ///< attributes to set (an empty value removes one)
};

/// How SendData delivers.
enum class DataPacketKind { reliable, lossy };

/// SendData's addressees and topic: everyone in the room when no identity is given.
struct SendDataOptions {
  DataPacketKind kind = DataPacketKind::reliable;     ///< reliable (ordered, resent) or lossy
  std::vector<std::string> destination_identities{};  ///< the addressees; empty: everyone
  std::string topic{};                                ///< the topic the receivers see ("" for none)
};

/// Calls livekit.RoomService on a LiveKit server, synchronously: each call blocks until the answer
/// or the deadline (ClientOptions::timeout). A client may be used from several threads at once.
///
/// `url` is the server's URL as clients use it (ws://, wss://) or its http(s):// origin.
class LIVEKIT_API RoomServiceClient {
 public:
  /// Throws Exception (invalid_argument) on a URL that is not ws, wss, http or https.
  RoomServiceClient(std::string_view url, std::string api_key, std::string api_secret,
                    const ClientOptions& options = {});
  /// Moves; a moved-from client may only be assigned to or destroyed.
  RoomServiceClient(RoomServiceClient&& other) noexcept;
  /// Moves; a moved-from client may only be assigned to or destroyed.
  RoomServiceClient& operator=(RoomServiceClient&& other) noexcept;
  ~RoomServiceClient();

  /// The rooms open now; only those named, when `names` is not empty.
  [[nodiscard]] std::vector<Room> list_rooms(const std::vector<std::string>& names = {}) const;
  /// list_rooms() without exceptions.
  [[nodiscard]] Result<std::vector<Room>> try_list_rooms(
      const std::vector<std::string>& names = {}) const;

  /// Creates a room (an error when `options.name` is empty). Not repeated on failure.
  Room create_room(const CreateRoomOptions& options) const;
  /// create_room() without exceptions.
  [[nodiscard]] Result<Room> try_create_room(const CreateRoomOptions& options) const;

  /// Closes a room, disconnecting everyone in it.
  void delete_room(const std::string& room) const;
  /// delete_room() without exceptions.
  [[nodiscard]] Result<void> try_delete_room(const std::string& room) const;

  /// Replaces a room's metadata; returns the room as it is now.
  Room update_room_metadata(const std::string& room, const std::string& metadata) const;
  /// update_room_metadata() without exceptions.
  [[nodiscard]] Result<Room> try_update_room_metadata(const std::string& room,
                                                      const std::string& metadata) const;

  /// The participants in a room.
  [[nodiscard]] std::vector<ParticipantInfo> list_participants(const std::string& room) const;
  /// list_participants() without exceptions.
  [[nodiscard]] Result<std::vector<ParticipantInfo>> try_list_participants(
      const std::string& room) const;

  /// Disconnects a participant from a room. Not repeated on failure.
  void remove_participant(const std::string& room, const std::string& identity) const;
  /// remove_participant() without exceptions.
  [[nodiscard]] Result<void> try_remove_participant(const std::string& room,
                                                    const std::string& identity) const;

  /// Mutes or unmutes a participant's track; returns the track as it is now.
  TrackInfo mute_published_track(const std::string& room, const std::string& identity,
                                 const std::string& track_sid, bool muted) const;
  /// mute_published_track() without exceptions.
  [[nodiscard]] Result<TrackInfo> try_mute_published_track(const std::string& room,
                                                           const std::string& identity,
                                                           const std::string& track_sid,
                                                           bool muted) const;

  /// Changes a participant's metadata, name or attributes; returns the participant as it is now.
  ParticipantInfo update_participant(const std::string& room, const std::string& identity,
                                     const ParticipantUpdate& update) const;
  /// update_participant() without exceptions.
  [[nodiscard]] Result<ParticipantInfo> try_update_participant(
      const std::string& room, const std::string& identity, const ParticipantUpdate& update) const;

  /// Sends `data` (any bytes) to the room's participants. Not repeated on failure.
  void send_data(const std::string& room, std::string_view data,
                 const SendDataOptions& options = {}) const;
  /// send_data() without exceptions.
  [[nodiscard]] Result<void> try_send_data(const std::string& room, std::string_view data,
                                           const SendDataOptions& options = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace livekit
