#pragma once
// How the server can be watched: the log format and who may read GET /metrics.
//   --log-format text|json     (env MEET_LOG_FORMAT; default text)
//   --metrics-allow CIDRS|none (env MEET_METRICS_ALLOW; default 127.0.0.0/8,::1)
// A flag wins over its variable; an empty variable counts as unset.
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/log.hpp"
#include "core/result.hpp"

namespace lkm::config {

struct ObservabilityFlags {
  std::optional<std::string> log_format;
  std::optional<std::string> metrics_allow;
};

struct Observability {
  log::Format log_format = log::Format::text;
  // "none", or addresses and CIDR networks, comma-separated (checked where it is parsed:
  // api::MetricsAccess).
  std::string metrics_allow = "127.0.0.0/8,::1";
};

[[nodiscard]] Result<Observability, ConfigError> load_observability(const ObservabilityFlags& flags,
                                                                    const EnvLookup& env);

}  // namespace lkm::config
