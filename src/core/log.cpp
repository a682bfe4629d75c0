#include "core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <mutex>
#include <string>

#include "core/log_format.hpp"

namespace lkm::log {
namespace {

std::atomic<Level> g_min_level{Level::info};
std::atomic<Format> g_format{Format::text};
std::mutex g_long_lines;

void write_all(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere left to report it
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void emit(const std::string& line) {
  // write(2) of at most PIPE_BUF bytes to a pipe is atomic; so are appends to a file.
  if (line.size() <= PIPE_BUF) {
    write_all(line);
    return;
  }
  const std::lock_guard lock(g_long_lines);
  write_all(line);
}

}  // namespace

void set_min_level(Level level) noexcept {
  g_min_level.store(level);
}

void set_format(Format format) noexcept {
  g_format.store(format);
}

void write(Level level, std::string_view message) {
  if (level < g_min_level.load(std::memory_order_relaxed)) return;
  emit(format_line(g_format.load(std::memory_order_relaxed), std::chrono::system_clock::now(),
                   level, message));
}

void request(const RequestLine& line) {
  if (Level::info < g_min_level.load(std::memory_order_relaxed)) return;
  emit(format_line(g_format.load(std::memory_order_relaxed), std::chrono::system_clock::now(),
                   Level::info, {}, &line));
}

}  // namespace lkm::log
