#pragma once
// Request framing rules checked after the header is parsed and before the body is read, refusing
// the request-smuggling shapes Beast before 1.92 lets through:
// Content-Length together with Transfer-Encoding; any Transfer-Encoding other than exactly one
// final "chunked"; chunked on HTTP/1.0; more than one Content-Length field, or a Content-Length
// that is not plain decimal digits. Also the Host rules of RFC 9112 (3.2): an HTTP/1.1 request
// without Host, more than one Host field, or a Host value that is not host[:port].
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/beast/http/fields.hpp>

namespace lkm::http {

// nullopt when the framing is acceptable; otherwise the reason, for a 400 response body.
[[nodiscard]] std::optional<std::string_view> framing_error(
    const boost::beast::http::fields& header, unsigned version);

// Trailer fields of a chunked body: Beast's parser adds them to the header's fields, where they
// would pass for fields the client sent before the body (a second Host, an X-Forwarded-For the
// proxy never saw). None is understood here (RFC 9110 6.5.1), so they are dropped: a TrailerFilter
// made once the header is read remembers its fields, and drop_trailer_fields() erases every field
// added since. The request line (and views into it) stays as it is.
class TrailerFilter {
 public:
  explicit TrailerFilter(const boost::beast::http::fields& header);
  void drop_trailer_fields(boost::beast::http::fields& header) const;

 private:
  std::vector<const void*> header_fields_;
};

// The raw header section (request line and fields, as received), checked before Beast parses it:
// Beast accepts obs-fold continuation lines and a whitespace-led first field, which a proxy in
// front may read differently, and it does not tell a long target (414) from long fields (431).

// Offset just past the empty line ending the header section at the start of `data`, or npos while
// incomplete. A bare LF also ends the section (the parser then refuses the message). `scanned`
// keeps the progress between calls as `data` grows; start it at 0.
[[nodiscard]] std::size_t header_section_end(std::string_view data, std::size_t& scanned) noexcept;

// The status refusing a header section, nullopt when acceptable: 414 when the request target is
// longer than max_target_bytes, 431 when the fields (everything after the request line) are longer
// than max_header_bytes, 400 when a field line starts with whitespace. `head` is a complete
// section, or, with `complete` false, the start of one that outgrew the read limit.
[[nodiscard]] std::optional<unsigned> header_section_error(std::string_view head, bool complete,
                                                           std::size_t max_target_bytes,
                                                           std::size_t max_header_bytes) noexcept;

}  // namespace lkm::http
