#pragma once
// Content codings of precompressed static files and the Accept-Encoding rules (RFC 9110, 12.5.3)
// that decide whether a client takes one.
#include <array>
#include <optional>
#include <string_view>

#include "http/message.hpp"

namespace lkm::http {

// A precompressed form of a file: "<file><suffix>", sent with "Content-Encoding: <coding>".
struct Variant {
  std::string_view suffix;
  std::string_view coding;
  std::string_view alias;  // another name of the coding in Accept-Encoding
};
// In order of preference.
inline constexpr std::array<Variant, 2> kVariants = {
    {{".br", "br", {}}, {".gz", "gzip", "x-gzip"}}};

// Whether a qvalue ("1", "1.000", "0.5", "0", "0.000"...) is above zero; nullopt when malformed.
[[nodiscard]] std::optional<bool> positive_qvalue(std::string_view q) noexcept;

// Whether the request's Accept-Encoding fields (all of them) allow `variant`'s coding, i.e. give
// it q > 0. Names are case-insensitive; an entry naming the coding decides over "*"; a name listed
// more than once is refused when any of its entries has q=0; malformed entries are ignored. No
// Accept-Encoding at all allows nothing (identity is always acceptable).
[[nodiscard]] bool accepts(const Request& request, const Variant& variant);

}  // namespace lkm::http
