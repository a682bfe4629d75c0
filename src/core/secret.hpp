#pragma once
// Secret: holds a credential and never prints it. Reading the value needs an explicit reveal().
#include <ostream>
#include <string>
#include <string_view>

namespace lkm {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  [[nodiscard]] std::string_view reveal() const noexcept { return value_; }
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return value_.size(); }

  friend std::ostream& operator<<(std::ostream& out, const Secret& /*secret*/) {
    return out << "***";
  }

 private:
  std::string value_;
};

}  // namespace lkm
