#include "config/observability.hpp"

#include <utility>

#include "core/text.hpp"

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
    if (ascii_iequals(trim_ows(allow->text), "none")) {
      out.metrics_clients = AddressList();
    } else {
      auto clients = AddressList::parse(allow->text);
      if (!clients) return fail(ConfigError{allow->origin + ": " + clients.error()});
      if (clients->empty()) {
        return fail(
            ConfigError{allow->origin + " must not be empty (use none to turn /metrics off)"});
      }
      out.metrics_clients = std::move(clients).value();
    }
  }
  return out;
}

}  // namespace lkm::config
