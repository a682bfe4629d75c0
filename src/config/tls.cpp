#include "config/tls.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "config/values.hpp"

namespace lkm::config {
namespace {

constexpr std::size_t kMaxNames = 100;

struct Setting {
  std::string value;
  std::string source;  // the flag or variable it came from
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  });
  return out;
}

Result<std::optional<Setting>, ConfigError> pick(const Settings& settings, std::string_view key) {
  const auto* value = settings.find(key);
  if (value == nullptr) return std::optional<Setting>();
  if (value->text.empty()) return fail(ConfigError{value->origin + " must not be empty"});
  return std::optional<Setting>(Setting{value->text, value->origin});
}

bool is_ip_address(const std::string& text) {
  unsigned char bytes[16];
  return inet_pton(AF_INET, text.c_str(), bytes) == 1 ||
         inet_pton(AF_INET6, text.c_str(), bytes) == 1;
}

// MEET_TLS_SELF_SIGNED: true/1/yes/on (no other names), false/0/no/off (off), or the names.
std::optional<std::string> self_signed_from_env(std::string value) {
  const std::string word = lower(trim(value));
  if (word == "true" || word == "1" || word == "yes" || word == "on") return std::string();
  if (word == "false" || word == "0" || word == "no" || word == "off") return std::nullopt;
  return value;
}

}  // namespace

Result<std::vector<std::string>, ConfigError> parse_tls_names(std::string_view list,
                                                              std::string_view source) {
  std::vector<std::string> names;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string name(trim(list.substr(0, comma)));
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    if (name.empty()) continue;
    if (!is_ip_address(name) && !is_host_name(name)) {
      return fail(ConfigError{std::string(source) + ": " + name.substr(0, 64) +
                              " is neither a host name nor an IP address"});
    }
    if (names.size() == kMaxNames) {
      return fail(ConfigError{std::string(source) + ": more than 100 names"});
    }
    names.push_back(name);
  }
  return names;
}

Result<std::optional<TlsSettings>, ConfigError> load_tls(const Settings& settings,
                                                         std::uint16_t port) {
  auto cert = pick(settings, "tls-cert");
  if (!cert) return fail(std::move(cert).error());
  auto key = pick(settings, "tls-key");
  if (!key) return fail(std::move(key).error());

  // A flag without names means no names beyond the local ones; a variable or the file may also
  // say true or false.
  std::optional<Setting> self_signed;
  if (const auto* value = settings.find("tls-self-signed")) {
    if (value->source == Source::kFlag) {
      self_signed = Setting{value->text, value->origin};
    } else if (auto names = self_signed_from_env(value->text)) {
      self_signed = Setting{std::move(*names), value->origin};
    }
  }

  std::optional<std::uint16_t> redirect_port;
  const std::string redirect_source = settings.origin("http-redirect-port");
  if (const auto* value = settings.find("http-redirect-port")) {
    unsigned number = 0;
    const char* end = value->text.data() + value->text.size();
    const auto [ptr, error] = std::from_chars(value->text.data(), end, number);
    if (value->text.empty() || error != std::errc() || ptr != end || number > 65535) {
      return fail(ConfigError{redirect_source + " must be a port number (0 to 65535)"});
    }
    redirect_port = static_cast<std::uint16_t>(number);
  }

  if (self_signed && (*cert || *key)) {
    return fail(ConfigError{self_signed->source + " cannot be combined with " +
                            (*cert ? (*cert)->source : (*key)->source) +
                            ": use either a certificate and key of your own or a self-signed "
                            "certificate"});
  }
  if (*cert && !*key) {
    return fail(ConfigError{(*cert)->source +
                            " needs the certificate's private key too: give --tls-key (or "
                            "MEET_TLS_KEY)"});
  }
  if (*key && !*cert) {
    return fail(ConfigError{(*key)->source +
                            " needs the certificate too: give --tls-cert (or MEET_TLS_CERT)"});
  }
  if (!*cert && !self_signed) {
    if (redirect_port) {
      return fail(ConfigError{redirect_source +
                              " redirects to HTTPS, which is off: give --tls-cert and --tls-key, "
                              "or --tls-self-signed"});
    }
    return std::optional<TlsSettings>();
  }
  if (redirect_port && *redirect_port != 0 && *redirect_port == port) {
    return fail(ConfigError{redirect_source + " must differ from --port"});
  }

  TlsSettings out;
  out.redirect_port = redirect_port;
  if (self_signed) {
    auto names = parse_tls_names(self_signed->value, self_signed->source);
    if (!names) return fail(std::move(names).error());
    out.self_signed = true;
    out.self_signed_names = std::move(names).value();
  } else {
    out.cert_file = (*cert)->value;
    out.cert_source = (*cert)->source;
    out.key_file = (*key)->value;
    out.key_source = (*key)->source;
  }
  return std::optional<TlsSettings>(std::move(out));
}

}  // namespace lkm::config
