#pragma once
// The config file: TOML, one flat table whose keys are the settings' keys (the flag names without
// their dashes). Strings, integers and booleans are taken as text; an array of them is joined
// with commas (e.g. trusted-proxies = ["10.0.0.0/8", "127.0.0.1"]). Unknown keys, tables and
// other types are errors naming the line. A file that holds a secret must not be readable by
// every user.
#include <filesystem>
#include <string_view>

#include "config/settings.hpp"
#include "core/result.hpp"

namespace lkm::config {

[[nodiscard]] Result<FileValues, ConfigError> parse_config_file(std::string_view text,
                                                                const std::filesystem::path& path);

// Reads and parses `path`, and checks its permissions when it holds a secret.
[[nodiscard]] Result<FileValues, ConfigError> read_config_file(const std::filesystem::path& path);

}  // namespace lkm::config
