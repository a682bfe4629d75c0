#pragma once
// Recordings: LiveKit Meet's recording controls through the Egress API, under --recording (who may
// record: a hosted room's host, and for rooms without a host signed-in organizers or anyone; or
// nobody). LiveKit failures map to bad_gateway, unavailable or gateway_timeout, never to a hang.
//   start: conflict when a recording is starting or active, else a speaker-layout RoomComposite
//          egress to S3, named as Meet names its files
//   stop:  not_found when nothing is recording, else stops every active one
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "livekit_api/egress.hpp"
#include "services/call.hpp"
#include "services/hosted_rooms.hpp"
#include "services/sessions.hpp"

namespace lkm::services {

enum class RecordingPolicy { hosts, anyone, off };
[[nodiscard]] std::string_view to_string(RecordingPolicy policy) noexcept;

// Who asks to record: their organizer session and their host credential for the room, if any.
struct Requester {
  std::optional<std::string> session_key;
  std::optional<std::string> host_hash;
};

class Recordings {
 public:
  struct Dependencies {
    const livekit::EgressService* egress = nullptr;
    std::optional<livekit::S3Upload> storage;  // nullopt: recording is not configured
    const HostedRooms* rooms = nullptr;
    const OrganizerSessions* sessions = nullptr;
  };
  Recordings(Dependencies dependencies, RecordingPolicy policy);

  [[nodiscard]] RecordingPolicy policy() const noexcept { return policy_; }
  // Returns the new egress id.
  [[nodiscard]] Call<std::string> start(std::string room_name, Requester requester) const;
  // Returns how many recordings were stopped (at least one).
  [[nodiscard]] Call<std::size_t> stop(std::string room_name, Requester requester) const;

 private:
  [[nodiscard]] Call<Done> check_allowed(const std::string& room, const Requester& requester) const;

  Dependencies deps_;
  RecordingPolicy policy_;
};

// "2026-11-26T14:46:45.000Z-<room>.mp4", as Meet names its files.
[[nodiscard]] std::string recording_file_name(std::string_view room_name, std::int64_t now_unix);

}  // namespace lkm::services
