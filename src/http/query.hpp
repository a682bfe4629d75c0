#pragma once
// Query strings and cookies, parsed the way browsers and LiveKit Meet's server read them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lkm::http {

// The first value of `name` in a query string ("a=1&b=2", no leading '?'), decoded as
// URLSearchParams does: '+' is a space, %XX sequences are bytes, a malformed %-sequence is kept
// as it is. A key without '=' has the empty value. The result may be invalid UTF-8: callers check.
[[nodiscard]] std::optional<std::string> query_param(std::string_view query, std::string_view name);

// The name of the first parameter of a query string whose name or value holds a malformed
// %-sequence (such as "%ZZ" or a trailing "%4"), decoded leniently and cut to 64 bytes; nullopt
// when every escape is well formed.
[[nodiscard]] std::optional<std::string> malformed_query_param(std::string_view query);

// Percent-decodes `text` (no '+' rule). Returns nullopt on a malformed %-sequence.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), without decoding; the first one wins.
[[nodiscard]] std::optional<std::string_view> cookie_value(std::string_view cookie_header,
                                                           std::string_view name);

// "Thu, 01 Jan 1970 00:00:00 GMT" (IMF-fixdate, as in Expires and Last-Modified).
[[nodiscard]] std::string http_date(std::int64_t unix_seconds);

}  // namespace lkm::http
