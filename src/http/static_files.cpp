#include "http/static_files.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <openssl/evp.h>
#include <boost/beast/http/field.hpp>

#include "core/log.hpp"
#include "core/text.hpp"
#include "http/content_coding.hpp"
#include "http/query.hpp"

namespace lkm::http {

struct StaticFiles::Entry {
  dev_t device = 0;
  ino_t inode = 0;
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;  // a change of permissions (chmod) is noticed too
  std::shared_ptr<const std::string> content;
  std::string etag;
  bool whole_file = false;  // content is the file's bytes as they are (not filtered, not cut short)
};

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNotFound = "Not found";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";
constexpr std::size_t kEtagBytes = 16;  // SHA-256 prefix: 128 bits is plenty to tell versions apart
// The cache's names: "beneath:<relative>" for a file opened with openat2, its canonical path for
// one resolved by hand, and "filtered:" before that for index.html through the index filter.
constexpr std::string_view kBeneathKey = "beneath:";
constexpr std::string_view kFilteredKey = "filtered:";

bool icontains(std::string_view text, std::string_view needle) noexcept {
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                     [](char x, char y) { return ascii_lower(x) == ascii_lower(y); }) != text.end();
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

struct Resolved {
  fs::path root;  // canonical
  fs::path file;  // canonical, strictly inside `root`
};

// <root>/<relative> with symlinks resolved, only when it stays strictly inside the canonical root.
std::optional<Resolved> resolve_inside(const fs::path& root, std::string_view relative) {
  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path file = fs::canonical(canonical_root / fs::path(relative), ec);
  if (ec || !is_within(canonical_root, file)) return std::nullopt;
  return Resolved{std::move(canonical_root), std::move(file)};
}

// "<file><suffix>" next to the resolved file when it is a regular file inside the root: a symlink
// there is followed only when its target stays strictly inside the root. The result is canonical.
std::optional<fs::path> variant_path(const Resolved& resolved, std::string_view suffix) {
  fs::path candidate = resolved.file;
  candidate += suffix;
  struct stat st {};
  if (::lstat(candidate.c_str(), &st) != 0) return std::nullopt;
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    candidate = fs::canonical(candidate, ec);
    if (ec || !is_within(resolved.root, candidate) || ::stat(candidate.c_str(), &st) != 0) {
      return std::nullopt;
    }
  }
  if (!S_ISREG(st.st_mode)) return std::nullopt;
  return candidate;
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

std::int64_t nanoseconds(const struct timespec& time) {
  return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 +
         static_cast<std::int64_t>(time.tv_nsec);
}

// Reads the open regular file `fd` whole from its start (`size` bytes by its status); nullopt on
// any error. A file that shrank while being read gives what is there.
std::optional<std::string> read_all(int fd, std::size_t size) {
  std::string data(size, '\0');
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::pread(fd, data.data() + done, data.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  data.resize(done);
  return data;
}

constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;  // a FIFO never blocks

// Opens `relative` strictly below the directory `root_fd` with no symlink on the way (openat2,
// RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS): one system call where resolving a name by hand takes
// one per component. The descriptor, or -errno: ENOENT and ENOTDIR say there is no such file;
// ELOOP or EXDEV that a symlink is in the way, ENOSYS or EPERM that the kernel (or a seccomp
// filter) does not offer openat2 -- the caller then resolves the name by hand.
int open_beneath(int root_fd, const std::string& relative) {
  open_how how{};
  how.flags = static_cast<std::uint64_t>(kOpenFlags);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
  return fd >= 0 ? static_cast<int>(fd) : -errno;
}

// Set once openat2 turns out to be missing or forbidden (ENOSYS, EPERM): every name then takes
// the careful path at once.
std::atomic<bool> no_openat2{false};

int open_beneath_or_note(int root_fd, const std::string& relative) {
  const int fd = open_beneath(root_fd, relative);
  if (fd == -ENOSYS || fd == -EPERM) no_openat2.store(true, std::memory_order_relaxed);
  return fd;
}

bool is_missing(int error) noexcept {
  return error == -ENOENT || error == -ENOTDIR;
}

}  // namespace

// A regular file, opened, with its status.
struct OpenedFile {
  std::shared_ptr<OpenFile> file;
  struct stat st {};
  std::string key;  // the cache's name for it
};

// A precompressed variant looked for next to a file: absent (no such regular file), present
// (opened, unless it could not be), or only to be told by resolving the name by hand (a symlink
// or another doubt on the way).
struct StaticFiles::VariantLookup {
  enum class State { absent, present, by_hand };
  State state = State::absent;
  std::optional<OpenedFile> opened;
};

namespace {

// The file `fd` with its status; nullopt (the descriptor closed) when it is not a regular file.
std::optional<OpenedFile> regular(int fd, std::string key) {
  OpenedFile opened{std::make_shared<OpenFile>(fd), {}, std::move(key)};
  if (::fstat(fd, &opened.st) != 0 || !S_ISREG(opened.st.st_mode)) return std::nullopt;
  return opened;
}

// The slow path: `path` is canonical and was checked to be inside the root, so a symlink in its
// last component can only be a swap since it was resolved: O_NOFOLLOW refuses it.
std::optional<OpenedFile> open_resolved(const fs::path& path) {
  const int fd = ::open(path.c_str(), kOpenFlags | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  return regular(fd, path.native());
}

// Why index.html cannot be served, answered 503 (without the path) and logged (with it): missing
// (the web root or the file is gone) or unreadable (permissions, not a regular file, I/O error).
Response index_unavailable(const fs::path& root) {
  const fs::path file = root / "index.html";
  struct stat st {};
  const int failed = ::stat(file.c_str(), &st) != 0 ? errno : 0;
  const bool missing = failed == ENOENT || failed == ENOTDIR;
  std::string reason = failed != 0            ? std::generic_category().message(failed)
                       : !S_ISREG(st.st_mode) ? std::string("not a regular file")
                                              : std::string("cannot be read");
  log::warn("web root " + root.string() + ": index.html: " + reason);
  Response response =
      Response::text(503, missing ? "The web app is not installed (index.html is missing)"
                                  : "The web app cannot be read from its web root");
  response.header("Cache-Control", "no-store");
  return response;
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
    if (ascii_iequals(mime.extension, extension)) return mime.type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root, ContentFilter index_filter,
                         StaticFilesOptions options)
    : root_(std::move(root)), index_filter_(std::move(index_filter)), options_(options) {}

Response StaticFiles::serve(const Request& request, std::string_view encoded_path) const {
  const std::optional<std::string> relative = safe_relative_path(encoded_path);
  if (!relative) return not_found();
  if (*relative == "index.html") return serve_index(request);
  if (no_openat2.load(std::memory_order_relaxed)) return serve_resolved(request, *relative);
  const int root_fd = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) return not_found();
  const OpenFile root(root_fd);
  const int fd = open_beneath_or_note(root_fd, *relative);
  if (is_missing(fd)) return not_found();
  if (fd < 0) return serve_resolved(request, *relative);
  const std::optional<OpenedFile> original =
      regular(fd, std::string(kBeneathKey).append(*relative));
  if (!original) return not_found();

  // A variant with a symlink on the way (or any other doubt) is for the resolution by hand.
  const auto find_beneath = [root_fd, &relative](std::string_view suffix) {
    VariantLookup lookup;
    const std::string name = *relative + std::string(suffix);
    const int variant_fd = open_beneath_or_note(root_fd, name);
    if (is_missing(variant_fd)) return lookup;
    if (variant_fd < 0) {
      lookup.state = VariantLookup::State::by_hand;
      return lookup;
    }
    lookup.opened = regular(variant_fd, std::string(kBeneathKey).append(name));
    if (lookup.opened) lookup.state = VariantLookup::State::present;
    return lookup;
  };
  return serve_representation(request, *relative, *original, mime_type(*relative), find_beneath);
}

Response StaticFiles::serve_resolved(const Request& request, const std::string& relative) const {
  const std::optional<Resolved> resolved = resolve_inside(root_, relative);
  if (!resolved) return not_found();
  const std::optional<OpenedFile> original = open_resolved(resolved->file);
  if (!original) return not_found();
  // A variant that is there counts for Vary even when it vanishes before it can be opened.
  const auto find_resolved = [&resolved](std::string_view suffix) {
    VariantLookup lookup;
    const std::optional<fs::path> path = variant_path(*resolved, suffix);
    if (!path) return lookup;
    lookup.state = VariantLookup::State::present;
    lookup.opened = open_resolved(*path);
    return lookup;
  };
  // Named after the file resolved: a symlink "alias.txt" to "app.js" is JavaScript.
  return serve_representation(request, relative, *original,
                              mime_type(resolved->file.filename().native()), find_resolved);
}

Response StaticFiles::serve_representation(const Request& request, const std::string& relative,
                                           const OpenedFile& original,
                                           std::string_view content_type,
                                           const VariantFinder& find_variant) const {
  const bool immutable = is_hashed_asset(relative);
  // The accepted variants first, in order of preference; those not accepted are looked for only
  // when the original is sent, to know whether it needs Vary.
  std::array<bool, kVariants.size()> looked_for{};
  bool has_variant = false;
  if (!options_.precompressed_variants) looked_for.fill(true);
  for (std::size_t i = 0; i < kVariants.size() && options_.precompressed_variants; ++i) {
    const Variant& variant = kVariants[i];
    if (!accepts(request, variant)) continue;
    looked_for[i] = true;
    const VariantLookup lookup = find_variant(variant.suffix);
    if (lookup.state == VariantLookup::State::by_hand) return serve_resolved(request, relative);
    if (lookup.state == VariantLookup::State::absent) continue;
    has_variant = true;
    // A variant that cannot be opened or read falls back to the next one, then the original.
    if (!lookup.opened) continue;
    if (const std::shared_ptr<const Entry> entry = load(*lookup.opened)) {
      return respond(request, *entry, lookup.opened->file, content_type, immutable, variant.coding,
                     true);
    }
  }
  for (std::size_t i = 0; i < kVariants.size() && !has_variant; ++i) {
    if (looked_for[i]) continue;
    const VariantLookup lookup = find_variant(kVariants[i].suffix);
    if (lookup.state == VariantLookup::State::by_hand) return serve_resolved(request, relative);
    has_variant = lookup.state == VariantLookup::State::present;
  }
  const std::shared_ptr<const Entry> entry = load(original);
  if (!entry) return not_found();
  return respond(request, *entry, original.file, content_type, immutable, {}, has_variant);
}

Response StaticFiles::serve_index(const Request& request) const {
  const std::optional<Resolved> resolved = resolve_inside(root_, "index.html");
  const std::optional<OpenedFile> opened =
      resolved ? open_resolved(resolved->file) : std::optional<OpenedFile>();
  const std::shared_ptr<const Entry> entry =
      opened ? load(*opened, index_filter_ ? &index_filter_ : nullptr) : nullptr;
  if (!entry) return index_unavailable(root_);
  return respond(request, *entry, nullptr, mime_type("index.html"), false, {}, false);
}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::load(const OpenedFile& opened,
                                                            const ContentFilter* filter) const {
  const struct stat& st = opened.st;
  // Filtered content is cached apart from the file's own bytes.
  const std::string key =
      filter != nullptr ? std::string(kFilteredKey).append(opened.key) : opened.key;
  const auto same_file = [&st](const Entry& entry) {
    return entry.device == st.st_dev && entry.inode == st.st_ino &&
           entry.size == static_cast<std::int64_t>(st.st_size) &&
           entry.mtime_ns == nanoseconds(st.st_mtim) && entry.ctime_ns == nanoseconds(st.st_ctim);
  };
  {
    const std::lock_guard lock(mutex_);
    const auto it = cache_index_.find(key);
    if (it != cache_index_.end() && same_file(*it->second->entry)) {
      cache_order_.splice(cache_order_.begin(), cache_order_, it->second);  // used just now
      return it->second->entry;
    }
  }
  std::optional<std::string> content =
      read_all(opened.file->fd(), static_cast<std::size_t>(st.st_size));
  if (!content) return nullptr;
  const bool complete = content->size() == static_cast<std::size_t>(st.st_size);
  if (filter != nullptr) *content = (*filter)(*content);
  auto fresh = std::make_shared<Entry>();
  fresh->device = st.st_dev;
  fresh->inode = st.st_ino;
  fresh->size = static_cast<std::int64_t>(st.st_size);
  fresh->mtime_ns = nanoseconds(st.st_mtim);
  fresh->ctime_ns = nanoseconds(st.st_ctim);
  fresh->whole_file = complete && filter == nullptr;
  fresh->etag = etag_of(*content);
  fresh->content = std::make_shared<const std::string>(std::move(*content));
  if (complete) remember(key, fresh);
  return fresh;
}

void StaticFiles::remember(const std::string& key, std::shared_ptr<const Entry> entry) const {
  const std::size_t bytes = entry->content->size();
  const std::lock_guard lock(mutex_);
  // What the key held is stale (or a copy another request read meanwhile): replaced either way.
  if (const auto it = cache_index_.find(key); it != cache_index_.end()) forget(it->second);
  if (bytes > options_.cache_bytes) return;
  cache_order_.push_front(Cached{key, std::move(entry), bytes});
  cache_index_.emplace(cache_order_.front().key, cache_order_.begin());
  cached_bytes_ += bytes;
  // The new entry fits alone, so it is never the one dropped.
  while (cached_bytes_ > options_.cache_bytes) forget(std::prev(cache_order_.end()));
}

void StaticFiles::forget(CacheOrder::iterator cached) const {
  cached_bytes_ -= cached->bytes;
  cache_index_.erase(cached->key);
  cache_order_.erase(cached);
}

std::size_t StaticFiles::cached_bytes() const {
  const std::lock_guard lock(mutex_);
  return cached_bytes_;
}

std::size_t StaticFiles::cached_entries() const {
  const std::lock_guard lock(mutex_);
  return cache_index_.size();
}

bool StaticFiles::is_cached(std::string_view relative) const {
  std::vector<std::string> keys;
  keys.push_back(std::string(kBeneathKey).append(relative));
  std::error_code ec;
  const fs::path resolved = fs::canonical(root_ / fs::path(relative), ec);
  if (!ec) {
    keys.push_back(resolved.native());
    keys.push_back(std::string(kFilteredKey).append(resolved.native()));
  }
  const std::lock_guard lock(mutex_);
  return std::any_of(keys.begin(), keys.end(),
                     [this](const std::string& key) { return cache_index_.contains(key); });
}

Response StaticFiles::respond(const Request& request, const Entry& entry,
                              const std::shared_ptr<OpenFile>& file, std::string_view content_type,
                              bool immutable, std::string_view content_encoding, bool vary) {
  const std::string_view cache_control = immutable ? kImmutable : kNoCache;
  Response response;
  if (none_match_hits(request.header("If-None-Match"), entry.etag)) {
    response = Response::empty(304);
    // Not sent on a 304, but it says which of the server's headers the representation carries.
    response.content_type = std::string(content_type);
  } else {
    response.content_type = std::string(content_type);
    response.shared_body = entry.content;
    // The descriptor was checked against the entry (same file, size and times) just now.
    if (entry.whole_file) response.file = file;
    if (!content_encoding.empty())
      response.header("Content-Encoding", std::string(content_encoding));
  }
  response.header("ETag", entry.etag).header("Cache-Control", std::string(cache_control));
  if (vary) response.header("Vary", "Accept-Encoding");
  return response;
}

}  // namespace lkm::http
