#include "config/effective.hpp"

#include <cstdio>
#include <optional>

#include "config/database.hpp"
#include "config/values.hpp"

namespace lkm::config {
namespace {

constexpr std::string_view kMasked = "\"********\"";

std::string source_label(const Settings& settings, std::string_view key) {
  const auto* value = settings.find(key);
  if (value == nullptr) return "default";
  switch (value->source) {
    case Source::kFlag: return "flag --" + std::string(key);
    case Source::kEnvironment: return "environment " + value->origin;
    case Source::kFile: return "config file";
    case Source::kDefault: break;
  }
  return "default";
}

std::optional<std::string> text_or_none(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return toml_string(text);
}

// The value the server runs with, as TOML; nullopt: not set.
std::optional<std::string> effective_value(const Config& config, const Settings& settings,
                                           std::string_view key) {
  const auto& limits = config.limits;
  const auto* recording = config.recording ? &*config.recording : nullptr;
  if (key == "host") return toml_string(config.host);
  if (key == "port") return std::to_string(config.port);
  if (key == "public-url") return text_or_none(config.public_url);
  if (key == "base-path") return toml_string(config.base_path.empty() ? "/" : config.base_path);
  if (key == "web-root") {
    if (!config.web_root) return std::nullopt;
    return toml_string(config.web_root->string());
  }
  const auto& brand = config.branding;
  if (key == "product-name") return toml_string(brand.product_name);
  if (key == "brand-dir") {
    if (!brand.brand_dir) return std::nullopt;
    return toml_string(brand.brand_dir->string());
  }
  if (key == "logo") return text_or_none(brand.logo);
  if (key == "favicon") return text_or_none(brand.favicon);
  if (key == "accent-color") return text_or_none(brand.accent_color);
  if (key == "welcome-message") return text_or_none(brand.welcome_message);
  if (key == "privacy-url") return text_or_none(brand.privacy_url);
  if (key == "legal-url") return text_or_none(brand.legal_url);
  if (key == "support-url") return text_or_none(brand.support_url);
  if (key == "default-language") return toml_string(brand.default_language);
  if (key == "threads") {
    if (config.threads == 0) return std::nullopt;
    return std::to_string(config.threads);
  }
  if (key == "worker-threads") return std::to_string(config.workers.threads);
  if (key == "worker-queue") return std::to_string(config.workers.queue);
  if (key == "store-deadline") return toml_string(format_duration(config.workers.store_deadline));
  if (key == "livekit-url") return toml_string(config.credentials.livekit_url);
  if (key == "livekit-api-key") return toml_string(config.credentials.api_key);
  if (key == "livekit-api-secret") return std::string(kMasked);
  if (key == "api-secret-file") return text_or_none(settings.text(key).value_or(""));
  if (key == "data-dir") return toml_string(config.data_dir.string());
  if (key == "database") {
    if (!config.database_url) return std::nullopt;
    return toml_string(redact_database_url(config.database_url->reveal()));
  }
  if (key == "room-creation") return toml_string(config.organizers_only ? "organizers" : "open");
  if (key == "organizer-password-hash") {
    if (config.organizer_password_hash.empty()) return std::nullopt;
    return std::string(kMasked);
  }
  if (const auto* oidc = config.oidc ? &*config.oidc : nullptr; key.starts_with("oidc-")) {
    if (oidc == nullptr) return std::nullopt;
    if (key == "oidc-issuer") return toml_string(oidc->issuer);
    if (key == "oidc-client-id") return toml_string(oidc->client_id);
    if (key == "oidc-client-secret") return std::string(kMasked);
    if (key == "oidc-client-secret-file") return text_or_none(settings.text(key).value_or(""));
    if (key == "oidc-scopes") return toml_string(oidc->scopes);
    if (key == "oidc-organizers") return toml_string(auth::to_string(oidc->organizers));
  }
  if (key == "require-sign-in") {
    return std::string(config.oidc && config.oidc->require_sign_in ? "true" : "false");
  }
  if (key == "lobby") return toml_string(to_string(config.access.lobby));
  if (key == "recording") return toml_string(to_string(config.access.recording));
  if (key == "room-retention") {
    return toml_string(format_duration(
        std::chrono::duration_cast<std::chrono::milliseconds>(config.access.room_retention)));
  }
  if (key == "room-rate-limit") return std::to_string(config.access.room_rate_limit);
  if (key == "alone-timeout") {
    if (config.alone_timeout.count() == 0) return toml_string("off");
    return toml_string(format_duration(
        std::chrono::duration_cast<std::chrono::milliseconds>(config.alone_timeout)));
  }
  if (key == "trusted-proxies") return text_or_none(config.trusted_proxy_networks.to_string());
  if (key == "token-rate-limit") return std::to_string(config.token_rate_limit);
  if (key == "webhook-rate-limit") return std::to_string(config.webhook_rate_limit);
  if (key == "max-connections") return std::to_string(limits.max_connections);
  if (key == "max-connections-per-client") {
    return std::to_string(limits.max_connections_per_client);
  }
  if (key == "max-header-size") return toml_string(format_size(limits.max_header_bytes));
  if (key == "max-body-size") return toml_string(format_size(limits.max_body_bytes));
  if (key == "header-timeout") return toml_string(format_duration(limits.header_timeout));
  if (key == "body-timeout") return toml_string(format_duration(limits.body_timeout));
  if (key == "write-timeout") return toml_string(format_duration(limits.write_timeout));
  if (key == "idle-timeout") return toml_string(format_duration(limits.idle_timeout));
  if (key == "shutdown-grace") return toml_string(format_duration(limits.shutdown_grace));
  if (key == "tls-cert" || key == "tls-key" || key == "tls-self-signed" ||
      key == "http-redirect-port") {
    const auto text = settings.text(key);
    if (!text) return std::nullopt;
    if (key == "http-redirect-port") return *text;
    return toml_string(*text);
  }
  if (key == "log-format") {
    return toml_string(config.observability.log_format == log::Format::json ? "json" : "text");
  }
  if (key == "metrics-allow") {
    const auto& clients = config.observability.metrics_clients;
    return toml_string(clients.empty() ? "none" : clients.to_string());
  }
  if (recording == nullptr) return std::nullopt;
  if (key == "s3-key-id") return text_or_none(recording->access_key);
  if (key == "s3-key-secret") return std::string(kMasked);
  if (key == "s3-bucket") return text_or_none(recording->bucket);
  if (key == "s3-endpoint") return text_or_none(recording->endpoint);
  if (key == "s3-region") return text_or_none(recording->region);
  return std::nullopt;
}

}  // namespace

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string render_effective(const Config& config, const Settings& settings) {
  std::string out = "# livekit-meet serve: effective configuration";
  out += settings.file ? " (config file " + settings.file->string() + ")\n" : " (no config file)\n";
  if (config.credentials.dev_defaults) {
    out += "# no LiveKit credentials set: the livekit-server --dev defaults, not for production\n";
  }
  for (const auto& spec : serve_settings()) {
    const std::string key(spec.key);
    const auto value = effective_value(config, settings, key);
    const std::string source = source_label(settings, key);
    if (value) {
      out.append(key).append(" = ").append(*value).append("  # ").append(source).append("\n");
    } else {
      out.append("# ").append(key).append(" is not set  (").append(source).append(")\n");
    }
  }
  return out;
}

}  // namespace lkm::config
