#pragma once
// RoomService: the livekit.RoomService calls livekit-meet makes, each with the narrowest grant.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/result.hpp"
#include "livekit_api/models.hpp"
#include "livekit_api/twirp.hpp"

namespace lkm::livekit {

template <class T>
using Call = boost::asio::awaitable<Result<T, TwirpError>>;

struct Done {};  // a call whose answer carries nothing

struct ParticipantUpdate {
  std::optional<std::string> metadata;
  std::optional<std::string> name;
  std::optional<std::vector<std::pair<std::string, std::string>>> attributes;
};

// CreateRoom's settings; zero values leave the server's defaults.
struct RoomSettings {
  std::string name;
  std::uint32_t empty_timeout = 0;
  std::uint32_t departure_timeout = 0;
  std::uint32_t max_participants = 0;
  std::string metadata;
};

// SendData: reliable or lossy, to some identities (everyone when none) under a topic ("": none).
struct DataMessage {
  std::string data;  // any bytes
  bool lossy = false;
  std::vector<std::string> destination_identities;
  std::string topic;
};

class RoomService {
 public:
  explicit RoomService(const TwirpClient& client) : client_(client) {}

  // All rooms when `names` is empty.
  [[nodiscard]] Call<std::vector<Room>> list_rooms(std::vector<std::string> names = {}) const;
  [[nodiscard]] Call<Room> create_room(std::string name) const;
  [[nodiscard]] Call<Room> create_room(RoomSettings settings) const;
  [[nodiscard]] Call<Room> update_room_metadata(std::string room, std::string metadata) const;
  // Not retried: a repeat would deliver the message twice.
  [[nodiscard]] Call<Done> send_data(std::string room, DataMessage message) const;
  [[nodiscard]] Call<Done> delete_room(std::string name) const;
  [[nodiscard]] Call<std::vector<Participant>> list_participants(std::string room) const;
  [[nodiscard]] Call<Done> remove_participant(std::string room, std::string identity) const;
  [[nodiscard]] Call<Track> mute_published_track(std::string room, std::string identity,
                                                 std::string track_sid, bool muted) const;
  [[nodiscard]] Call<Participant> update_participant(std::string room, std::string identity,
                                                     ParticipantUpdate update) const;

 private:
  const TwirpClient& client_;
};

// Turns a parse error of a 2xx answer into a TwirpError of kind bad_response.
template <class T>
Result<T, TwirpError> as_call_result(Result<T, std::string> parsed) {
  if (!parsed) return fail(TwirpError{TwirpErrorKind::bad_response, {}, 200, parsed.error()});
  return std::move(parsed).value();
}

}  // namespace lkm::livekit
