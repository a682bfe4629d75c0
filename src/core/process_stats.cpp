#include "core/process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace lkm::metrics {
namespace {

std::optional<std::uint64_t> to_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::optional<double> boot_time() {
  const std::string stat = read_file("/proc/stat");
  constexpr std::string_view kKey = "\nbtime ";
  const auto at = stat.find(kKey);
  if (at == std::string::npos) return std::nullopt;
  const auto start = at + kKey.size();
  const auto end = stat.find('\n', start);
  const auto value = to_u64(std::string_view(stat).substr(start, end - start));
  if (!value) return std::nullopt;
  return static_cast<double>(*value);
}

}  // namespace

void parse_proc_stat(std::string_view line, long ticks_per_second, long page_size,
                     std::optional<double> boot, ProcessStats& stats) {
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted
  // from the last ')'. Field 3 (state) is index 0 below.
  const auto close = line.rfind(')');
  if (close == std::string_view::npos || ticks_per_second <= 0 || page_size <= 0) return;
  std::string_view rest = line.substr(close + 1);
  constexpr std::size_t kUtime = 14 - 3;
  constexpr std::size_t kStime = 15 - 3;
  constexpr std::size_t kStartTime = 22 - 3;
  constexpr std::size_t kVsize = 23 - 3;
  constexpr std::size_t kRss = 24 - 3;
  std::array<std::optional<std::uint64_t>, kRss + 1> fields{};
  std::size_t index = 0;
  while (!rest.empty() && index < fields.size()) {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.remove_prefix(1);
    const auto end = std::min(rest.find_first_of(" \n"), rest.size());
    if (end == 0) break;
    fields[index++] = to_u64(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  if (index < fields.size()) return;
  const auto ticks = static_cast<double>(ticks_per_second);
  if (fields[kUtime] && fields[kStime]) {
    stats.cpu_seconds = static_cast<double>(*fields[kUtime] + *fields[kStime]) / ticks;
  }
  if (fields[kStartTime] && boot) {
    stats.start_time_seconds = *boot + static_cast<double>(*fields[kStartTime]) / ticks;
  }
  if (fields[kVsize]) stats.virtual_bytes = *fields[kVsize];
  if (fields[kRss]) stats.resident_bytes = *fields[kRss] * static_cast<std::uint64_t>(page_size);
}

ProcessStats read_process_stats() {
  ProcessStats stats;
  parse_proc_stat(read_file("/proc/self/stat"), sysconf(_SC_CLK_TCK), sysconf(_SC_PAGESIZE),
                  boot_time(), stats);
  // The directory's own descriptor is among those listed while it is read.
  std::error_code ec;
  std::uint64_t count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++count;
  }
  if (!ec && count > 0) stats.open_fds = count - 1;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    stats.max_fds = static_cast<std::uint64_t>(limit.rlim_cur);
  }
  return stats;
}

}  // namespace lkm::metrics
