#pragma once
// Unbiased random strings from OpenSSL's CSPRNG.
#include <cstddef>
#include <string>

namespace lkm::api {

// `length` characters drawn uniformly from [a-z0-9].
[[nodiscard]] std::string random_lower_alnum(std::size_t length);

}  // namespace lkm::api
