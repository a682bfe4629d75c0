#pragma once
// Shared helpers for the store tests: a temporary directory and history event builders.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include "store/history_event.hpp"

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

using Kind = HistoryEventKind;

inline HistoryEvent room_event(Kind kind, const std::string& id, const std::string& room_sid,
                               const std::string& room_name, std::int64_t at,
                               std::int64_t created_at = 0) {
  HistoryEvent event;
  event.kind = kind;
  event.id = id;
  event.at = at;
  event.room = HistoryRoom{room_sid, room_name, created_at};
  return event;
}

inline HistoryEvent participant_event(Kind kind, const std::string& id, const std::string& room_sid,
                                      const std::string& identity,
                                      const std::string& participant_sid, std::int64_t at,
                                      const std::string& room_name = "standup") {
  HistoryEvent event = room_event(kind, id, room_sid, room_name, at);
  event.participant = HistoryParticipant{participant_sid, identity, identity + " name", at};
  return event;
}

inline HistoryEvent recording_event(const std::string& id, const std::string& recording_id,
                                    const std::string& room_sid, const std::string& room_name,
                                    const std::string& status, std::int64_t at,
                                    std::int64_t started_at = 0, std::int64_t ended_at = 0) {
  HistoryEvent event;
  event.kind = Kind::recording_changed;
  event.id = id;
  event.at = at;
  HistoryRecording recording;
  recording.id = recording_id;
  recording.room_sid = room_sid;
  recording.room_name = room_name;
  recording.status = status;
  recording.started_at = started_at;
  recording.ended_at = ended_at;
  event.recording = recording;
  return event;
}

}  // namespace lkm::store::testing
