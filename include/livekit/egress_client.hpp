#pragma once
/// @file
/// EgressClient: recordings through the livekit.Egress API of a LiveKit server.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "livekit/client_options.hpp"
#include "livekit/error.hpp"
#include "livekit/export.hpp"
#include "livekit/models.hpp"

namespace livekit {

/// An S3-compatible bucket to write files to.
struct S3Upload {
  std::string access_key{};  ///< the access key id
  std::string secret{};      ///< the secret access key
  std::string region{};      ///< e.g. "eu-west-1"
  std::string endpoint{};    ///< "" for AWS
  std::string bucket{};      ///< the bucket's name
};

/// A recording of a whole room into one file.
struct RoomCompositeEgressRequest {
  std::string room_name{};  ///< the room to record
  std::string layout{};     ///< "speaker", "grid", ...; "" for LiveKit's default
  std::string filepath{};   ///< may use LiveKit's {room_name} and {time} templates
  S3Upload s3{};            ///< where the file goes
};

/// Calls livekit.Egress, synchronously, as RoomServiceClient does; every call's token carries only
/// roomRecord.
class LIVEKIT_API EgressClient {
 public:
  /// Throws Exception (invalid_argument) on a URL that is not ws, wss, http or https.
  EgressClient(std::string_view url, std::string api_key, std::string api_secret,
               const ClientOptions& options = {});
  /// Moves; a moved-from client may only be assigned to or destroyed.
  EgressClient(EgressClient&& other) noexcept;
  /// Moves; a moved-from client may only be assigned to or destroyed.
  EgressClient& operator=(EgressClient&& other) noexcept;
  ~EgressClient();

  /// Not repeated on failure: a repeat could start a second recording.
  EgressInfo start_room_composite_egress(const RoomCompositeEgressRequest& request) const;
  /// start_room_composite_egress() without exceptions.
  [[nodiscard]] Result<EgressInfo> try_start_room_composite_egress(
      const RoomCompositeEgressRequest& request) const;

  /// The egresses of a room (every room when `room_name` is empty); only running ones when
  /// `active_only`.
  [[nodiscard]] std::vector<EgressInfo> list_egress(const std::string& room_name,
                                                    bool active_only = false) const;
  /// list_egress() without exceptions.
  [[nodiscard]] Result<std::vector<EgressInfo>> try_list_egress(const std::string& room_name,
                                                                bool active_only = false) const;

  /// Stops an egress; returns it as it is now. Not repeated on failure.
  EgressInfo stop_egress(const std::string& egress_id) const;
  /// stop_egress() without exceptions.
  [[nodiscard]] Result<EgressInfo> try_stop_egress(const std::string& egress_id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace livekit
