#pragma once
// StaticFiles: serves the front end's files from a web root.
// Never outside the root: the path is percent-decoded once, then refused if it holds "..", a
// backslash, a NUL, an encoded or doubled slash, a dot-file segment, or resolves (symlinks
// included) outside the root. Misses are 404 with a fixed body that does not echo the path.
// Caching: ETag (content hash) with If-None-Match -> 304; hashed asset names ("name-HASH.ext"
// under assets/) get "public, max-age=31536000, immutable", everything else "no-cache".
// Content is read from disk and cached in memory, revalidated by size, mtime and ctime (so a chmod
// counts) on each request; a web root that disappears at run time yields 404 for files, never a
// crash, and 503 for the index (the app's pages) saying whether it is missing or cannot be read
// (logged as a warning). Precompressed variants: for a file other than index.html, "<file>.br"
// (then "<file>.gz") next to the resolved file is served instead with Content-Encoding br (gzip)
// when the request's Accept-Encoding allows that coding and the variant is a regular file inside
// the root (a symlinked variant is followed only when its target stays inside). Content-Type and
// Cache-Control are the original's; the ETag is the variant's own content hash, so it differs per
// encoding. Any file with a variant gets "Vary: Accept-Encoding". A variant requested by its own
// name ("/x.js.br") is a plain file (application/octet-stream, no Content-Encoding).
#include <filesystem>
#include <functional>
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

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root, ContentFilter index_filter = {});

  // `encoded_path` is the route path, e.g. "/assets/index-AbC123xy.js" (still percent-encoded).
  [[nodiscard]] Response serve(const Request& request, std::string_view encoded_path) const;
  // index.html through the index filter, never cached (Cache-Control: no-cache), with ETag.
  // "/index.html" requested through serve() is answered the same way.
  [[nodiscard]] Response serve_index(const Request& request) const;

  [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }

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
  std::filesystem::path root_;
  ContentFilter index_filter_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const Entry>> cache_;
};

}  // namespace lkm::http
