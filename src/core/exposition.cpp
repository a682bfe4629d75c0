#include "core/exposition.hpp"

#include <charconv>
#include <cmath>

namespace lkm::metrics {

void append_label_value(std::string& out, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out.push_back(c);
    }
  }
}

void append_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    // Plain decimals where they stay short ("0.0005", "10"), exponents beyond.
    char buffer[64];
    const double magnitude = std::fabs(value);
    const bool plain = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15);
    const auto result =
        plain ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
              : std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
  }
}

void Exposition::family(std::string_view name, std::string_view type, std::string_view help) {
  out_.append("# HELP ").append(name).push_back(' ');
  for (const char c : help) {
    if (c == '\\') {
      out_ += "\\\\";
    } else if (c == '\n') {
      out_ += "\\n";
    } else {
      out_.push_back(c);
    }
  }
  out_.append("\n# TYPE ").append(name).append(" ").append(type).push_back('\n');
}

void Exposition::begin_sample(std::string_view name, std::span<const Label> labels) {
  out_.append(name);
  if (!labels.empty()) {
    out_.push_back('{');
    bool first = true;
    for (const Label& label : labels) {
      if (!first) out_.push_back(',');
      first = false;
      out_.append(label.name).append("=\"");
      append_label_value(out_, label.value);
      out_.push_back('"');
    }
    out_.push_back('}');
  }
  out_.push_back(' ');
}

void Exposition::sample(std::string_view name, std::span<const Label> labels, std::uint64_t value) {
  begin_sample(name, labels);
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, result.ptr).push_back('\n');
}

void Exposition::sample(std::string_view name, std::span<const Label> labels, double value) {
  begin_sample(name, labels);
  append_number(out_, value);
  out_.push_back('\n');
}

}  // namespace lkm::metrics
