#pragma once
/// @file
/// The Meet server as a class (library LiveKit::meet): livekit-meet's server, embedded in a
/// program of one's own.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "livekit/error.hpp"
#include "livekit/export.hpp"

/// The embeddable Meet server.
namespace livekit::meet {

/// The server's settings: the same as `livekit-meet serve`'s (README.md, "Configuration file";
/// `livekit-meet serve --help`).
///
/// The three credentials have fields of their own; every other setting goes in `settings` under
/// its config-file key, as text, e.g. {"data-dir", "/var/lib/meet"}, {"lobby", "all"},
/// {"public-url", "https://meet.example.com"}. Unset credentials come from the process
/// environment when `use_environment` is set; when none of the three is set anywhere, the
/// `livekit-server --dev` defaults are used (ws://localhost:7880, key devkey), and setting only
/// some of them is an invalid_config error. Error messages name the program's flags and
/// variables (`--data-dir`, `LIVEKIT_URL`): the setting of the same name without the dashes.
struct Config {
  std::string livekit_url{};  ///< ws:// or wss:// URL of the LiveKit server (livekit-url)
  std::string api_key{};      ///< LIVEKIT_API_KEY
  std::string api_secret{};   ///< LIVEKIT_API_SECRET (never logged)
  /// Any other setting by its config-file key; an unknown key is an invalid_config error.
  std::map<std::string, std::string> settings{};
  /// A TOML settings file, as `serve --config` reads ("": none).
  std::string config_file{};
  /// Whether the process environment (LIVEKIT_*, MEET_*, S3_*) gives settings not set here.
  bool use_environment = false;
};

/// Where run() listens: the host and port given here win over the settings' ("host", "port",
/// by default 0.0.0.0 and 8080).
struct RunOptions {
  std::optional<std::string> host{};    ///< the address to listen on
  std::optional<std::uint16_t> port{};  ///< 0 picks a free port (see on_listening)
  /// Whether SIGINT and SIGTERM stop the server (run() then returns normally). While it runs, the
  /// server owns those signals (and SIGHUP, which reloads an HTTPS certificate); when it returns,
  /// their dispositions are the default ones again. A program that handles signals itself sets
  /// this to false and calls stop() from a thread of its own (stop() is not async-signal-safe:
  /// not from a signal handler), e.g. one that waits with sigwait(3).
  bool handle_signals = true;
  /// Called once the server listens, with the port it listens on, before it serves.
  std::function<void(std::uint16_t port)> on_listening = nullptr;
};

/// @cond INTERNAL
struct AppAccess;
/// @endcond

/// The Meet server: construct, run(), and stop() from anywhere.
///
/// The constructor checks the settings and opens what the server needs (the data directory, the
/// meeting history store); run() listens and serves until stop() or, with
/// RunOptions::handle_signals, SIGINT or SIGTERM. An App runs once, and run() must have returned
/// before the App is destroyed or assigned to.
///
/// Unlike the livekit-meet program, the library changes no signal disposition before run(): a
/// program that embeds the server under a service manager that reloads with SIGHUP ignores SIGHUP
/// itself, and one that limits file sizes (RLIMIT_FSIZE) ignores SIGXFSZ, so that a full disk
/// fails a write (the store answers 503) instead of ending the process.
class LIVEKIT_API App {
 public:
  /// Throws Exception: invalid_config (the message names the setting) or startup_failed.
  explicit App(const Config& config);
  /// The same without exceptions.
  [[nodiscard]] static Result<App> create(const Config& config);

  /// Moves; a moved-from App may only be assigned to or destroyed.
  App(App&& other) noexcept;
  /// Moves; a moved-from App may only be assigned to or destroyed.
  App& operator=(App&& other) noexcept;
  ~App();

  /// Listens and serves; returns when stopped. Throws Exception (startup_failed) when it cannot
  /// listen, when called a second time, or when RunOptions::on_listening throws. It ignores SIGPIPE
  /// for the whole process (files are sent with sendfile(2)); with RunOptions::handle_signals and
  /// HTTPS, SIGHUP reloads the certificate.
  void run(const RunOptions& options = {});
  /// The same without exceptions.
  [[nodiscard]] Result<void> try_run(const RunOptions& options = {});
  /// Stops a running server (open requests get the shutdown grace period to finish); may be
  /// called from any thread, any number of times, also before run() (which then returns at once).
  void stop() noexcept;

  /// @cond INTERNAL
 private:
  class Impl;
  friend struct AppAccess;  // livekit-meet's own way in (src/meet/app_impl.hpp)
  LIVEKIT_LOCAL explicit App(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
  /// @endcond
};

}  // namespace livekit::meet
