#pragma once
// Request framing rules checked after the header is parsed and before the body is read, refusing
// the request-smuggling shapes Beast before 1.92 lets through:
// Content-Length together with Transfer-Encoding; any Transfer-Encoding other than exactly one
// final "chunked"; chunked on HTTP/1.0; more than one Content-Length field, or a Content-Length
// that is not plain decimal digits.
#include <optional>
#include <string_view>

#include <boost/beast/http/fields.hpp>

namespace lkm::http {

// nullopt when the framing is acceptable; otherwise the reason, for a 400 response body.
[[nodiscard]] std::optional<std::string_view> framing_error(const boost::beast::http::fields& header,
                                                            unsigned version);

}  // namespace lkm::http
