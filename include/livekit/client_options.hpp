#pragma once
/// @file
/// How the API clients (RoomServiceClient, EgressClient) call the LiveKit server.

#include <chrono>
#include <string>

namespace livekit {

/// Each call mints its own short-lived token with only the grant that call needs.
struct ClientOptions {
  /// One deadline for the whole call, retries included. Name resolution is the exception: a
  /// resolver that does not answer holds the call for as long as the system's resolver waits
  /// (resolv.conf's timeout and attempts); an IP address in the URL needs none.
  std::chrono::milliseconds timeout{10'000};
  /// Attempts of the calls that are safe to repeat (the List calls, UpdateRoomMetadata,
  /// MutePublishedTrack, UpdateParticipant), on connection errors and 5xx answers; at least 1.
  int max_attempts = 3;
  /// A PEM file of certificate authorities trusted besides the system's (a private CA).
  std::string ca_file{};
};

}  // namespace livekit
