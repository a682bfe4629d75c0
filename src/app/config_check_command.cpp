// `livekit-meet config check`: loads the configuration exactly as `serve` does, without
// starting anything, and prints it.
#include <iostream>

#include "app/commands.hpp"
#include "config/effective.hpp"

namespace lkm::cli {

int config_check(const SettingsArgs& args) {
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
  std::cout << config::render_effective(*loaded, *settings);
  return 0;
}

}  // namespace lkm::cli
