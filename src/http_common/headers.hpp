#pragma once
// What the HTTP server and the HTTP client both speak: header fields as (name, value) pairs, sent
// in order as given.
#include <string>
#include <utility>
#include <vector>

namespace lkm::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

}  // namespace lkm::http
