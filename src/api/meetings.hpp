#pragma once
// Meeting history over HTTP: the request's paging and the meetings' JSON.
//   POST /api/webhook              LiveKit's webhook (raw JWT in Authorization, body <= 1 MiB)
//   GET  /api/meetings             {"meetings":[...],"nextCursor":...}, newest first
//                                  (?limit=&cursor=&room=)
//   GET  /api/meetings/<id>        one meeting, with attendees and recordings
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/errors.hpp"
#include "core/result.hpp"
#include "services/history.hpp"
#include "store/meeting.hpp"
#include "store/store.hpp"

namespace lkm::api {

inline constexpr std::size_t kMaxWebhookBodyBytes = std::size_t{1024} * 1024;
inline constexpr std::size_t kDefaultMeetingPage = 20;

// The page a listing asks for: `query` is the raw query string (limit=1..500, cursor=opaque).
struct PageRequest {
  std::size_t limit = kDefaultMeetingPage;
  std::optional<std::string> cursor;
};
[[nodiscard]] Result<PageRequest, ApiError> parse_page_request(std::string_view query);

// `id_text` is the path segment after /api/meetings/; nullopt when it is no meeting id.
[[nodiscard]] std::optional<std::int64_t> parse_meeting_id(std::string_view id_text);

using services::MeetingView;

[[nodiscard]] std::string to_json(const store::Meeting& meeting, MeetingView view);
[[nodiscard]] std::string to_json(const store::MeetingPage& page, MeetingView view);

}  // namespace lkm::api
