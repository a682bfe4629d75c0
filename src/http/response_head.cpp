#include "http/response_head.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <boost/beast/http/status.hpp>

#include "core/text.hpp"

namespace lkm::http {
namespace {

bool is_tchar(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  constexpr std::string_view kOthers = "!#$%&'*+-.^_`|~";
  return kOthers.find(c) != std::string_view::npos;
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

// The defaults the response does not replace with a field of the same name.
void append_defaults(std::string& out, const Headers& defaults, const Headers& own) {
  for (const auto& [name, value] : defaults) {
    const bool replaced = std::any_of(own.begin(), own.end(), [&name = name](const auto& field) {
      return ascii_iequals(field.first, name);
    });
    if (!replaced) append_field(out, name, value);
  }
}

void append_number(std::string& out, std::size_t value) {
  std::array<char, 24> digits{};
  const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  out.append(digits.data(), result.ptr);
}

}  // namespace

bool is_field_name(std::string_view name) noexcept {
  return !name.empty() && std::all_of(name.begin(), name.end(), is_tchar);
}

bool is_field_value(std::string_view value) noexcept {
  return std::none_of(value.begin(), value.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

bool valid_fields(const Headers& fields) noexcept {
  return std::all_of(fields.begin(), fields.end(), [](const auto& field) {
    return is_field_name(field.first) && is_field_value(field.second);
  });
}

bool valid_defaults(const DefaultHeaders& fields) noexcept {
  return valid_fields(fields.every) && valid_fields(fields.active) && valid_fields(fields.passive);
}

bool is_active_content(std::string_view content_type) noexcept {
  const std::string_view media = trim_ows(content_type.substr(0, content_type.find(';')));
  constexpr std::array<std::string_view, 7> kActive = {
      "text/html",     "application/xhtml+xml", "text/javascript", "application/javascript",
      "image/svg+xml", "application/xml",       "text/xml"};
  return std::any_of(kActive.begin(), kActive.end(),
                     [media](std::string_view type) { return ascii_iequals(media, type); });
}

bool append_response_head(std::string& out, const Response& response,
                          const DefaultHeaders& defaults, const ResponseHead& head) {
  const bool valid = is_field_value(response.content_type) && valid_fields(response.headers);
  if (!valid || response.status < 100 || response.status > 999) return false;

  out.append(head.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  append_number(out, response.status);
  out.push_back(' ');
  out.append(boost::beast::http::obsolete_reason(
      static_cast<boost::beast::http::status>(response.status)));
  out.append("\r\n");
  append_field(out, "Server", "livekit-meet");
  // A 304 updates the fields the browser stored with the full response: it gets those of the
  // representation's kind (its content type chooses them), but no Content-Type of its own; a 304
  // that does not say its type gets no fields of either kind, so the stored ones stay.
  const bool not_modified = response.status == 304;
  if (!response.content_type.empty() && !not_modified) {
    append_field(out, "Content-Type", response.content_type);
  }
  append_defaults(out, defaults.every, response.headers);
  if (!not_modified || !response.content_type.empty()) {
    append_defaults(out,
                    is_active_content(response.content_type) ? defaults.active : defaults.passive,
                    response.headers);
  }
  for (const auto& [name, value] : response.headers) append_field(out, name, value);
  if (head.content_length) {
    out.append("Content-Length: ");
    append_number(out, *head.content_length);
    out.append("\r\n");
  }
  if (head.version == 10 && head.keep_alive) out.append("Connection: keep-alive\r\n");
  if (head.version != 10 && !head.keep_alive) out.append("Connection: close\r\n");
  out.append("\r\n");
  return true;
}

}  // namespace lkm::http
