#include "api/web_config.hpp"

#include <algorithm>
#include <cctype>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace lkm::api {
namespace {

// Position just past the opening <head> tag, or 0.
std::size_t after_head_tag(std::string_view html) {
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    if (html.size() - i < 6) break;
    const auto name = html.substr(i + 1, 4);
    const bool is_head = std::equal(name.begin(), name.end(), "head", [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) == b;
    });
    const char next = html[i + 5];
    if (is_head && (next == '>' || next == ' ' || next == '\t' || next == '\n' || next == '\r')) {
      const auto close = html.find('>', i);
      return close == std::string_view::npos ? 0 : close + 1;
    }
  }
  return 0;
}

}  // namespace

std::string html_attribute_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string web_config_json(const WebConfig& config) {
  boost::json::object json;
  json["basePath"] = config.base_path;
  json["aloneTimeout"] = config.alone_timeout_seconds;
  return boost::json::serialize(json);
}

std::string inject_web_config(std::string_view html, const WebConfig& config) {
  const std::string tags = "<base href=\"" + html_attribute_escape(config.base_path) +
                           "/\"><meta name=\"livekit-meet-config\" content=\"" +
                           html_attribute_escape(web_config_json(config)) + "\">";
  const std::size_t at = after_head_tag(html);
  std::string out;
  out.reserve(html.size() + tags.size());
  out.append(html.substr(0, at));
  out.append(tags);
  out.append(html.substr(at));
  return out;
}

}  // namespace lkm::api
