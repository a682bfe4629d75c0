#pragma once
// The rules of rooms with a host (docs/hosts.md), as blocking functions over the store that the
// services run on the worker pool: which names may have a host, the guessing limits around
// passcodes and the organizer password, and what a joiner gets (a token as host or guest, a
// waiting ticket, or a refusal).
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/attempt_limiter.hpp"
#include "core/result.hpp"
#include "services/errors.hpp"
#include "store/access.hpp"

namespace lkm::services {

enum class RoomCreation { open, organizers };
// --lobby: who sees live rooms and past meetings (docs/security.md).
enum class Lobby { off, listed, all };
[[nodiscard]] std::string_view to_string(Lobby lobby) noexcept;

// Names of rooms that may have a host: 1 to 128 of [A-Za-z0-9._~-], not starting with '.' (so
// that they appear unchanged in URL paths).
[[nodiscard]] bool is_hosted_room_name(std::string_view name) noexcept;

// Rooms of the connection test (POST /api/connection-test) are named with this prefix and a
// random part; no other path may name such a room (joins, creation, the routes of a room), and
// their webhooks are not recorded, so a test never shows among meetings or live rooms.
inline constexpr std::string_view kConnectionTestRoomPrefix = "lkm-connection-test-";
[[nodiscard]] constexpr bool is_reserved_room_name(std::string_view name) noexcept {
  return name.starts_with(kConnectionTestRoomPrefix);
}
// The message of a refusal of such a name.
inline constexpr std::string_view kReservedRoomNameMessage =
    "room names starting with lkm-connection-test- are reserved for the connection test";

inline constexpr std::size_t kMinPasscodeBytes = 6;
inline constexpr std::size_t kMaxPasscodeBytes = 128;
struct RoomRequest {
  std::optional<std::string> name;
  std::optional<std::string> passcode;
  bool waiting_room = false;
  bool listed = false;
};

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
  [[nodiscard]] std::optional<Error> begin(store::AccessStore& store, std::string_view client,
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
  [[nodiscard]] std::optional<Error> check(store::AccessStore& store, const store::HostedRoom& room,
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
  enum class Kind { open, host, cohost, guest, wait };
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
[[nodiscard]] Result<std::optional<store::HostedRoom>, Error> find_hosted_room(
    store::AccessStore& store, const std::string& name, std::int64_t now,
    std::int64_t retention_seconds);

// A room without a host: open, or room_not_found when only organizers create rooms.
[[nodiscard]] Result<JoinDecision, Error> decide_join_without_host(RoomCreation creation);

// `host_hash` is the hash of a correctly signed host cookie for the room, if the request had one.
// A co-host's credential counts only for the identity it was promoted as: `identity` is the one
// the join will get.
[[nodiscard]] Result<JoinDecision, Error> decide_join(const JoinContext& context,
                                                      const std::string& room,
                                                      const std::optional<std::string>& passcode,
                                                      const std::optional<std::string>& host_hash,
                                                      const std::string& identity = {});

// The participant attribute that names hosts, co-hosts and guests of hosted rooms.
inline constexpr std::string_view kRoleAttribute = "role";

// A waiting guest who has not polled for this long is no longer shown to the host.
inline constexpr std::int64_t kWaitingGuestTimeoutSeconds = 60;

}  // namespace lkm::services
