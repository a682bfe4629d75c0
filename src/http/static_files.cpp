#include "http/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <optional>
#include <utility>

#include <openssl/evp.h>

#include "http/query.hpp"

namespace lkm::http {

struct StaticFiles::Entry {
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::shared_ptr<const std::string> content;
  std::string etag;
};

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNotFound = "Not found";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";
constexpr std::size_t kEtagBytes = 16;  // SHA-256 prefix: 128 bits is plenty to tell versions apart

constexpr char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool icontains(std::string_view text, std::string_view needle) noexcept {
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                     [](char x, char y) { return lower(x) == lower(y); }) != text.end();
}

Response not_found() {
  return Response::text(404, std::string(kNotFound));
}

// The decoded route path as a relative path below the root, or nullopt when any rule refuses it.
std::optional<std::string> safe_relative_path(std::string_view encoded_path) {
  if (encoded_path.empty() || encoded_path.front() != '/') return std::nullopt;
  if (icontains(encoded_path, "%2f") || icontains(encoded_path, "%5c")) return std::nullopt;
  std::optional<std::string> decoded = percent_decode(encoded_path);
  if (!decoded) return std::nullopt;
  const std::string_view path = *decoded;
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  // Every segment must be non-empty (no "//", no trailing '/') and must not start with '.'
  // (".", "..", ".git", ".env"...).
  std::string_view rest = path.substr(1);
  for (;;) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment.front() == '.') return std::nullopt;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return std::string(path.substr(1));
}

bool is_within(const fs::path& root, const fs::path& path) {
  auto root_it = root.begin();
  auto path_it = path.begin();
  for (; root_it != root.end(); ++root_it, ++path_it) {
    if (path_it == path.end() || *root_it != *path_it) return false;
  }
  return path_it != path.end();
}

// <root>/<relative> with symlinks resolved, only when it stays strictly inside the canonical root.
std::optional<fs::path> resolve_inside(const fs::path& root, std::string_view relative) {
  std::error_code ec;
  const fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  const fs::path file = fs::canonical(canonical_root / fs::path(relative), ec);
  if (ec || !is_within(canonical_root, file)) return std::nullopt;
  return file;
}

// "name-HASH.ext" under assets/: the stem ends in '-' and 8+ characters of [A-Za-z0-9_-].
bool is_hashed_asset(std::string_view relative) {
  if (!relative.starts_with("assets/")) return false;
  std::string_view name = relative.substr(relative.rfind('/') + 1);
  const std::size_t dot = name.rfind('.');
  const std::string_view stem = dot == std::string_view::npos ? name : name.substr(0, dot);
  auto hash_char = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  };
  std::size_t run = 0;  // trailing characters of the hash alphabet
  while (run < stem.size() && hash_char(stem[stem.size() - 1 - run])) ++run;
  // Some '-' inside that run, at least 8 characters from the end, and not the stem's first byte.
  for (std::size_t k = 8; k < run; ++k) {
    const std::size_t pos = stem.size() - 1 - k;
    if (stem[pos] == '-' && pos > 0) return true;
  }
  return false;
}

std::string etag_of(std::string_view content) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(content.data(), content.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
      1) {
    return {};
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string etag = "\"";
  for (std::size_t i = 0; i < std::min<std::size_t>(kEtagBytes, length); ++i) {
    etag.push_back(kHex[digest[i] >> 4U]);
    etag.push_back(kHex[digest[i] & 0x0FU]);
  }
  etag.push_back('"');
  return etag;
}

// If-None-Match: "*" or a list of entity tags, compared weakly (a W/ prefix is ignored).
bool none_match_hits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (!tag.empty() && tag == etag) return true;
  }
  return false;
}

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
         static_cast<std::int64_t>(st.st_mtim.tv_nsec);
}

