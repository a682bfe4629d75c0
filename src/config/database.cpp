#include "config/database.hpp"

#include "config/config.hpp"
#include "config/settings.hpp"
#include "core/text.hpp"

namespace lkm::config {
namespace {

constexpr std::string_view kSchemes[] = {"postgres://", "postgresql://"};

// The part of a URL after its scheme, or nullopt when the scheme is not PostgreSQL's.
std::optional<std::string_view> after_scheme(std::string_view url) {
  for (const auto scheme : kSchemes) {
    if (url.size() >= scheme.size() && ascii_iequals(url.substr(0, scheme.size()), scheme)) {
      return url.substr(scheme.size());
    }
  }
  return std::nullopt;
}

// user[:password]@ of the authority, or empty.
std::string_view user_info(std::string_view rest) {
  const auto authority = rest.substr(0, rest.find_first_of("/?"));
  const auto at = authority.rfind('@');
  return at == std::string_view::npos ? std::string_view{} : authority.substr(0, at);
}

bool query_has_password(std::string_view rest) {
  const auto question = rest.find('?');
  if (question == std::string_view::npos) return false;
  std::string_view query = rest.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    if (ascii_iequals(pair.substr(0, pair.find('=')), "password")) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

}  // namespace

bool database_url_has_password(std::string_view url) {
  const auto rest = after_scheme(url);
  if (!rest) return false;
  return user_info(*rest).find(':') != std::string_view::npos || query_has_password(*rest);
}

std::string redact_database_url(std::string_view url) {
  const auto rest = after_scheme(url);
  if (!rest) return "(not a postgres:// URL)";
  const std::string_view scheme = url.substr(0, url.size() - rest->size());
  std::string_view without_query = rest->substr(0, rest->find('?'));
  const auto info = user_info(without_query);
  std::string out(scheme);
  if (!info.empty()) {
    out += info.substr(0, info.find(':'));
    out += '@';
    without_query.remove_prefix(info.size() + 1);
  }
  out += without_query;
  return out;
}

Result<std::optional<Secret>, ConfigError> load_database_url(const SettingValue* value) {
  if (value == nullptr) return std::optional<Secret>{};
  const std::string& source = value->origin;
  const std::string* chosen = &value->text;
  const bool from_flag = value->source == Source::kFlag;
  if (chosen->empty()) return fail(ConfigError{source + " must not be empty"});
  if (!after_scheme(*chosen)) {
    return fail(ConfigError{source + " must be a postgres:// or postgresql:// URL, e.g. "
                                     "postgres://meet@db.example.com/meet"});
  }
  if (has_control_chars(*chosen)) {
    return fail(ConfigError{source + " must not contain control characters"});
  }
  if (from_flag && database_url_has_password(*chosen)) {
    return fail(ConfigError{
        "--database must not carry a password (command lines are visible to other users): "
        "set MEET_DATABASE_URL instead, or put the password in PGPASSWORD or ~/.pgpass"});
  }
  return std::optional<Secret>{Secret(*chosen)};
}

}  // namespace lkm::config
