#include "config/config_file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <toml++/toml.h>

#include "config/database.hpp"

namespace lkm::config {
namespace {

std::string where(const std::filesystem::path& path, const toml::source_region& region) {
  return path.string() + ":" + std::to_string(region.begin.line);
}

// A scalar as the text a flag would carry; nullopt for any other type.
std::optional<std::string> scalar_text(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* number = node.as_integer()) return std::to_string(number->get());
  if (const auto* flag = node.as_boolean()) return std::string(flag->get() ? "true" : "false");
  return std::nullopt;
}

std::optional<std::string> value_text(const toml::node& node) {
  const auto* array = node.as_array();
  if (array == nullptr) return scalar_text(node);
  std::string joined;
  for (const auto& element : *array) {
    auto text = scalar_text(element);
    if (!text) return std::nullopt;
    if (!joined.empty()) joined += ',';
    joined += *text;
  }
  return joined;
}

// Whether the value of `key` is something only its owner should read.
bool holds_secret(const SettingSpec& spec, std::string_view value) {
  if (spec.key == "database") return database_url_has_password(value);
  return spec.secret && !value.empty();
}

}  // namespace

Result<FileValues, ConfigError> parse_config_file(std::string_view text,
                                                  const std::filesystem::path& path) {
  toml::table table;
  try {
    table = toml::parse(text, path.string());
  } catch (const toml::parse_error& error) {
    return fail(ConfigError{where(path, error.source()) + ": " + std::string(error.description())});
  }
  FileValues out;
  out.path = path;
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    const auto* spec = find_setting(name);
    if (spec == nullptr) {
      return fail(ConfigError{where(path, key.source()) + ": unknown setting `" + name +
                              "` (see `livekit-meet serve --help` for the keys)"});
    }
    auto value = value_text(node);
    if (!value) {
      return fail(ConfigError{where(path, node.source()) + ": `" + name +
                              "` must be a string, an integer, a boolean or an array of them"});
    }
    out.values.emplace(name, std::move(*value));
  }
  return out;
}

Result<FileValues, ConfigError> read_config_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    return fail(ConfigError{"config file " + path.string() +
                            (exists ? ": cannot be read" : ": no such file")});
  }
  std::ostringstream content;
  content << in.rdbuf();
  auto parsed = parse_config_file(content.str(), path);
  if (!parsed) return parsed;
  std::error_code ec;
  const auto perms = std::filesystem::status(path, ec).permissions();
  if (ec || (perms & std::filesystem::perms::others_read) == std::filesystem::perms::none) {
    return parsed;
  }
  for (const auto& [key, value] : parsed->values) {
    const auto* spec = find_setting(key);
    if (spec != nullptr && holds_secret(*spec, value)) {
      return fail(ConfigError{"config file " + path.string() + " holds a secret (" + key +
                              ") but every user may read it: chmod o-r it, or move the secret "
                              "to the environment (" +
                              std::string(spec->env) + ")"});
    }
  }
  return parsed;
}

}  // namespace lkm::config
