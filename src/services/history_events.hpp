#pragma once
// The history event (store/history_event.hpp) a LiveKit webhook event stands for. LiveKit's
// vocabulary stops here: participant_connection_aborted is a leave, egress_started, _updated and
// _ended are one recording_changed, and any other event is `other` (recorded as seen, so that a
// redelivery is still known for one). A recording whose egress info names no room takes the
// event's room.
#include <string_view>

#include "livekit_api/webhook_event.hpp"
#include "store/history_event.hpp"

namespace lkm::services {

[[nodiscard]] store::HistoryEventKind history_event_kind(std::string_view webhook_event) noexcept;

[[nodiscard]] store::HistoryEvent to_history_event(const livekit::WebhookEvent& event);

}  // namespace lkm::services
