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
#include "core/attempt_limiter.hpp"
#include "core/result.hpp"
#include "store/access.hpp"

namespace lkm::api {

enum class RoomCreation { open, organizers };
// --lobby: who sees live rooms and past meetings; --recording: who may record (docs/security.md).
enum class Lobby { off, listed, all };
enum class Recording { hosts, anyone, off };
[[nodiscard]] std::string_view to_string(Lobby lobby) noexcept;
[[nodiscard]] std::string_view to_string(Recording recording) noexcept;

// Names of rooms that may have a host: 1 to 128 of [A-Za-z0-9._~-], not starting with '.' (so
// that they appear unchanged in URL paths).
[[nodiscard]] bool is_hosted_room_name(std::string_view name) noexcept;

inline constexpr std::size_t kMinPasscodeBytes = 6;
inline constexpr std::size_t kMaxPasscodeBytes = 128;
inline constexpr std::size_t kMaxRoomRequestBytes = 4096;

struct RoomRequest {
  std::optional<std::string> name;
  std::optional<std::string> passcode;
  bool waiting_room = false;
  bool listed = false;
};
// The JSON body of POST /api/rooms: {"name"?, "passcode"?, "waitingRoom"?, "listed"?}; unknown
// fields and wrong types are refused.
[[nodiscard]] Result<RoomRequest, ApiError> parse_room_request(std::string_view body);

// {"name","hosted","passcode","waitingRoom","locked","listed","isHost"}
[[nodiscard]] std::string room_info_json(std::string_view name,
                                         const std::optional<store::HostedRoom>& room,
                                         bool is_host);

// Guessing limits (AttemptPolicy): per client on this instance, 5 tries, then 1 s, 2 s, 4 s ... up
// to 15 minutes between tries; per room (or for the organizer password) across every client and
// instance, in the store, 20 tries, then up to 5 minutes. A counter quiet for an hour starts again.
inline constexpr AttemptPolicy kClientGuessPolicy{4, 1, 900, 3600};
inline constexpr AttemptPolicy kRoomGuessPolicy{19, 1, 300, 3600};

// Guess limits around a slow check (a passcode, the organizer password): the attempt is counted
// per client and per shared scope before the check runs, and forgiven when it was right.
// Thread-safe.
class GuessGuard {
 public:
  GuessGuard() = default;
  // nullopt: go ahead (counted); else too_many_requests with Retry-After, or a store failure.
  [[nodiscard]] std::optional<ApiError> begin(store::AccessStore& store, std::string_view client,
                                              const std::string& scope, std::int64_t now);
  // The guess was right: takes both counts back.
  void forgive(store::AccessStore& store, std::string_view client, const std::string& scope);

 private:
  AttemptLimiter clients_{kClientGuessPolicy, 10'000};
};

// Checks passcodes under the GuessGuard's limits, and remembers passcodes that were right so that
// a correct one costs one slow hash per room and instance (and is never counted). Thread-safe.
class PasscodeGate {
 public:
  // nullopt when `passcode` opens `room`; else passcode_required, passcode_invalid,
  // too_many_requests or a store failure.
  [[nodiscard]] std::optional<ApiError> check(store::AccessStore& store,
                                              const store::HostedRoom& room,
                                              const std::optional<std::string>& passcode,
                                              std::string_view client, std::int64_t now);

 private:
  static constexpr std::size_t kMaxRemembered = 4096;
  GuessGuard guesses_;
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
  std::int64_t room_retention_seconds = std::int64_t{30} * 86400;
};

// The hosted room of that name, unless it has been unused for longer than the retention (it is
// then as good as forgotten: the next room creation deletes it).
[[nodiscard]] Result<std::optional<store::HostedRoom>, ApiError> find_hosted_room(
    store::AccessStore& store, const std::string& name, std::int64_t now,
    std::int64_t retention_seconds);

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
