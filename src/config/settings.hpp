#pragma once
// Settings: every setting of `livekit-meet serve` declared once, with its config-file key, its
// flag and its environment variable, and the raw text each layer gives it. Precedence:
// flag > environment > config file > default. An empty environment variable counts as unset.
// Secrets have no flag (command lines are visible to every local user).
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace lkm::config {

struct SettingSpec {
  std::string_view key;  // the config-file key; the flag is "--" + key when `flag` is set
  std::string_view env;  // the environment variable, "" when none
  bool flag = true;
  bool secret = false;  // masked by `config check`; a file holding one must not be world-readable
  std::string_view help;
  bool value_optional = false;  // the flag may come without a value (meaning "")
};

// Every setting, in the order `config check` prints them.
[[nodiscard]] std::span<const SettingSpec> serve_settings();
[[nodiscard]] const SettingSpec* find_setting(std::string_view key);

enum class Source { kDefault, kFile, kEnvironment, kFlag };

struct SettingValue {
  std::string text;
  Source source = Source::kDefault;
  std::string origin;  // what to name in a message: "--port", "MEET_PORT", "port in /etc/x.toml"
};

// What a config file gives: each known key's value as text (arrays joined with commas).
struct FileValues {
  std::filesystem::path path;
  std::map<std::string, std::string, std::less<>> values;
};

// Raw flag text by key, as the command line gave it.
using FlagValues = std::map<std::string, std::string, std::less<>>;

class Settings {
 public:
  // The value that wins, or nullptr when the setting is left at its default.
  [[nodiscard]] const SettingValue* find(std::string_view key) const;
  [[nodiscard]] std::optional<std::string> text(std::string_view key) const;
  // What to blame for `key` in a message: where its value came from, or its flag (its
  // environment variable when it has no flag) when it is at its default.
  [[nodiscard]] std::string origin(std::string_view key) const;
  void set(std::string_view key, SettingValue value);

  std::optional<std::filesystem::path> file;  // the config file read, if any

 private:
  std::map<std::string, SettingValue, std::less<>> values_;
};

// Layers the three sources. Keys of `flags` and `file` must be declared settings.
[[nodiscard]] Settings layer_settings(const FlagValues& flags, const EnvLookup& env,
                                      const FileValues* file);

// `--config` / MEET_CONFIG: the file to read, if any.
inline constexpr std::string_view kConfigFlag = "--config";
inline constexpr std::string_view kConfigEnv = "MEET_CONFIG";

// Reads the config file named by the flag (or MEET_CONFIG when the flag is absent), then layers
// everything. No file named: flags and environment only.
[[nodiscard]] Result<Settings, ConfigError> gather_settings(
    const std::optional<std::string>& config_flag, const FlagValues& flags, const EnvLookup& env);

}  // namespace lkm::config
