// The Meet server inside a program of one's own: livekit::meet::App, configured in code.
//
//   export LIVEKIT_URL=wss://livekit.example.com LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=...
//   embedded_meet /var/lib/my-meet
//
// It listens on 127.0.0.1 on a port the system picks, prints "listening on <port>" once it
// serves, and stops cleanly on SIGTERM or SIGINT.
#include <livekit/meet.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: embedded_meet DATA_DIR\n";
    return 1;
  }

  // The credentials have fields of their own; any other setting goes in `settings` under its
  // config-file key. With none of the three credentials set, livekit-server --dev's are used.
  livekit::meet::Config config{.livekit_url = env("LIVEKIT_URL"),
                               .api_key = env("LIVEKIT_API_KEY"),
                               .api_secret = env("LIVEKIT_API_SECRET"),
                               .settings = {{"data-dir", argv[1]}}};
  // create() checks the settings and opens the data directory and the meeting history now, so a
  // mistake is reported before anything listens.
  livekit::Result<livekit::meet::App> app = livekit::meet::App::create(std::move(config));
  if (!app) {
    std::cerr << "embedded_meet: " << app.error().message << '\n';
    return 1;
  }

  // Port 0: the system picks a free port, and on_listening says which one. Flushing matters: a
  // program waiting for this line reads a pipe, which is not line-buffered.
  const livekit::meet::RunOptions options{
      .host = "127.0.0.1",
      .port = 0,
      .handle_signals = true,
      .on_listening = [](std::uint16_t port) { std::cout << "listening on " << port << std::endl; },
  };
  // run() serves until SIGTERM or SIGINT (handle_signals), then returns normally.
  const livekit::Result<void> ran = app->try_run(options);
  if (!ran) {
    std::cerr << "embedded_meet: " << ran.error().message << '\n';
    return 1;
  }
  return 0;
}
