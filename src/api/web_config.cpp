#include "api/web_config.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.hpp"
#include "http/static_files.hpp"

namespace lkm::api {
namespace {

bool is_html_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view prefix) noexcept {
  return text.size() - at >= prefix.size() && ascii_iequals(text.substr(at, prefix.size()), prefix);
}

// Position of the first "<name" tag at or after `from` (the name in any case, followed by
// whitespace, '/' or '>'), or npos.
std::size_t find_tag(std::string_view html, std::string_view name, std::size_t from = 0) {
  for (std::size_t i = html.find('<', from); i != std::string_view::npos;
       i = html.find('<', i + 1)) {
    const std::size_t after = i + 1 + name.size();
    if (after >= html.size()) return std::string_view::npos;
    if (starts_with_ci(html, i + 1, name) &&
        (is_html_space(html[after]) || html[after] == '/' || html[after] == '>')) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Position of the '>' that ends the tag starting at `start` (quoted attribute values may hold
// '>'), or npos.
std::size_t tag_end(std::string_view html, std::size_t start) {
  char quote = 0;
  for (std::size_t i = start + 1; i < html.size(); ++i) {
    const char c = html[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Position just past the opening <head> tag, or 0.
std::size_t after_head_tag(std::string_view html) {
  const std::size_t head = find_tag(html, "head");
  if (head == std::string_view::npos) return 0;
  const std::size_t close = tag_end(html, head);
  return close == std::string_view::npos ? 0 : close + 1;
}

// A path segment: every byte but the unreserved characters percent-encoded.
std::string url_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4U];
      out += kHex[byte & 0x0FU];
    }
  }
  return out;
}

std::string brand_url(std::string_view file) {
  return std::string(kBrandPath) + url_segment(file);
}

// One attribute of a tag: its name and value, and its text as written.
struct Attribute {
  std::string_view name;
  std::string_view value;
  std::string_view raw;
};

// The attributes between `from` and `end` (the tag's '>'); `rest` gets what follows the last one
// (whitespace, a '/').
std::vector<Attribute> parse_attributes(std::string_view html, std::size_t from, std::size_t end,
                                        std::size_t& rest) {
  std::vector<Attribute> out;
  std::size_t i = from;
  rest = from;
  while (i < end) {
    while (i < end && (is_html_space(html[i]) || html[i] == '/')) ++i;
    if (i >= end) break;
    const std::size_t start = i;
    while (i < end && !is_html_space(html[i]) && html[i] != '=' && html[i] != '>' &&
           (html[i] != '/' || i == start)) {
      ++i;
    }
    Attribute attribute;
    attribute.name = html.substr(start, i - start);
    std::size_t j = i;
    while (j < end && is_html_space(html[j])) ++j;
    if (j < end && html[j] == '=') {
      ++j;
      while (j < end && is_html_space(html[j])) ++j;
      if (j < end && (html[j] == '"' || html[j] == '\'')) {
        const char quote = html[j];
        const std::size_t close = std::min(html.find(quote, j + 1), end);
        attribute.value = html.substr(j + 1, close - j - 1);
        i = std::min(close + 1, end);
      } else {
        const std::size_t value_start = j;
        while (j < end && !is_html_space(html[j])) ++j;
        attribute.value = html.substr(value_start, j - value_start);
        i = j;
      }
    }
    attribute.raw = html.substr(start, i - start);
    out.push_back(attribute);
    rest = i;
  }
  return out;
}

// Whether a rel attribute's space-separated tokens hold "icon".
bool is_icon_rel(std::string_view rel) {
  std::size_t i = 0;
  while (i < rel.size()) {
    while (i < rel.size() && is_html_space(rel[i])) ++i;
    const std::size_t start = i;
    while (i < rel.size() && !is_html_space(rel[i])) ++i;
    if (ascii_iequals(rel.substr(start, i - start), "icon")) return true;
  }
  return false;
}

// The <title> text replaced with `title` (escaped).
std::string with_title(std::string html, std::string_view title) {
  const std::size_t open = find_tag(html, "title");
  if (open == std::string::npos) return html;
  const std::size_t open_end = tag_end(html, open);
  if (open_end == std::string::npos) return html;
  std::size_t close = open_end + 1;
  for (; close < html.size(); ++close) {
    if (html[close] == '<' && starts_with_ci(html, close + 1, "/title")) break;
  }
  if (close >= html.size()) return html;
  html.replace(open_end + 1, close - open_end - 1, html_attribute_escape(title));
  return html;
}

// Each <link rel="icon" ...> pointing at `href`, of media type `type`.
std::string with_favicon(std::string_view html, std::string_view href, std::string_view type) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = find_tag(html, "link"); at != std::string_view::npos;
       at = find_tag(html, "link", at + 1)) {
    const std::size_t end = tag_end(html, at);
    if (end == std::string_view::npos) break;
    std::size_t rest = 0;
    const auto attributes = parse_attributes(html, at + 5, end, rest);
    const bool icon = std::any_of(attributes.begin(), attributes.end(), [](const Attribute& a) {
      return ascii_iequals(a.name, "rel") && is_icon_rel(a.value);
    });
    if (!icon) continue;
    std::string tag = "<link";
    bool has_href = false;
    bool has_type = false;
    for (const auto& attribute : attributes) {
      const bool is_href = ascii_iequals(attribute.name, "href");
      const bool is_type = ascii_iequals(attribute.name, "type");
      if ((is_href && has_href) || (is_type && has_type)) continue;  // a repeated one is dropped
      tag += ' ';
      if (is_href) {
        has_href = true;
        tag += "href=\"" + html_attribute_escape(href) + "\"";
      } else if (is_type) {
        has_type = true;
        tag += "type=\"" + html_attribute_escape(type) + "\"";
      } else {
        tag += attribute.raw;
      }
    }
    if (!has_type) tag += " type=\"" + html_attribute_escape(type) + "\"";
    if (!has_href) tag += " href=\"" + html_attribute_escape(href) + "\"";
    tag += html.substr(rest, end + 1 - rest);
    out.append(html.substr(copied, at - copied));
    out += tag;
    copied = end + 1;
  }
  out.append(html.substr(copied));
  return out;
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
  const Brand& brand = config.brand;
  boost::json::object brand_json;
  brand_json["productName"] = brand.product_name;
  const auto optional = [&brand_json](std::string_view key, const std::string& value) {
    if (!value.empty()) brand_json[key] = value;
  };
  optional("logoUrl", brand.logo.empty() ? std::string() : brand_url(brand.logo));
  optional("faviconUrl", brand.favicon.empty() ? std::string() : brand_url(brand.favicon));
  optional("accentColor", brand.accent_color);
  optional("welcome", brand.welcome);
  optional("privacyUrl", brand.privacy_url);
  optional("legalUrl", brand.legal_url);
  optional("supportUrl", brand.support_url);
  boost::json::object json;
  json["basePath"] = config.base_path;
  json["aloneTimeout"] = config.alone_timeout_seconds;
  json["defaultLanguage"] = config.default_language;
  json["brand"] = std::move(brand_json);
  return boost::json::serialize(json);
}

std::string inject_web_config(std::string_view html, const WebConfig& config) {
  std::string page = with_title(std::string(html), config.brand.product_name);
  if (!config.brand.favicon.empty()) {
    page =
        with_favicon(page, brand_url(config.brand.favicon), http::mime_type(config.brand.favicon));
  }
  const std::string tags = "<base href=\"" + html_attribute_escape(config.base_path) +
                           "/\"><meta name=\"livekit-meet-config\" content=\"" +
                           html_attribute_escape(web_config_json(config)) + "\">";
  const std::size_t at = after_head_tag(page);
  page.insert(at, tags);
  return page;
}

}  // namespace lkm::api
