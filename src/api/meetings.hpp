#pragma once
// Meeting history over HTTP: webhook deliveries in, meetings out, as pure functions of the
// receiver, the store and the request's values.
//   POST /api/webhook            LiveKit's webhook (raw JWT in Authorization, body <= 1 MiB)
//   GET  /api/meetings           {"meetings":[...],"nextCursor":...}, newest first
//   (?limit=&cursor=) GET  /api/meetings/<id>      one meeting, with attendees and recordings
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/errors.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "livekit/webhook.hpp"
#include "store/meeting.hpp"
#include "store/store.hpp"

namespace lkm::api {

inline constexpr std::size_t kMaxWebhookBodyBytes = std::size_t{1024} * 1024;
inline constexpr std::size_t kDefaultMeetingPage = 20;

// Verifies and records one delivery. Returns whether it was new (false: a repeated event id).
// Counts it in `metrics` (when given) by event and outcome: accepted, duplicate, rejected_auth,
// bad_body, store_refused, store_unavailable.
[[nodiscard]] Result<bool, ApiError> receive_webhook(const livekit::WebhookReceiver& receiver,
                                                     store::Store& store, std::string_view body,
                                                     std::string_view authorization,
                                                     std::int64_t now_unix,
                                                     metrics::Registry* metrics = nullptr);

// The event label of a webhook: one of LiveKit's event names, "other" for any other name, and
// "unknown" before the body could be read.
[[nodiscard]] std::string_view webhook_event_label(std::string_view event) noexcept;

// `query` is the raw query string (limit=1..500, cursor=opaque; room= is the handler's).
[[nodiscard]] Result<store::MeetingPage, ApiError> list_meetings(
    store::Store& store, std::string_view query, const store::MeetingFilter& filter);

// `id_text` is the path segment after /api/meetings/.
[[nodiscard]] Result<store::Meeting, ApiError> get_meeting(store::Store& store,
                                                           std::string_view id_text);

// What a viewer sees of a meeting: everything (its room's host, a signed-in organizer, anyone
// under --lobby all), or the public view of a listed room: display names without identities,
// recordings without their location or error.
enum class MeetingView { full, public_view };

[[nodiscard]] std::string to_json(const store::Meeting& meeting, MeetingView view);
[[nodiscard]] std::string to_json(const store::MeetingPage& page, MeetingView view);

}  // namespace lkm::api
