#include "oidc/messages.hpp"

#include <cctype>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "auth/base64url.hpp"

namespace lkm::oidc {
namespace {

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// `base` with `query` (already encoded) appended after "?" or "&".
std::string with_query(std::string_view base, std::string_view query) {
  std::string out(base);
  out += base.find('?') == std::string_view::npos ? '?' : '&';
  out += query;
  return out;
}

void add(std::string& query, std::string_view name, std::string_view value) {
  if (!query.empty()) query += '&';
  query += name;
  query += '=';
  query += form_encode(value);
}

// The standard Base64 (with padding) that HTTP Basic uses.
std::string base64(std::string_view bytes) {
  std::string out = auth::base64url_encode(bytes);
  for (char& c : out) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (out.size() % 4 != 0) out += '=';
  return out;
}

std::string string_member(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->get_string());
}

}  // namespace

std::string form_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (unreserved(c)) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4U];
      out += kHex[byte & 0xFU];
    }
  }
  return out;
}

std::string authorization_url(std::string_view authorization_endpoint,
                              const AuthorizationRequest& request) {
  std::string query;
  add(query, "response_type", "code");
  add(query, "client_id", request.client_id);
  add(query, "redirect_uri", request.redirect_uri);
  add(query, "scope", request.scopes);
  add(query, "state", request.state);
  add(query, "nonce", request.nonce);
  add(query, "code_challenge", request.code_challenge);
  add(query, "code_challenge_method", "S256");
  return with_query(authorization_endpoint, query);
}

TokenRequest token_request(auth::ClientAuthMethod method, std::string_view client_id,
                           const Secret& client_secret, std::string_view code,
                           std::string_view redirect_uri, std::string_view code_verifier) {
  TokenRequest request;
  add(request.body, "grant_type", "authorization_code");
  add(request.body, "code", code);
  add(request.body, "redirect_uri", redirect_uri);
  add(request.body, "code_verifier", code_verifier);
  if (method == auth::ClientAuthMethod::secret_post) {
    add(request.body, "client_id", client_id);
    add(request.body, "client_secret", client_secret.reveal());
  } else {
    request.headers.emplace_back(
        "Authorization",
        "Basic " + base64(form_encode(client_id) + ":" + form_encode(client_secret.reveal())));
  }
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Accept", "application/json");
  return request;
}

Result<TokenResponse, std::string> parse_token_response(unsigned status, std::string_view body) {
  if (body.size() > kMaxTokenResponseBytes) {
    return fail(std::string("the token endpoint's answer is too large"));
  }
  boost::system::error_code ec;
  const auto value = boost::json::parse(body, ec);
  const auto* object = ec ? nullptr : value.if_object();
  if (status != 200) {
    std::string message = "the token endpoint refused the code (HTTP " + std::to_string(status);
    if (object != nullptr) {
      const std::string code = string_member(*object, "error");
      // Error codes are short ASCII words (RFC 6749 section 5.2); anything else is not quoted.
      if (!code.empty() && code.size() <= 64 &&
          code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos) {
        message += ", " + code;
      }
    }
    return fail(message + ")");
  }
  if (object == nullptr) return fail(std::string("the token endpoint's answer is not JSON"));
  TokenResponse response;
  response.id_token = string_member(*object, "id_token");
  if (response.id_token.empty()) {
    return fail(std::string("the token endpoint's answer has no ID token"));
  }
  const std::string type = string_member(*object, "token_type");
  std::string lower = type;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!type.empty() && lower != "bearer") {
    return fail(std::string("the token endpoint's answer has an unknown token_type"));
  }
  response.access_token = string_member(*object, "access_token");
  return response;
}

Result<Userinfo, std::string> parse_userinfo(std::string_view body) {
  if (body.size() > kMaxUserinfoBytes) return fail(std::string("the userinfo answer is too large"));
  boost::system::error_code ec;
  const auto value = boost::json::parse(body, ec);
  const auto* object = ec ? nullptr : value.if_object();
  if (object == nullptr) return fail(std::string("the userinfo answer is not a JSON object"));
  Userinfo info;
  info.subject = string_member(*object, "sub");
  if (info.subject.empty()) return fail(std::string("the userinfo answer has no sub"));
  info.name = string_member(*object, "name");
  info.preferred_username = string_member(*object, "preferred_username");
  info.email = string_member(*object, "email");
  const auto* verified = object->if_contains("email_verified");
  info.email_verified = verified != nullptr && verified->is_bool() && verified->get_bool();
  return info;
}

std::string end_session_url(std::string_view end_session_endpoint, std::string_view client_id,
                            std::string_view post_logout_redirect_uri) {
  std::string query;
  add(query, "client_id", client_id);
  add(query, "post_logout_redirect_uri", post_logout_redirect_uri);
  return with_query(end_session_endpoint, query);
}

}  // namespace lkm::oidc
