#include "http/framing.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>

namespace lkm::http {
namespace {

namespace bhttp = boost::beast::http;

bool is_plain_decimal(std::string_view text) noexcept {
  if (text.empty() || text.size() > std::numeric_limits<std::uint64_t>::digits10) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// uri-host [ ":" port ]: reg-name characters (unreserved, sub-delims, '%'), an IP literal's
// brackets and the port's colon. An empty value is allowed (RFC 9112 3.2).
bool is_host_value(std::string_view value) noexcept {
  for (const char c : value) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("-._~%!$&'()*+,;=:[]").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string_view> framing_error(const bhttp::fields& header, unsigned version) {
  std::size_t hosts = 0;
  for (const auto& field : header) {
    if (field.name() != bhttp::field::host) continue;
    ++hosts;
    if (!is_host_value(field.value())) return "Invalid Host";
  }
  if (hosts > 1) return "Multiple Host fields";
  if (hosts == 0 && version >= 11) return "Missing Host";

  // Walks every field: Beast's equal_range is not safe when same-named fields are interleaved.
  std::size_t content_lengths = 0;
  for (const auto& field : header) {
    if (field.name() != bhttp::field::content_length) continue;
    ++content_lengths;
    if (!is_plain_decimal(field.value())) return "Invalid Content-Length";
  }
  if (content_lengths > 1) return "Multiple Content-Length fields";

  // Every Transfer-Encoding field, every comma-separated element: together exactly "chunked".
  std::size_t codings = 0;
  bool chunked = false;
  for (const auto& field : header) {
    if (field.name() != bhttp::field::transfer_encoding) continue;
    std::string_view list = field.value();
    for (;;) {
      const std::size_t comma = list.find(',');
      const std::string_view coding = trim_ows(list.substr(0, comma));
      ++codings;
      chunked = ascii_iequals(coding, "chunked");
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  if (codings == 0) return std::nullopt;
  if (codings != 1 || !chunked) return "Unsupported Transfer-Encoding";
  if (version < 11) return "Transfer-Encoding on HTTP/1.0";
  if (content_lengths != 0) return "Content-Length with Transfer-Encoding";
  return std::nullopt;
}

TrailerFilter::TrailerFilter(const bhttp::fields& header) {
  for (const auto& field : header) header_fields_.push_back(&field);
}

void TrailerFilter::drop_trailer_fields(bhttp::fields& header) const {
  for (auto it = header.begin(); it != header.end();) {
    const void* field = &*it;
    const bool from_header =
        std::find(header_fields_.begin(), header_fields_.end(), field) != header_fields_.end();
    it = from_header ? std::next(it) : header.erase(it);
  }
}

std::size_t header_section_end(std::string_view data, std::size_t& scanned) noexcept {
  for (std::size_t i = scanned; i < data.size(); ++i) {
    if (data[i] != '\n') continue;
    if (i == 0 || data[i - 1] != '\r') return i + 1;
    if (i >= 3 && data[i - 2] == '\n' && data[i - 3] == '\r') return i + 1;
  }
  scanned = data.size();
  return std::string_view::npos;
}

std::optional<unsigned> header_section_error(std::string_view head, bool complete,
                                             std::size_t max_target_bytes,
                                             std::size_t max_header_bytes) noexcept {
  const std::size_t line_end = head.find('\n');
  if (line_end == std::string_view::npos) return 414;  // the request line alone outgrew the limit
  const std::string_view line = head.substr(0, line_end);
  const std::size_t first_space = line.find(' ');
  const std::size_t last_space = line.rfind(' ');
  std::size_t target = 0;
  if (first_space != std::string_view::npos) {
    target =
        last_space > first_space ? last_space - first_space - 1 : line.size() - first_space - 1;
  }
  if (target > max_target_bytes) return 414;
  if (!complete || head.size() - line_end - 1 > max_header_bytes) return 431;
  for (std::size_t start = line_end + 1; start < head.size();) {
    if (head[start] == ' ' || head[start] == '\t') return 400;
    const std::size_t next = head.find('\n', start);
    if (next == std::string_view::npos) break;
    start = next + 1;
  }
  return std::nullopt;
}

}  // namespace lkm::http
