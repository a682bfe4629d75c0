// The LiveKit server API from C++: a room's life from creation to deletion.
//
//   export LIVEKIT_URL=wss://livekit.example.com LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=...
//   room_service
//
// Each call blocks until the server answers. The try_ forms return the failure as a value, so one
// place can report any of them.
#include <livekit/server_sdk.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// Why a call failed: the kind of failure, the server's reason and HTTP status when it answered,
// and a message for people.
int fail(const char* call, const livekit::Error& error) {
  std::cerr << call << " failed: " << livekit::to_string(error.code) << " reason=" << error.reason
            << " status=" << error.status << ": " << error.message << '\n';
  return 1;
}

}  // namespace

int main() {
  const std::string url = env("LIVEKIT_URL");
  if (url.empty()) {
    std::cerr << "room_service: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET\n";
    return 1;
  }
  // Every call mints its own short-lived token with only the grant it needs. Only the constructor
  // throws: on a URL that is not ws://, wss://, http:// or https://.
  std::optional<livekit::RoomServiceClient> client;
  try {
    client.emplace(url, env("LIVEKIT_API_KEY"), env("LIVEKIT_API_SECRET"));
  } catch (const livekit::Exception& e) {
    return fail("RoomServiceClient", e.error());
  }
  const livekit::RoomServiceClient& rooms = *client;
  const std::string name = "example-room";

  // A room normally appears when the first participant joins; creating it first sets its options.
  const auto created = rooms.try_create_room(
      {.name = name, .empty_timeout = 300, .metadata = R"({"topic":"examples"})"});
  if (!created) return fail("create_room", created.error());
  std::cout << "created " << created->name << " sid=" << created->sid
            << " empty_timeout=" << created->empty_timeout << " metadata=" << created->metadata
            << '\n';

  const auto listed = rooms.try_list_rooms();
  if (!listed) return fail("list_rooms", listed.error());
  std::cout << "rooms:";
  for (const livekit::Room& room : *listed) std::cout << ' ' << room.name;
  std::cout << '\n';

  // Everyone in the room is told of the new metadata.
  const auto updated = rooms.try_update_room_metadata(name, R"({"topic":"updated"})");
  if (!updated) return fail("update_room_metadata", updated.error());
  std::cout << "updated " << updated->name << " metadata=" << updated->metadata << '\n';

  const auto participants = rooms.try_list_participants(name);
  if (!participants) return fail("list_participants", participants.error());
  std::cout << "participants:";
  for (const livekit::ParticipantInfo& who : *participants) std::cout << ' ' << who.identity;
  std::cout << '\n';

  // Data goes to every participant unless destination identities are given; the topic tells
  // clients what it is.
  const std::string text = "hello from C++";
  const auto sent = rooms.try_send_data(name, text, {.topic = "chat"});
  if (!sent) return fail("send_data", sent.error());
  std::cout << "sent " << text.size() << " bytes topic=chat\n";

  // Deleting a room disconnects everyone in it.
  const auto deleted = rooms.try_delete_room(name);
  if (!deleted) return fail("delete_room", deleted.error());
  std::cout << "deleted " << name << '\n';
  return 0;
}
