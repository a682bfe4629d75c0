#include "services/history.hpp"

#include <algorithm>

#include "services/history_events.hpp"

namespace lkm::services {
namespace {

constexpr std::string_view kWebhookEvents[] = {
    "room_started",
    "room_finished",
    "participant_joined",
    "participant_left",
    "participant_connection_aborted",
    "track_published",
    "track_unpublished",
    "egress_started",
    "egress_updated",
    "egress_ended",
    "ingress_started",
    "ingress_ended",
};

Error from_history(const store::StoreError& error) {
  return from_store(error, "meeting history");
}

Error lobby_off() {
  return {ErrorCode::lobby_off, "The lobby is off on this server"};
}

// An event of a connection test's room (room_rules.hpp), which the history never records.
bool is_connection_test(const store::HistoryEvent& event) {
  return (event.room && is_reserved_room_name(event.room->name)) ||
         (event.recording && is_reserved_room_name(event.recording->room_name));
}

}  // namespace

std::string_view webhook_event_label(std::string_view event) noexcept {
  for (const std::string_view known : kWebhookEvents) {
    if (known == event) return known;
  }
  return "other";
}

History::History(Dependencies dependencies, Lobby lobby)
    : deps_(std::move(dependencies)), lobby_(lobby) {}

void History::count(std::string_view event, std::string_view outcome) const {
  if (deps_.metrics != nullptr) deps_.metrics->webhook(event, outcome);
}

Call<bool> History::receive(std::string body, std::string authorization) const {
  auto event = deps_.webhooks->receive(body, authorization, deps_.clock->now_unix());
  if (!event) {
    const auto& failure = event.error();
    if (failure.code == livekit::WebhookError::invalid_body) {
      count("unknown", "bad_body");
      co_return fail(Error{ErrorCode::bad_request, failure.message});
    }
    count("unknown", "rejected_auth");
    co_return fail(Error{ErrorCode::unauthorized, failure.message});
  }
  const std::string_view label = webhook_event_label(event->event);
  auto history_event = to_history_event(*event);
  if (is_connection_test(history_event)) {
    count(label, "ignored");
    co_return true;
  }
  auto* store = deps_.store;
  auto job = [store, event = std::move(history_event)]() -> Result<bool, Error> {
    auto outcome = store->apply(event);
    if (!outcome) return fail(from_history(outcome.error()));
    return *outcome;
  };
  const auto deadline = deps_.blocking.deadline();
  auto applied = co_await deps_.blocking.run(deadline, std::move(job));
  if (!applied) {
    count(label,
          applied.error().code == ErrorCode::bad_request ? "store_refused" : "store_unavailable");
    co_return fail(std::move(applied).error());
  }
  count(label, *applied ? "accepted" : "duplicate");
  co_return *applied;
}

Call<bool> History::sees_everything(const Visitor& visitor) const {
  if (lobby_ == Lobby::all) co_return true;
  co_return co_await deps_.sessions->signed_in(visitor.session_key);
}

Call<std::optional<MeetingView>> History::room_view(const Visitor& visitor, bool everything,
                                                    std::string room) const {
  using View = std::optional<MeetingView>;
  if (everything) co_return View(MeetingView::full);
  auto host = co_await deps_.rooms->is_host(room, visitor.host_hash(room));
  if (!host) co_return fail(std::move(host).error());
  if (*host) co_return View(MeetingView::full);
  auto* access = deps_.rooms->access();
  if (lobby_ != Lobby::listed || access == nullptr) co_return View();
  auto job = [access, room]() -> Result<View, Error> {
    std::vector<std::string> names{room};
    auto listed = access->listed_rooms(names);
    if (!listed) {
      return fail(from_access_store(listed.error()));
    }
    if (listed->empty()) return View();
    return View(MeetingView::public_view);
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<History::Page> History::meetings(Visitor visitor, std::optional<std::string> room,
                                      std::size_t limit, std::optional<std::string> cursor) const {
  auto everything = co_await sees_everything(visitor);
  if (!everything) co_return fail(std::move(everything).error());
  store::MeetingFilter filter;
  MeetingView view = MeetingView::full;
  if (room) {
    auto allowed = co_await room_view(visitor, *everything, *room);
    if (!allowed) co_return fail(std::move(allowed).error());
    if (!*allowed) co_return fail(Error{ErrorCode::room_not_found, "No such room"});
    view = **allowed;
    filter.room = std::move(room);
  } else if (!*everything) {
    if (lobby_ == Lobby::off) co_return fail(lobby_off());
    filter.listed_only = true;
    view = MeetingView::public_view;
  }
  auto* store = deps_.store;
  auto job = [store, limit, cursor = std::move(cursor), filter, view]() -> Result<Page, Error> {
    auto page = store->list_meetings(limit, cursor, filter);
    if (!page) return fail(from_history(page.error()));
    return Page{std::move(page).value(), view};
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<History::One> History::meeting(Visitor visitor, std::int64_t id) const {
  auto everything = co_await sees_everything(visitor);
  if (!everything) co_return fail(std::move(everything).error());
  auto* store = deps_.store;
  auto job = [store, id]() -> Result<store::Meeting, Error> {
    auto meeting = store->get_meeting(id);
    if (!meeting) return fail(from_history(meeting.error()));
    if (!meeting->has_value()) return fail(Error{ErrorCode::not_found, "No such meeting"});
    return std::move(**meeting);
  };
  const auto deadline = deps_.blocking.deadline();
  auto found = co_await deps_.blocking.run(deadline, std::move(job));
  if (!found) co_return fail(std::move(found).error());
  auto view = co_await room_view(visitor, *everything, found->room_name);
  if (!view) co_return fail(std::move(view).error());
  // A meeting the visitor may not see is answered as one that does not exist.
  if (!*view) co_return fail(Error{ErrorCode::not_found, "No such meeting"});
  co_return One{std::move(found).value(), **view};
}

Call<std::vector<livekit::Room>> History::live_rooms(Visitor visitor) const {
  auto everything = co_await sees_everything(visitor);
  if (!everything) co_return fail(std::move(everything).error());
  if (!*everything && lobby_ == Lobby::off) co_return fail(lobby_off());
  auto rooms = co_await deps_.livekit->list_rooms();
  if (!rooms) co_return fail(from_livekit(rooms.error()));
  std::erase_if(*rooms, [](const livekit::Room& room) { return is_reserved_room_name(room.name); });
  if (*everything) co_return std::move(rooms).value();
  std::vector<std::string> names;
  names.reserve(rooms->size());
  for (const auto& room : *rooms) names.push_back(room.name);
  std::vector<std::string> listed;
  auto* access = deps_.rooms->access();
  if (access != nullptr && !names.empty() && lobby_ == Lobby::listed) {
    auto job = [access, names = std::move(names)]() -> Result<std::vector<std::string>, Error> {
      auto hosted = access->listed_rooms(names);
      if (!hosted) return fail(from_access_store(hosted.error()));
      return std::move(hosted).value();
    };
    const auto deadline = deps_.blocking.deadline();
    auto found = co_await deps_.blocking.run(deadline, std::move(job));
    if (!found) co_return fail(std::move(found).error());
    listed = std::move(found).value();
  }
  std::erase_if(*rooms, [&](const livekit::Room& room) {
    return std::find(listed.begin(), listed.end(), room.name) == listed.end();
  });
  co_return std::move(rooms).value();
}

}  // namespace lkm::services
