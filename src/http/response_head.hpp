#pragma once
// The status line and header section of a response, written as text in one buffer so that the
// head and the body leave in one gather write. The fields, in order: Server, Content-Type, the
// server's default headers that the handler does not set itself, the handler's headers (a name it
// repeats, such as Set-Cookie, stays repeated), Content-Length, Connection.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace lkm::http {

struct ResponseHead {
  unsigned version = 11;                      // 10 or 11, as the request's (HTTP/2+ answered as 11)
  std::optional<std::size_t> content_length;  // nullopt: no Content-Length (1xx, 204, 304)
  bool keep_alive = true;
};

// Appends the head to `out`. False, with `out` as it was, when one of the response's fields has a
// name that is not a token or a value with CR, LF or NUL: such a field would split the response.
// `defaults` are the server's own, checked once when it starts (valid_fields).
[[nodiscard]] bool append_response_head(std::string& out, const Response& response,
                                        const Headers& defaults, const ResponseHead& head);

// True when every field has a token for a name and a value without CR, LF or NUL.
[[nodiscard]] bool valid_fields(const Headers& fields) noexcept;
// True for a field name made of RFC 9110 token characters only, and not empty.
[[nodiscard]] bool is_field_name(std::string_view name) noexcept;
// True for a field value without CR, LF or NUL.
[[nodiscard]] bool is_field_value(std::string_view value) noexcept;

}  // namespace lkm::http
