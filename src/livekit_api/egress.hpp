#pragma once
// EgressService: room composite recordings to S3-compatible storage (livekit.Egress calls, each
// with only the roomRecord grant).
#include <string>
#include <vector>

#include "livekit_api/room_service.hpp"

namespace lkm::livekit {

struct S3Upload {
  std::string access_key;
  std::string secret;
  std::string region;
  std::string endpoint;
  std::string bucket;
};

struct RoomCompositeRequest {
  std::string room_name;
  std::string layout;    // "speaker", "grid", ... ("" = LiveKit's default)
  std::string filepath;  // may use LiveKit's {room_name}, {time} templates
  S3Upload s3;
};

class EgressService {
 public:
  explicit EgressService(const TwirpClient& client) : client_(client) {}

  // Not retried: a repeat could start a second recording.
  [[nodiscard]] Call<Egress> start_room_composite_egress(RoomCompositeRequest request) const;
  [[nodiscard]] Call<std::vector<Egress>> list_egress(std::string room_name,
                                                      bool active_only) const;
  [[nodiscard]] Call<Egress> stop_egress(std::string egress_id) const;

 private:
  const TwirpClient& client_;
};

}  // namespace lkm::livekit
