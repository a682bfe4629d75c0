// Query strings and cookies (http/query.hpp). The input is "<name>\0<text>" (no NUL: the name is
// empty and the whole input is the text): query_param, percent_decode and cookie_value read the
// text, http_date reads its first eight bytes as a Unix time.
// Properties: a value whose every byte is %-escaped comes back exactly; a cookie value is a
// trimmed piece of the header itself holding no ';'; a date is IMF-fixdate shaped.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "http/query.hpp"

namespace {

void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

std::string escape_all(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(kHex[byte >> 4U]);
    out.push_back(kHex[byte & 0x0FU]);
  }
  return out;
}

bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lkm::http;
  const std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT
  const std::size_t nul = input.find('\0');
  const std::string_view name =
      nul == std::string_view::npos ? std::string_view() : input.substr(0, nul);
  const std::string_view text = nul == std::string_view::npos ? input : input.substr(nul + 1);

  (void)query_param(text, name);
  const auto decoded = percent_decode(text);
  if (decoded && text.find_first_of("&+") == std::string_view::npos) {
    check(query_param("k=" + std::string(text), "k") == decoded, "query value as percent_decode");
  }
  check(percent_decode(escape_all(text)) == text, "percent_decode of escaped bytes");
  check(query_param(escape_all(name) + "=" + escape_all(text), name) == text,
        "query_param of an escaped pair");
  // An empty name matches the first pair with an empty key, here "=later".
  check(query_param("x&" + escape_all(name) + "&" + escape_all(name) + "=later", name) ==
            (name.empty() ? "later" : ""),
        "the first match wins; a key without '=' has the empty value");

  if (const auto value = cookie_value(text, name)) {
    check(
        value->data() >= text.data() && value->data() + value->size() <= text.data() + text.size(),
        "cookie value lies within the header");
    check(value->find(';') == std::string_view::npos, "cookie value holds no ';'");
    check(value->empty() || (!is_ows(value->front()) && !is_ows(value->back())),
          "cookie value is trimmed");
  }

  std::int64_t when = 0;
  std::memcpy(&when, input.data(), std::min(input.size(), sizeof when));
  const std::string date = http_date(when);
  check(date.size() >= 29 && date.ends_with(" GMT") && date[3] == ',', "IMF-fixdate shape");
  if (when >= 0 && when < 253402300800) {  // up to 9999-12-31T23:59:59Z
    check(date.size() == 29, "a four-digit year gives 29 characters");
  }
  return 0;
}
