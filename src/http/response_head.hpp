#pragma once
// The status line and header section of a response, written as text in one buffer so that the
// head and the body leave in one gather write. The fields, in order: Server, Content-Type, the
// server's default headers that the handler does not set itself (those for every response, then
// those for its kind of content), the handler's headers (a name it repeats, such as Set-Cookie,
// stays repeated), Content-Length, Connection.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace lkm::http {

// The server's own fields: `every` on each response; besides, `active` on a response whose content
// the browser may run or render as a page (is_active_content: documents, scripts and so workers,
// SVG), `passive` on any other (JSON, styles, images, fonts, WebAssembly, no content). The browser
// merges a 304's fields into those it stored with the full response: a 304 gets the fields of the
// kind its `content_type` names (which is not sent), or `every` alone when it names none.
struct DefaultHeaders {
  Headers every;
  Headers active;
  Headers passive;
};

// HTML, XHTML, JavaScript, SVG and XML, by the Content-Type's media type (parameters and case
// ignored).
[[nodiscard]] bool is_active_content(std::string_view content_type) noexcept;

struct ResponseHead {
  unsigned version = 11;                      // 10 or 11, as the request's (HTTP/2+ answered as 11)
  std::optional<std::size_t> content_length;  // nullopt: no Content-Length (1xx, 204, 304)
  bool keep_alive = true;
};

// Appends the head to `out`. False, with `out` as it was, when one of the response's fields has a
// name that is not a token or a value with CR, LF or NUL: such a field would split the response.
// `defaults` are the server's own, checked once when it starts (valid_fields).
[[nodiscard]] bool append_response_head(std::string& out, const Response& response,
                                        const DefaultHeaders& defaults, const ResponseHead& head);

// True when every field has a token for a name and a value without CR, LF or NUL.
[[nodiscard]] bool valid_fields(const Headers& fields) noexcept;
[[nodiscard]] bool valid_defaults(const DefaultHeaders& fields) noexcept;
// True for a field name made of RFC 9110 token characters only, and not empty.
[[nodiscard]] bool is_field_name(std::string_view name) noexcept;
// True for a field value without CR, LF or NUL.
[[nodiscard]] bool is_field_value(std::string_view value) noexcept;

}  // namespace lkm::http
