#include "http/content_coding.hpp"

#include <boost/beast/http/field.hpp>

#include "core/text.hpp"

namespace lkm::http {

std::optional<bool> positive_qvalue(std::string_view q) noexcept {
  if (q.empty() || (q.front() != '0' && q.front() != '1')) return std::nullopt;
  const bool one = q.front() == '1';
  q.remove_prefix(1);
  if (q.empty()) return one;
  if (q.front() != '.' || q.size() > 4) return std::nullopt;
  bool nonzero = false;
  for (const char c : q.substr(1)) {
    if (c < '0' || c > '9' || (one && c != '0')) return std::nullopt;
    nonzero = nonzero || c != '0';
  }
  return one || nonzero;
}

bool accepts(const Request& request, const Variant& variant) {
  std::optional<bool> named;
  std::optional<bool> any;
  auto merge = [](std::optional<bool>& slot, bool allowed) {
    slot = slot.value_or(true) && allowed;
  };
  for (const auto& field : request.raw()) {
    if (field.name() != boost::beast::http::field::accept_encoding) continue;
    std::string_view list = field.value();
    for (;;) {
      const std::size_t comma = list.find(',');
      const std::string_view element = list.substr(0, comma);
      const std::size_t semicolon = element.find(';');
      const std::string_view name = trim_ows(element.substr(0, semicolon));
      std::optional<bool> allowed = true;
      std::string_view parameters =
          semicolon == std::string_view::npos ? std::string_view() : element.substr(semicolon + 1);
      while (!parameters.empty() && allowed) {
        const std::size_t next = parameters.find(';');
        const std::string_view parameter = parameters.substr(0, next);
        parameters =
            next == std::string_view::npos ? std::string_view() : parameters.substr(next + 1);
        const std::size_t equals = parameter.find('=');
        if (equals != std::string_view::npos &&
            ascii_iequals(trim_ows(parameter.substr(0, equals)), "q")) {
          allowed = positive_qvalue(trim_ows(parameter.substr(equals + 1)));
        }
      }
      if (allowed && !name.empty()) {
        if (ascii_iequals(name, variant.coding) ||
            (!variant.alias.empty() && ascii_iequals(name, variant.alias))) {
          merge(named, *allowed);
        } else if (name == "*") {
          merge(any, *allowed);
        }
      }
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return named.value_or(any.value_or(false));
}

}  // namespace lkm::http
