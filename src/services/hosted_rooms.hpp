#pragma once
// HostedRooms: the service behind rooms with a host (docs/hosts.md): creating one (its name
// checked against LiveKit and the history, its passcode hashed), what a joiner or its host sees
// of it, the host's controls (lock, listing, ending the meeting, giving up the credential), and
// the decision a join gets. Store work and hashing run on the worker pool; LiveKit calls on the
// caller's executor.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "livekit_api/room_service.hpp"
#include "services/absent_rooms.hpp"
#include "services/call.hpp"
#include "services/credentials.hpp"
#include "services/random.hpp"
#include "services/room_rules.hpp"
#include "store/access.hpp"
#include "store/store.hpp"

namespace lkm::services {

struct RoomPolicy {
  RoomCreation creation = RoomCreation::open;
  std::int64_t retention_seconds = std::int64_t{30} * 86400;
  std::shared_ptr<RateLimiter> creation_limiter;  // rooms per client; null: no limit
};

class HostedRooms {
 public:
  struct Dependencies {
    Blocking blocking;
    store::AccessStore* access = nullptr;  // null: rooms with a host are off (not_configured)
    store::Store* history = nullptr;
    const livekit::RoomService* livekit = nullptr;
    const Clock* clock = nullptr;
    RandomString random;
    const AccessKeys* keys = nullptr;
  };
  HostedRooms(Dependencies dependencies, RoomPolicy policy);

  [[nodiscard]] const RoomPolicy& policy() const noexcept { return policy_; }
  [[nodiscard]] bool enabled() const noexcept { return deps_.access != nullptr; }

  struct Created {
    store::HostedRoom room;
    std::string host_cookie;  // the host credential's cookie value
  };
  // `organizer`: the request comes from a signed-in organizer (needed under RoomCreation
  // organizers). A chosen name must not be live in LiveKit nor used within the retention
  // (room_in_use); a drawn one is drawn again on the rare collision. `owner`: the person signed in
  // through the identity provider who creates it ("" for none), who finds it under their rooms.
  [[nodiscard]] Call<Created> create(RoomRequest request, std::string client, bool organizer,
                                     std::string owner = {}) const;

  // The rooms an owner created (owner_rooms: never for ""), the most recently used first.
  [[nodiscard]] Call<std::vector<store::HostedRoom>> owned(std::string owner) const;
  // A new host credential for the owner of the room, to host it from this browser
  // (room_not_found when the room is not theirs).
  [[nodiscard]] Call<Created> reopen(std::string room, std::string owner) const;
  // Ends the meeting for everyone and forgets the room, for its owner (room_not_found when the
  // room is not theirs).
  [[nodiscard]] Call<Done> remove_owned(std::string room, std::string owner) const;

  struct View {
    std::optional<store::HostedRoom> room;  // nullopt: a room without a host
    bool is_host = false;                   // the host, or a co-host
    bool cohost = false;
  };
  [[nodiscard]] Call<View> view(std::string room, std::optional<std::string> host_hash) const;

  // Whether the credential hash is a live host credential of that room.
  [[nodiscard]] Call<bool> is_host(std::string room, std::optional<std::string> host_hash) const;
  // The hosted room when `host_hash` is its host's or a co-host's; else host_required (or
  // room_not_found). A host's action counts as use of the room.
  [[nodiscard]] Call<store::HostedRoom> require_host(std::string room,
                                                     std::optional<std::string> host_hash) const;
  struct Granted {
    store::HostedRoom room;
    store::HostGrant grant;
  };
  // The same, with what the credential grants (host or co-host).
  [[nodiscard]] Call<Granted> require_grant(std::string room,
                                            std::optional<std::string> host_hash) const;
  // Ends the meeting for everyone (LiveKit) and forgets the room; not for co-hosts
  // (owner_required).
  [[nodiscard]] Call<Done> end(std::string room, std::optional<std::string> host_hash) const;
  // Revokes this credential only (a no-op without one).
  [[nodiscard]] Call<Done> sign_out_host(std::string room,
                                         std::optional<std::string> host_hash) const;
  enum class Flag { locked, listed };
  // Sets the lock or the lobby listing; returns the room as it is now.
  [[nodiscard]] Call<store::HostedRoom> set_flag(std::string room,
                                                 std::optional<std::string> host_hash, Flag flag,
                                                 bool value) const;
  // What /api/connection-details gives for that room: hashing a passcode when one is needed. A
  // room the store has just said has no host is answered from memory (AbsentRooms). `identity`:
  // the one the join will get (a co-host's credential counts for theirs only).
  [[nodiscard]] Call<JoinDecision> decide_join(std::string room,
                                               std::optional<std::string> passcode,
                                               std::optional<std::string> host_hash,
                                               std::string client, std::string identity = {}) const;
  // The hosted room unless unused past the retention (blocking: for jobs of other services).
  [[nodiscard]] Result<std::optional<store::HostedRoom>, Error> find_blocking(
      const std::string& room) const;
  [[nodiscard]] const Blocking& blocking() const noexcept { return deps_.blocking; }
  [[nodiscard]] std::int64_t now() const { return deps_.clock->now_unix(); }
  [[nodiscard]] const RandomString& random() const noexcept { return deps_.random; }
  [[nodiscard]] const livekit::RoomService& livekit() const noexcept { return *deps_.livekit; }
  [[nodiscard]] store::AccessStore* access() const noexcept { return deps_.access; }
  [[nodiscard]] const AccessKeys& keys() const noexcept { return *deps_.keys; }

 private:
  [[nodiscard]] Call<Done> check_name_free(std::string name, std::int64_t now,
                                           Deadline deadline) const;

  Dependencies deps_;
  RoomPolicy policy_;
  std::shared_ptr<PasscodeGate> passcodes_ = std::make_shared<PasscodeGate>();
  std::shared_ptr<AbsentRooms> absent_;
};

// not_configured: rooms with a host need the store.
[[nodiscard]] Error rooms_not_configured();

}  // namespace lkm::services
