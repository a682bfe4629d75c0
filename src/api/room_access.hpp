#pragma once
// Rooms with a host (docs/hosts.md), as functions over the store: creating a room, deciding what
// a joiner gets from /api/connection-details (a token as host or guest, a waiting ticket, or a
// refusal), and the checks behind the host's controls. Handlers (room_handlers.cpp) stay thin.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "api/errors.hpp"
#include "api/host_access.hpp"
#include "core/rate_limiter.hpp"
#include "core/result.hpp"
#include "store/access.hpp"

namespace lkm::api {

enum class RoomCreation { open, organizers };

// Names of rooms that may have a host: 1 to 128 of [A-Za-z0-9._~-], not starting with '.' (so
// that they appear unchanged in URL paths).
[[nodiscard]] bool is_hosted_room_name(std::string_view name) noexcept;

inline constexpr std::size_t kMinPasscodeBytes = 4;
inline constexpr std::size_t kMaxPasscodeBytes = 128;
inline constexpr std::size_t kMaxRoomRequestBytes = 4096;

struct RoomRequest {
  std::optional<std::string> name;
  std::optional<std::string> passcode;
  bool waiting_room = false;
};
// The JSON body of POST /api/rooms: {"name"?, "passcode"?, "waitingRoom"?}; unknown fields and
// wrong types are refused.
[[nodiscard]] Result<RoomRequest, ApiError> parse_room_request(std::string_view body);

// {"name","hosted","passcode","waitingRoom","locked","isHost"}
[[nodiscard]] std::string room_info_json(std::string_view name,
                                         const std::optional<store::HostedRoom>& room,
                                         bool is_host);

// Checks passcodes with a per-client, per-room limit on failures (5, then one every 12 s), and
// remembers passcodes that were right so that a correct one costs one slow hash per room and
// instance. Thread-safe.
class PasscodeGate {
 public:
  // nullopt when `passcode` opens `room`; else passcode_required, passcode_invalid or
  // too_many_requests.
  [[nodiscard]] std::optional<ApiError> check(const store::HostedRoom& room,
                                              const std::optional<std::string>& passcode,
                                              std::string_view client, std::int64_t now);

 private:
  static constexpr std::size_t kMaxRemembered = 4096;
  RateLimiter failures_{{5, 12, 10'000}};
  std::mutex mutex_;
  std::unordered_set<std::string> remembered_;
};

// What /api/connection-details does for a room.
struct JoinDecision {
  enum class Kind { open, host, guest, wait };
  Kind kind = Kind::open;
};

struct JoinContext {
  store::AccessStore& store;
  PasscodeGate& passcodes;
  RoomCreation room_creation = RoomCreation::open;
  std::string_view client;  // the client's address, for the passcode limit
  std::int64_t now = 0;
};

// `host_hash` is the hash of a correctly signed host cookie for the room, if the request had one.
[[nodiscard]] Result<JoinDecision, ApiError> decide_join(
    const JoinContext& context, const std::string& room, const std::optional<std::string>& passcode,
    const std::optional<std::string>& host_hash);

// A failure of the access store as an API error.
[[nodiscard]] ApiError from_access_store(const store::StoreError& error);

// The participant attribute that names hosts and guests of hosted rooms.
inline constexpr std::string_view kRoleAttribute = "role";

// The guest's view of a waiting ticket: {"status":"waiting"} while it waits.
inline constexpr std::string_view kWaitingJson = R"({"status":"waiting"})";

// {"waiting":[{"ticket","participantName","since"}]}
[[nodiscard]] std::string waiting_json(const std::vector<store::WaitingTicket>& tickets);

// A waiting guest who has not polled for this long is no longer shown to the host.
inline constexpr std::int64_t kWaitingGuestTimeoutSeconds = 60;

}  // namespace lkm::api
