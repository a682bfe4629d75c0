#pragma once
// The programs behind each subcommand, once the command line is parsed.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/settings.hpp"

namespace lkm::cli {

// What `serve` and `config check` took from the command line: the config file, if named, and
// the flags given, by setting key.
struct SettingsArgs {
  std::optional<std::string> config_file;
  config::FlagValues flags;
};

// The settings the command line, the environment and the config file give.
[[nodiscard]] Result<config::Settings, config::ConfigError> gather_settings(
    const SettingsArgs& args);
// The configuration `serve` would run with, checked as far as it can be without starting.
[[nodiscard]] Result<config::Config, config::ConfigError> load_config(
    const config::Settings& settings);

[[nodiscard]] int serve(const SettingsArgs& args);

// Validates the configuration and prints the effective one, secrets masked; 0 when valid.
[[nodiscard]] int config_check(const SettingsArgs& args);

struct TokenCreateFlags {
  std::optional<std::string> room;
  std::optional<std::string> identity;
  std::optional<std::string> name;
  std::optional<std::string> metadata;
  std::optional<std::string> ttl;
  std::optional<std::string> grant_json;
  std::optional<std::string> api_secret_file;
  bool join = false;
  bool list = false;
  bool admin = false;
  bool record = false;
  bool create = false;
};
[[nodiscard]] int token_create(const TokenCreateFlags& flags);

// `token` is the JWT, or "-" to read it from standard input.
[[nodiscard]] int token_verify(const std::string& token,
                               const std::optional<std::string>& api_secret_file);

// Reads a password (the first line of standard input) and prints its PBKDF2 hash.
[[nodiscard]] int hash_password();

}  // namespace lkm::cli