// Reads a regular file whole; nullopt on any error. `st` receives the opened file's status.
std::optional<std::string> read_file(const fs::path& path, struct stat& st) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> content;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    std::string data(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    bool ok = true;
    while (done < data.size()) {
      const ssize_t n = ::read(fd, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ok = n == 0;  // shrunk while reading: serve what is there
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    if (ok) {
      data.resize(done);
      content = std::move(data);
    }
  }
  ::close(fd);
  return content;
}

}  // namespace

std::string_view mime_type(std::string_view file_name) noexcept {
  struct Mime {
    std::string_view extension;
    std::string_view type;
  };
  static constexpr std::array<Mime, 28> kTypes = {{
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"wasm", "application/wasm"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"txt", "text/plain; charset=utf-8"},
      {"xml", "application/xml"},
      {"pdf", "application/pdf"},
      {"mp3", "audio/mpeg"},
      {"ogg", "audio/ogg"},
      {"mp4", "video/mp4"},
      {"webm", "video/webm"},
  }};
  const std::size_t slash = file_name.find_last_of('/');
  const std::string_view name =
      slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const std::string_view extension = name.substr(dot + 1);
  for (const Mime& mime : kTypes) {
    if (iequals(mime.extension, extension)) return mime.type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root, ContentFilter index_filter)
    : root_(std::move(root)), index_filter_(std::move(index_filter)) {}

Response StaticFiles::serve(const Request& request, std::string_view encoded_path) const {
  const std::optional<std::string> relative = safe_relative_path(encoded_path);
  if (!relative) return not_found();
  if (*relative == "index.html") return serve_index(request);
  const std::optional<fs::path> file = resolve_inside(root_, *relative);
  if (!file) return not_found();
  return serve_file(request, *file, is_hashed_asset(*relative));
}

Response StaticFiles::serve_index(const Request& request) const {
  const std::optional<fs::path> file = resolve_inside(root_, "index.html");
  Response response =
      file ? serve_file(request, *file, false, index_filter_ ? &index_filter_ : nullptr)
           : not_found();
  if (response.status == 404) return Response::text(503, "The web app is not installed");
  return response;
}

Response StaticFiles::serve_file(const Request& request, const std::filesystem::path& file,
                                 bool immutable, const ContentFilter* filter) const {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return not_found();
  // Filtered content is cached apart from the file's own bytes.
  const std::string key = filter != nullptr ? "filtered:" + file.native() : file.native();

  std::shared_ptr<const Entry> entry;
  {
    const std::lock_guard lock(mutex_);
    const auto it = cache_.find(key);
    if (it != cache_.end() && it->second->size == static_cast<std::int64_t>(st.st_size) &&
        it->second->mtime_ns == mtime_ns(st)) {
      entry = it->second;
    }
  }
  if (!entry) {
    struct stat opened {};
    std::optional<std::string> content = read_file(file, opened);
    if (!content) return not_found();
    const bool complete = content->size() == static_cast<std::size_t>(opened.st_size);
    if (filter != nullptr) *content = (*filter)(*content);
    auto fresh = std::make_shared<Entry>();
    fresh->size = static_cast<std::int64_t>(opened.st_size);
    fresh->mtime_ns = mtime_ns(opened);
    fresh->etag = etag_of(*content);
    fresh->content = std::make_shared<const std::string>(std::move(*content));
    entry = fresh;
    if (complete) {
      const std::lock_guard lock(mutex_);
      cache_[key] = entry;
    }
  }

  const std::string_view cache_control = immutable ? kImmutable : kNoCache;
  if (none_match_hits(request.header("If-None-Match"), entry->etag)) {
    Response response = Response::empty(304);
    response.header("ETag", entry->etag).header("Cache-Control", std::string(cache_control));
    return response;
  }
  Response response;
  response.content_type = std::string(mime_type(file.filename().native()));
  response.shared_body = entry->content;
  response.header("ETag", entry->etag).header("Cache-Control", std::string(cache_control));
  return response;
}

}  // namespace lkm::http
