#include "config/observability.hpp"

namespace lkm::config {
namespace {

// The flag, else the variable when set and not empty.
std::optional<std::string> flag_or_env(const std::optional<std::string>& flag, const EnvLookup& env,
                                       std::string_view variable) {
  if (flag) return flag;
  auto value = env(variable);
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace

Result<Observability, ConfigError> load_observability(const ObservabilityFlags& flags,
                                                      const EnvLookup& env) {
  Observability out;
  if (const auto format = flag_or_env(flags.log_format, env, "MEET_LOG_FORMAT")) {
    if (*format == "json") {
      out.log_format = log::Format::json;
    } else if (*format != "text") {
      return fail(ConfigError{std::string(flags.log_format ? "--log-format" : "MEET_LOG_FORMAT") +
                              " must be text or json"});
    }
  }
  if (auto allow = flag_or_env(flags.metrics_allow, env, "MEET_METRICS_ALLOW")) {
    if (allow->empty()) {
      return fail(ConfigError{"--metrics-allow must not be empty (use none to turn /metrics off)"});
    }
    out.metrics_allow = std::move(*allow);
  }
  return out;
}

}  // namespace lkm::config
