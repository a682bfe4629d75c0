#pragma once
// ProcessStats: this process's CPU time, memory, open files and start time, read from /proc
// (Linux) for the standard process_* metrics. Fields that cannot be read stay nullopt.
#include <cstdint>
#include <optional>
#include <string_view>

namespace lkm::metrics {

struct ProcessStats {
  std::optional<double> cpu_seconds;         // user + system
  std::optional<double> start_time_seconds;  // since the Unix epoch
  std::optional<std::uint64_t> resident_bytes;
  std::optional<std::uint64_t> virtual_bytes;
  std::optional<std::uint64_t> open_fds;
  std::optional<std::uint64_t> max_fds;
};

// Reads /proc/self/stat, /proc/stat (boot time), /proc/self/fd and RLIMIT_NOFILE.
[[nodiscard]] ProcessStats read_process_stats();

// The fields of a /proc/<pid>/stat line; `boot_time` is /proc/stat's btime (Unix seconds).
// Leaves `stats` untouched when the line cannot be read.
void parse_proc_stat(std::string_view line, long ticks_per_second, long page_size,
                     std::optional<double> boot_time, ProcessStats& stats);

}  // namespace lkm::metrics
