#pragma once
// App::Impl: the Meet server's parts, wired from a checked Config: the store, the LiveKit API
// client, the worker pool, the sign-in provider, the routes; run() adds the HTTP server.
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "livekit/meet.hpp"

namespace livekit::meet {

// Hidden: what it declares is internal (an embedder cannot name its types).
class [[gnu::visibility("hidden")]] App::Impl {
 public:
  // Opens what the server needs (the data directory, the TLS certificate, the store). Errors are
  // startup_failed, or invalid_config for a certificate that cannot be used. `version` is what
  // /metrics reports.
  [[nodiscard]] static Result<std::unique_ptr<Impl>> open(lkm::config::Config config,
                                                          std::string version);
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // Listens (on the options' host and port when given, else the config's) and serves until
  // stop(); startup_failed when it cannot listen or has run before.
  [[nodiscard]] Result<void> run(const RunOptions& options);
  void stop() noexcept;

 private:
  struct Parts;
  explicit Impl(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// The program's way to an App: the server from a configuration it has checked itself (its flags,
// environment and file, each value's origin kept for messages).
struct AppAccess {
  [[nodiscard]] static Result<App> open(lkm::config::Config config, std::string version);
};

// Config (the embedder's) -> the checked configuration, as `livekit-meet serve` builds it from its
// flags, environment and file; invalid_config naming the setting when it is wrong. `exe_dir` is
// where the web app is looked for when no web-root is set.
[[nodiscard]] Result<lkm::config::Config> load_config(const Config& config,
                                                      const std::filesystem::path& exe_dir);

// The directory of the running program.
[[nodiscard]] std::filesystem::path exe_dir();

}  // namespace livekit::meet
