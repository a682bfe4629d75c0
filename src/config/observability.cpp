#include "config/observability.hpp"

namespace lkm::config {

Result<Observability, ConfigError> load_observability(const Settings& settings) {
  Observability out;
  if (const auto* format = settings.find("log-format")) {
    if (format->text == "json") {
      out.log_format = log::Format::json;
    } else if (format->text != "text") {
      return fail(ConfigError{format->origin + " must be text or json"});
    }
  }
  if (const auto* allow = settings.find("metrics-allow")) {
    if (allow->text.empty()) {
      return fail(
          ConfigError{allow->origin + " must not be empty (use none to turn /metrics off)"});
    }
    out.metrics_allow = allow->text;
  }
  return out;
}

}  // namespace lkm::config
