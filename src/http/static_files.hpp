#pragma once
// StaticFiles: serves the front end's files from a web root.
// Never outside the root: the path is percent-decoded once, then refused if it holds "..", a
// backslash, a NUL, an encoded or doubled slash, a dot-file segment, or resolves (symlinks
// included) outside the root. Misses are 404 with a fixed body that does not echo the path.
// Caching: ETag (content hash) with If-None-Match -> 304; hashed asset names ("name-HASH.ext"
// under assets/) get "public, max-age=31536000, immutable", everything else "no-cache".
// Content is read from disk and cached in memory, revalidated by size, mtime and ctime (so a chmod
// counts) on each request. The cache holds at most StaticFilesOptions::cache_bytes of content,
// dropping the least recently used files first; a file larger than that is read for each request
// and never cached. One StaticFiles serves every thread: its cache is behind a mutex. A web root
// that disappears at run time yields 404 for files, never a crash, and 503 for the index (the app's
// pages) saying whether it is missing or cannot be read (logged as a warning). Precompressed
// variants: for a file other than index.html, "<file>.br" (then "<file>.gz") next to the resolved
// file is served instead with Content-Encoding br (gzip) when the request's Accept-Encoding allows
// that coding and the variant is a regular file inside the root (a symlinked variant is followed
// only when its target stays inside). Content-Type and Cache-Control are the original's; the ETag
// is the variant's own content hash, so it differs per encoding. Any file with a variant gets
// "Vary: Accept-Encoding". A variant requested by its own name ("/x.js.br") is a plain file
// (application/octet-stream, no Content-Encoding).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.hpp"

namespace lkm::http {

// MIME type by extension (js, mjs, css, html, wasm, svg, png, jpg, ico, woff2, json, txt, map,
// ...); application/octet-stream otherwise.
[[nodiscard]] std::string_view mime_type(std::string_view file_name) noexcept;

// Rewrites index.html once per change of the file (e.g. to inject run-time settings); the ETag is
// that of the rewritten content.
using ContentFilter = std::function<std::string(std::string_view)>;

struct OpenedFile;

struct StaticFilesOptions {
  // The most content (file bytes, or index.html's filtered bytes) the cache holds at once.
  std::size_t cache_bytes = std::size_t{64} * 1024 * 1024;
  // Whether a file's precompressed siblings (name.br, name.gz) are sent to clients that accept
  // them; off, exactly the named file is served.
  bool precompressed_variants = true;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root, ContentFilter index_filter = {},
                       StaticFilesOptions options = {});

  // `encoded_path` is the route path, e.g. "/assets/index-AbC123xy.js" (still percent-encoded).
  [[nodiscard]] Response serve(const Request& request, std::string_view encoded_path) const;
  // index.html through the index filter, never cached (Cache-Control: no-cache), with ETag.
  // "/index.html" requested through serve() is answered the same way.
  [[nodiscard]] Response serve_index(const Request& request) const;

  [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }
  [[nodiscard]] const StaticFilesOptions& options() const noexcept { return options_; }

  // The cache as it stands, for tests and diagnostics; none of these counts as a use.
  [[nodiscard]] std::size_t cached_bytes() const;
  [[nodiscard]] std::size_t cached_entries() const;
  // Whether the content of `relative` (below the root, e.g. "assets/app.js") is cached, under
  // either way of finding it (openat2 or resolved by hand, the index filter's result included).
  [[nodiscard]] bool is_cached(std::string_view relative) const;

 private:
  struct Entry;
  struct VariantLookup;
  // Looks for "<file><suffix>", the way the file itself was found.
  using VariantFinder = std::function<VariantLookup(std::string_view suffix)>;
  // serve() for a name with a symlink on the way (or without openat2): resolved by hand.
  [[nodiscard]] Response serve_resolved(const Request& request, const std::string& relative) const;
  // The one path from an opened file to its response, whichever way it was found: the most
  // preferred precompressed variant the request accepts and that can be read, else `original`
  // (with Vary when it has any variant). A variant lookup that needs the resolution by hand sends
  // the whole request there.
  [[nodiscard]] Response serve_representation(const Request& request, const std::string& relative,
                                              const OpenedFile& original,
                                              std::string_view content_type,
                                              const VariantFinder& find_variant) const;
  // The cached content of the opened regular file (through `filter` when given), read again when
  // it is another file or its size, mtime or ctime changed; nullptr when it cannot be read.
  [[nodiscard]] std::shared_ptr<const Entry> load(const OpenedFile& opened,
                                                  const ContentFilter* filter = nullptr) const;
  // 200 with the entry's content (and `file` for sendfile when they are the same bytes), or 304
  // when If-None-Match holds its ETag.
  [[nodiscard]] static Response respond(const Request& request, const Entry& entry,
                                        const std::shared_ptr<OpenFile>& file,
                                        std::string_view content_type, bool immutable,
                                        std::string_view content_encoding, bool vary);
  // Keeps `entry` under `key` as the most recently used, replacing what `key` held, then drops the
  // least recently used entries until the cache is within its bound; an entry larger than the
  // bound is not kept (and `key` then holds nothing).
  void remember(const std::string& key, std::shared_ptr<const Entry> entry) const;

  // A cached entry; `key` is its name in `cache_index_`.
  struct Cached {
    std::string key;
    std::shared_ptr<const Entry> entry;
    std::size_t bytes = 0;
  };
  using CacheOrder = std::list<Cached>;
  void forget(CacheOrder::iterator cached) const;  // with mutex_ held

  std::filesystem::path root_;
  ContentFilter index_filter_;
  StaticFilesOptions options_;
  // Requests on every thread share the cache: the three members below are mutex_'s.
  mutable std::mutex mutex_;
  mutable CacheOrder cache_order_;  // the most recently used first
  mutable std::unordered_map<std::string_view, CacheOrder::iterator> cache_index_;
  mutable std::size_t cached_bytes_ = 0;
};

}  // namespace lkm::http
