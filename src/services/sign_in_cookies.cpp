#include "services/sign_in_cookies.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"

namespace lkm::services {
namespace {

std::string bytes(const auth::Digest& digest) {
  return {digest.begin(), digest.end()};
}

std::string mac(const Secret& key, std::string_view message) {
  return auth::base64url_encode(bytes(auth::hmac_sha256(key.reveal(), message)));
}

bool is_id(std::string_view text) {
  if (text.size() < 32 || text.size() > 64) return false;
  for (const char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// "<expires>.<id>.<payload>.<mac>", the mac over the first three parts.
std::string sign(const Secret& key, std::int64_t expires_at, std::string_view id,
                 std::string_view payload) {
  std::string value = std::to_string(expires_at);
  value += '.';
  value += id;
  value += '.';
  value += auth::base64url_encode(payload);
  value += '.' + mac(key, value);
  return value;
}

struct Signed {
  std::string id;
  std::string payload;
};

std::optional<Signed> verify(const Secret& key, std::string_view value, std::int64_t now) {
  if (value.size() > 4096) return std::nullopt;
  std::array<std::string_view, 4> parts;
  std::size_t at = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto dot = i + 1 < parts.size() ? value.find('.', at) : value.size();
    if (dot == std::string_view::npos) return std::nullopt;
    parts.at(i) = value.substr(at, dot - at);
    at = dot + 1;
  }
  if (parts[3].find('.') != std::string_view::npos) return std::nullopt;
  const auto signed_part = value.substr(0, value.size() - parts[3].size() - 1);
  if (!auth::constant_time_equal(parts[3], mac(key, signed_part))) return std::nullopt;
  std::int64_t expires = 0;
  const auto [end, ec] =
      std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), expires);
  if (ec != std::errc() || end != parts[0].data() + parts[0].size() || expires <= now) {
    return std::nullopt;
  }
  if (!is_id(parts[1])) return std::nullopt;
  auto payload = auth::base64url_decode(parts[2]);
  if (!payload) return std::nullopt;
  return Signed{std::string(parts[1]), std::move(*payload)};
}

// At most `limit` bytes of UTF-8 text without control characters (which JSON would spell in six
// bytes each), cut before a continuation byte.
std::string bounded(std::string_view text, std::size_t limit) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) out += c;
  }
  if (out.size() <= limit) return out;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0U) == 0x80U) --end;
  out.resize(end);
  return out;
}

std::string hex(const auth::Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const auto byte : digest) {
    out += kDigits[byte >> 4U];
    out += kDigits[byte & 0xFU];
  }
  return out;
}

}  // namespace

SignInKeys SignInKeys::derive(const AccessKeys& keys, std::string_view issuer) {
  std::string login_label = "login\n";
  login_label += issuer;
  std::string session_label = "session\n";
  session_label += issuer;
  return SignInKeys{Secret(bytes(auth::hmac_sha256(keys.sign_in.reveal(), login_label))),
                    Secret(bytes(auth::hmac_sha256(keys.sign_in.reveal(), session_label)))};
}

bool is_local_path(std::string_view next) noexcept {
  if (next.empty() || next.size() > kMaxNextBytes || next.front() != '/') return false;
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return false;
  for (const char c : next) {
    if (c <= 0x20 || c >= 0x7f || c == '\\') return false;
  }
  // No "." or ".." segment (also spelled %2e), which would lead out of the base path.
  const std::string_view path = next.substr(0, next.find_first_of("?#"));
  std::size_t at = 1;
  while (at <= path.size()) {
    const auto end = std::min(path.find('/', at), path.size());
    std::string_view segment = path.substr(at, end - at);
    std::size_t dots = 0;
    while (!segment.empty()) {
      if (segment.front() == '.') {
        segment.remove_prefix(1);
      } else if (segment.size() >= 3 && segment[0] == '%' && segment[1] == '2' &&
                 (segment[2] == 'e' || segment[2] == 'E')) {
        segment.remove_prefix(3);
      } else {
        break;
      }
      ++dots;
    }
    if (segment.empty() && (dots == 1 || dots == 2)) return false;
    at = end + 1;
  }
  return true;
}

LoginSecrets login_secrets(const SignInKeys& keys, std::string_view id) {
  const auto derive = [&](std::string_view label) {
    std::string message(label);
    message += '\n';
    message += id;
    return mac(keys.login, message);
  };
  return LoginSecrets{derive("state"), derive("nonce"), derive("code_verifier")};
}

std::string login_cookie(const SignInKeys& keys, std::string_view id, std::string_view next,
                         std::int64_t expires_at) {
  return sign(keys.login, expires_at, id, next);
}

std::optional<Login> read_login_cookie(const SignInKeys& keys, std::string_view value,
                                       std::int64_t now) {
  auto verified = verify(keys.login, value, now);
  if (!verified || !is_local_path(verified->payload)) return std::nullopt;
  return Login{std::move(verified->id), std::move(verified->payload)};
}

std::string owner_key(std::string_view issuer, std::string_view subject) {
  std::string message(issuer);
  message += '\n';
  message += subject;
  return hex(auth::sha256(message));
}

std::string user_cookie(const SignInKeys& keys, std::string_view id, const Person& person,
                        std::int64_t expires_at) {
  boost::json::object payload;
  payload["sub"] = person.owner;
  payload["name"] = bounded(person.name, kMaxPersonNameBytes);
  payload["email"] = bounded(person.email, kMaxPersonEmailBytes);
  payload["org"] = person.organizer;
  return sign(keys.session, expires_at, id, boost::json::serialize(payload));
}

std::optional<UserSession> read_user_cookie(const SignInKeys& keys, std::string_view value,
                                            std::int64_t now) {
  auto verified = verify(keys.session, value, now);
  if (!verified) return std::nullopt;
  boost::system::error_code ec;
  const auto json = boost::json::parse(verified->payload, ec);
  const auto* object = ec ? nullptr : json.if_object();
  if (object == nullptr) return std::nullopt;
  const auto* owner = object->if_contains("sub");
  const auto* name = object->if_contains("name");
  const auto* email = object->if_contains("email");
  const auto* organizer = object->if_contains("org");
  if (owner == nullptr || !owner->is_string() || name == nullptr || !name->is_string() ||
      email == nullptr || !email->is_string() || organizer == nullptr || !organizer->is_bool()) {
    return std::nullopt;
  }
  return UserSession{user_session_hash(verified->id),
                     Person{std::string(owner->get_string()), std::string(name->get_string()),
                            std::string(email->get_string()), organizer->get_bool()}};
}

std::string user_session_hash(std::string_view id) {
  return session_id_hash("user:" + std::string(id));
}

std::string login_id_hash(std::string_view id) {
  return session_id_hash("login:" + std::string(id));
}

}  // namespace lkm::services
