// base64url_decode over arbitrary text, and the encoders over arbitrary bytes.
// Properties: decoding is strict, so whatever decodes re-encodes to exactly the same text; encoding
// then decoding gives the bytes back; the padded standard form is the URL-safe one with the other
// two symbols and '=' up to a multiple of four.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/base64url.hpp"

namespace {

void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lkm::auth;
  const std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT

  if (const auto decoded = base64url_decode(input)) {
    check(base64url_encode(*decoded) == input, "decode accepted a non-canonical encoding");
    check(decoded->size() == input.size() * 3 / 4, "decoded length");
  }

  const std::string encoded = base64url_encode(input);
  check(encoded.size() % 4 != 1, "encoded length");
  check(encoded.find_first_of("+/=") == std::string::npos, "URL-safe alphabet");
  const auto round_trip = base64url_decode(encoded);
  check(round_trip.has_value() && *round_trip == input, "encode then decode");

  std::string standard = base64_encode(input);
  check(standard.size() % 4 == 0, "padded length");
  const std::size_t padding = standard.size() - std::min(standard.size(), encoded.size());
  check(padding <= 2 && standard.substr(encoded.size()) == std::string(padding, '='), "padding");
  standard.resize(encoded.size());
  for (char& c : standard) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  check(standard == encoded, "standard and URL-safe alphabets agree");
  return 0;
}
