#pragma once
// Unbiased random strings from OpenSSL's CSPRNG.
#include <cstddef>
#include <functional>
#include <string>

namespace lkm::services {

// `length` characters drawn uniformly from [a-z0-9].
[[nodiscard]] std::string random_lower_alnum(std::size_t length);

// A source of such strings, injected where randomness decides an outcome (tests pin it).
using RandomString = std::function<std::string(std::size_t length)>;

}  // namespace lkm::services
