#include "store/history_event.hpp"

namespace lkm::store {

std::string_view to_string(HistoryEventKind kind) noexcept {
  switch (kind) {
    case HistoryEventKind::room_started: return "room_started";
    case HistoryEventKind::room_finished: return "room_finished";
    case HistoryEventKind::participant_joined: return "participant_joined";
    case HistoryEventKind::participant_left: return "participant_left";
    case HistoryEventKind::recording_changed: return "recording_changed";
    case HistoryEventKind::other: break;
  }
  return "other";
}

}  // namespace lkm::store
