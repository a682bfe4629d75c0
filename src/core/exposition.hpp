#pragma once
// Exposition: writes metric families in Prometheus' text exposition format 0.0.4.
// A family is announced once (`# HELP`, `# TYPE`) and followed by its samples. Label values are
// escaped as the format requires (backslash, double quote and line feed); HELP texts escape
// backslash and line feed. Integers are written exactly, other numbers in their shortest form
// that reads back as the same double (plain decimals from 1e-6 to 1e15: "0.0005", "10";
// exponents beyond), infinities as +Inf / -Inf.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace lkm::metrics {

inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

struct Label {
  std::string_view name;
  std::string_view value;
};

class Exposition {
 public:
  // `type` is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, std::span<const Label> labels, std::uint64_t value);
  void sample(std::string_view name, std::span<const Label> labels, double value);
  void sample(std::string_view name, std::initializer_list<Label> labels, std::uint64_t value) {
    sample(name, std::span<const Label>(labels.begin(), labels.size()), value);
  }
  void sample(std::string_view name, std::initializer_list<Label> labels, double value) {
    sample(name, std::span<const Label>(labels.begin(), labels.size()), value);
  }

  [[nodiscard]] const std::string& text() const noexcept { return out_; }
  [[nodiscard]] std::string take() noexcept { return std::move(out_); }

 private:
  void begin_sample(std::string_view name, std::span<const Label> labels);
  std::string out_;
};

// `value` with \ -> \\, " -> \", line feed -> \n.
void append_label_value(std::string& out, std::string_view value);
// A sample value or bucket bound, as above.
void append_number(std::string& out, double value);

}  // namespace lkm::metrics
