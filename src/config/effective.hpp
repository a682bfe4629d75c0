#pragma once
// The effective configuration, one line per setting, as `livekit-meet config check` prints it:
// values as the server will use them (normalised, defaults filled in, the web app found), written
// as TOML so the output can start a config file. Secrets are masked and a database URL redacted.
#include <string>

#include "config/config.hpp"
#include "config/settings.hpp"

namespace lkm::config {

[[nodiscard]] std::string render_effective(const Config& config, const Settings& settings);

// A TOML basic string: quoted, with backslash, quote and control characters escaped.
[[nodiscard]] std::string toml_string(std::string_view text);

}  // namespace lkm::config
