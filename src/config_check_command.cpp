// `livekit-meet config check`: loads the configuration exactly as `serve` does, without
// starting anything, and prints it.
#include <iostream>

#include "commands.hpp"
#include "config/effective.hpp"

namespace lkm::cli {

int config_check(const SettingsArgs& args) {
  auto settings = config::gather_settings(args.config_file, args.flags, config::process_env());
  if (!settings) {
    std::cerr << "livekit-meet: " << settings.error().message << "\n";
    return 2;
  }
  auto loaded = load_config(args);
  if (!loaded) {
    std::cerr << "livekit-meet: " << loaded.error().message << "\n";
    return 2;
  }
  std::cout << config::render_effective(*loaded, *settings);
  return 0;
}

}  // namespace lkm::cli
