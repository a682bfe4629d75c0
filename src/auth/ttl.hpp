#pragma once
// Token lifetimes as livekit-server-sdk accepts them: an integer number of seconds, or a duration
// string in the format of the SDK's JWT library, e.g. "90", "10m", "5h", "2d", "1w", "2 days",
// "1.5h". A year is 365.25 days. Rounded to the nearest second as the SDK does.
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lkm::auth {

inline constexpr std::chrono::seconds kDefaultTtl{6 * 3600};

// A bare integer ("90") means seconds. Accepted unit words (case-insensitive): s, sec(s),
// second(s), m, min(s), minute(s), h, hr(s), hour(s), d, day(s), w, week(s), y, yr(s), year(s);
// one optional space between number and unit; an optional leading '+' and a trailing " from now".
// Zero, negative ("-5m", "5m ago"), overflowing or malformed values ("100ms", "1.5", "abc") are
// errors whose message says what is accepted.
[[nodiscard]] Result<std::chrono::seconds, std::string> parse_ttl(std::string_view text);

}  // namespace lkm::auth
