#pragma once
// Shared helpers for the store tests: a temporary directory and webhook event builders.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include "livekit/webhook_event.hpp"

namespace lkm::store::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lkm-store-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline livekit::WebhookEvent room_event(const std::string& kind, const std::string& id,
                                        const std::string& room_sid, const std::string& room_name,
                                        std::int64_t at, std::int64_t creation_time = 0) {
  livekit::WebhookEvent event;
  event.event = kind;
  event.id = id;
  event.created_at = at;
  event.room = livekit::RoomInfo{room_sid, room_name, creation_time, ""};
  return event;
}

inline livekit::WebhookEvent participant_event(const std::string& kind, const std::string& id,
                                               const std::string& room_sid,
                                               const std::string& identity,
                                               const std::string& participant_sid, std::int64_t at,
                                               const std::string& room_name = "standup") {
  livekit::WebhookEvent event = room_event(kind, id, room_sid, room_name, at);
  event.participant = livekit::ParticipantInfo{participant_sid, identity, identity + " name", at};
  return event;
}

inline livekit::WebhookEvent egress_event(const std::string& kind, const std::string& id,
                                          const std::string& egress_id, const std::string& room_sid,
                                          const std::string& room_name, const std::string& status,
                                          std::int64_t at, std::int64_t started_at = 0,
                                          std::int64_t ended_at = 0) {
  livekit::WebhookEvent event;
  event.event = kind;
  event.id = id;
  event.created_at = at;
  livekit::EgressInfo info;
  info.egress_id = egress_id;
  info.room_id = room_sid;
  info.room_name = room_name;
  info.status = status;
  info.started_at = started_at;
  info.ended_at = ended_at;
  event.egress_info = info;
  return event;
}

}  // namespace lkm::store::testing
