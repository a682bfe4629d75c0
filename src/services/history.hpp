#pragma once
// History: the meeting history and the lobby. LiveKit's webhooks are verified (on the caller's
// executor: an HMAC) and applied to the store (on the worker pool); meetings and live rooms are
// shown by the lobby rules (--lobby, docs/security.md): everything to signed-in organizers and
// under --lobby all, a room's full history to its host, the public view of rooms their hosts
// listed to everyone else, and nothing under --lobby off.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "livekit_api/room_service.hpp"
#include "livekit_api/webhook.hpp"
#include "services/call.hpp"
#include "services/hosted_rooms.hpp"
#include "services/sessions.hpp"
#include "store/store.hpp"

namespace lkm::services {

// What a viewer sees of a meeting: everything, or the public view of a listed room (display names
// without identities, recordings without their location or error).
enum class MeetingView { full, public_view };

// Who asks: their organizer session (if any) and the host credential they hold for a room.
struct Visitor {
  std::optional<std::string> session_key;
  std::function<std::optional<std::string>(const std::string& room)> host_hash;
};

// The event label of a webhook for metrics: one of LiveKit's event names, "other" for any other
// name, and "unknown" before the body could be read.
[[nodiscard]] std::string_view webhook_event_label(std::string_view event) noexcept;

class History {
 public:
  struct Dependencies {
    Blocking blocking;
    store::Store* store = nullptr;
    const livekit::WebhookReceiver* webhooks = nullptr;
    const livekit::RoomService* livekit = nullptr;
    const HostedRooms* rooms = nullptr;
    const OrganizerSessions* sessions = nullptr;
    const Clock* clock = nullptr;
    metrics::Registry* metrics = nullptr;  // null: not counted
  };
  History(Dependencies dependencies, Lobby lobby);

  [[nodiscard]] Lobby lobby() const noexcept { return lobby_; }

  // Verifies and records one delivery; true when it was new (false: a repeated event id). Counts
  // it by event and outcome: accepted, duplicate, rejected_auth, bad_body, store_refused,
  // store_unavailable, ignored (a connection test's room: never recorded, answered as new).
  [[nodiscard]] Call<bool> receive(std::string body, std::string authorization) const;

  struct Page {
    store::MeetingPage page;
    MeetingView view = MeetingView::full;
  };
  // Meetings newest first; of one room when `room` is given (room_not_found when the visitor may
  // not see it). lobby_off under --lobby off for anyone but organizers.
  [[nodiscard]] Call<Page> meetings(Visitor visitor, std::optional<std::string> room,
                                    std::size_t limit, std::optional<std::string> cursor) const;
  struct One {
    store::Meeting meeting;
    MeetingView view = MeetingView::full;
  };
  // not_found for a meeting the visitor may not see.
  [[nodiscard]] Call<One> meeting(Visitor visitor, std::int64_t id) const;
  // The rooms live on the LiveKit server that the visitor may see (never a connection test's).
  [[nodiscard]] Call<std::vector<livekit::Room>> live_rooms(Visitor visitor) const;

 private:
  // Whether the visitor sees everything (--lobby all, or an organizer).
  [[nodiscard]] Call<bool> sees_everything(const Visitor& visitor) const;
  // How much of a room's history the visitor may see; nullopt: nothing.
  [[nodiscard]] Call<std::optional<MeetingView>> room_view(const Visitor& visitor, bool everything,
                                                           std::string room) const;
  void count(std::string_view event, std::string_view outcome) const;

  Dependencies deps_;
  Lobby lobby_;
};

}  // namespace lkm::services
