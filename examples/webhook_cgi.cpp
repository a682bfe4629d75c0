// LiveKit's webhooks received by a CGI program, so that any web server that runs CGI (Apache,
// lighttpd, nginx through fcgiwrap, ...) can take them without a server of its own.
//
// The web server gives the program the request body on stdin, its length in CONTENT_LENGTH and the
// Authorization header in HTTP_AUTHORIZATION (Apache passes it only with `CGIPassAuth On`); the key
// pair comes from the environment (LIVEKIT_API_KEY, LIVEKIT_API_SECRET). The answer is written to
// stdout: a Status header, other headers, a blank line, the body.
#include <livekit/server_sdk.hpp>

#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>

namespace {

// LiveKit's events are a few KiB; a body far larger is not one, and is refused unread.
constexpr std::size_t kMaxBody = 1024 * 1024;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

int respond(std::string_view status, std::string_view text) {
  std::cout << "Status: " << status << "\r\n"
            << "Content-Type: text/plain; charset=utf-8\r\n"
            << "\r\n"
            << text << '\n';
  return 0;  // the status is in the answer: the program itself did its job
}

}  // namespace

int main() {
  if (env("REQUEST_METHOD") != "POST") return respond("405 Method Not Allowed", "post_only");
  const std::string key = env("LIVEKIT_API_KEY");
  const std::string secret = env("LIVEKIT_API_SECRET");
  if (key.empty() || secret.empty()) return respond("500 Internal Server Error", "not_configured");

  // CONTENT_LENGTH is absent when there is no body.
  const std::string length_text = env("CONTENT_LENGTH");
  std::size_t length = 0;
  if (!length_text.empty()) {
    const char* end = length_text.data() + length_text.size();
    const auto [stop, error] = std::from_chars(length_text.data(), end, length);
    if (error != std::errc() || stop != end) return respond("400 Bad Request", "invalid_body");
  }
  if (length > kMaxBody) return respond("413 Content Too Large", "too_large");
  std::string body(length, '\0');
  if (!std::cin.read(body.data(), static_cast<std::streamsize>(length))) {
    return respond("400 Bad Request", "invalid_body");
  }

  // The body is trusted only once the token in Authorization is ours and its sha256 claim matches
  // these exact bytes: anyone can POST to the endpoint.
  const livekit::WebhookReceiver receiver(key, secret);
  const livekit::Result<livekit::WebhookEvent> event =
      receiver.try_receive(body, env("HTTP_AUTHORIZATION"));
  if (!event) {
    // invalid_body: properly signed, but not a webhook event; every other reason is about the
    // signature.
    const std::string& reason = event.error().reason;
    return respond(reason == "invalid_body" ? "400 Bad Request" : "401 Unauthorized", reason);
  }
  // A delivery may be repeated: a real handler would remember event->id and skip repeats.
  const std::string room = event->room ? event->room->name : std::string();
  return respond("200 OK", event->event + " " + event->id + " room=" + room);
}
