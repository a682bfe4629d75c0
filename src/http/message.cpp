#include "http/message.hpp"

#include <unistd.h>

#include "core/text.hpp"
#include "http/query.hpp"

namespace lkm::http {

OpenFile::~OpenFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string_view Request::header(std::string_view name) const {
  const auto it = raw_.find(name);
  return it == raw_.end() ? std::string_view() : std::string_view(it->value());
}

std::string joined_field(const RawRequest& raw, std::string_view name) {
  std::string joined;
  for (const auto& field : raw) {
    if (!ascii_iequals(field.name_string(), name) || field.value().empty()) continue;
    if (!joined.empty()) joined.append(", ");
    joined.append(field.value());
  }
  return joined;
}

std::optional<std::string> Request::param(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return percent_decode(value);
  }
  return std::nullopt;
}

Response Response::text(unsigned status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

Response Response::json(unsigned status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  return response;
}

Response Response::empty(unsigned status) {
  Response response;
  response.status = status;
  return response;
}

}  // namespace lkm::http
