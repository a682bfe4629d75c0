#pragma once
// The text forms settings take, the same from a flag, a variable or the config file. Each
// parser returns what is wrong, without naming the setting (its caller knows where it came from).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lkm::config {

// A decimal integer within [min, max].
[[nodiscard]] Result<std::uint64_t, std::string> parse_integer(std::string_view text,
                                                               std::uint64_t min,
                                                               std::uint64_t max);

// "250ms", "10s", "2m", "1h", or a bare number of seconds; within [min, max].
[[nodiscard]] Result<std::chrono::milliseconds, std::string> parse_duration(
    std::string_view text, std::chrono::milliseconds min, std::chrono::milliseconds max);

// A number of bytes, or with a binary unit: "512KiB", "1MiB" (also "K", "KB", "M", "MB", all
// powers of 1024); within [min, max].
[[nodiscard]] Result<std::uint64_t, std::string> parse_size(std::string_view text,
                                                            std::uint64_t min, std::uint64_t max);

// "true"/"false" (also yes/no, on/off, 1/0).
[[nodiscard]] Result<bool, std::string> parse_bool(std::string_view text);

// Letters, digits and hyphens in dot-separated labels of at most 63 characters, 253 in all (an
// IPv4 address is such a name too).
[[nodiscard]] bool is_host_name(std::string_view name);

// The forms above written back, as `config check` prints them: "10s", "1500ms", "1MiB", "700".
[[nodiscard]] std::string format_duration(std::chrono::milliseconds value);
[[nodiscard]] std::string format_size(std::uint64_t bytes);

}  // namespace lkm::config
