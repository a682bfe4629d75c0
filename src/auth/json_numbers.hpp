#pragma once
// Numbers in signed JSON that Boost.JSON cannot hold as finite doubles.
#include <boost/json/value.hpp>

namespace lkm::auth {

// False when a number anywhere in `value` is not finite: what Boost.JSON makes of numbers beyond a
// double's range (1e400 is infinity) or of a zero with a huge exponent (0e1308 is NaN). No issuer
// writes such a claim, and one would not survive being written out again (NaN is not even equal to
// itself), so the verifiers refuse a token holding one.
[[nodiscard]] bool numbers_finite(const boost::json::value& value);

}  // namespace lkm::auth
