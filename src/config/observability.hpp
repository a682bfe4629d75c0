#pragma once
// How the server can be watched: the log format and who may read GET /metrics.
//   log-format text|json     (--log-format, env MEET_LOG_FORMAT; default text)
//   metrics-allow CIDRS|none (--metrics-allow, env MEET_METRICS_ALLOW; default 127.0.0.0/8,::1)
#include "config/config.hpp"
#include "config/settings.hpp"
#include "core/result.hpp"

namespace lkm::config {

[[nodiscard]] Result<Observability, ConfigError> load_observability(const Settings& settings);

}  // namespace lkm::config
