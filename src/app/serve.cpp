#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "app/commands.hpp"
#include "app/version.hpp"
#include "config/settings.hpp"
#include "livekit/meet.hpp"
#include "meet/app_impl.hpp"

namespace lkm::cli {
namespace {

int print_error(const livekit::Error& error) {
  std::cerr << "livekit-meet: " << error.message << "\n";
  return error.code == livekit::ErrorCode::invalid_config ? 2 : 1;
}

}  // namespace

Result<config::Settings, config::ConfigError> gather_settings(const SettingsArgs& args) {
  return config::gather_settings(args.config_file, args.flags, config::process_env());
}

Result<config::Config, config::ConfigError> load_config(const config::Settings& settings) {
  return config::load_serve_config(settings, livekit::meet::exe_dir());
}

// The Meet server of the SDK (livekit::meet::App), configured from the command line, the
// environment and the config file, each value's origin kept for messages.
int serve(const SettingsArgs& args) {
  // A file-size limit (RLIMIT_FSIZE) must fail the write that crosses it (EFBIG: the store answers
  // 503), not end the process.
  std::signal(SIGXFSZ, SIG_IGN);
  auto settings = gather_settings(args);
  if (!settings) {
    std::cerr << "livekit-meet: " << settings.error().message << "\n";
    return 2;
  }
  auto loaded = load_config(*settings);
  if (!loaded) {
    std::cerr << "livekit-meet: " << loaded.error().message << "\n";
    return 2;
  }
  auto app = livekit::meet::AppAccess::open(std::move(loaded).value(), std::string(version()));
  if (!app) return print_error(app.error());
  auto ran = app->try_run({.host = std::nullopt,
                           .port = std::nullopt,
                           .handle_signals = true,
                           .on_listening = nullptr});
  if (!ran) return print_error(ran.error());
  return 0;
}

}  // namespace lkm::cli
