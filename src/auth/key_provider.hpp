#pragma once
// KeyProvider: API key -> secret, as the LiveKit server's key file holds several pairs.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/secret.hpp"

namespace lkm::auth {

class KeyProvider {
 public:
  KeyProvider() = default;
  KeyProvider(std::string key, Secret secret) { add(std::move(key), std::move(secret)); }

  void add(std::string key, Secret secret) {
    keys_.insert_or_assign(std::move(key), std::move(secret));
  }
  [[nodiscard]] const Secret* find(std::string_view key) const {
    const auto it = keys_.find(key);
    return it == keys_.end() ? nullptr : &it->second;
  }
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }

 private:
  std::map<std::string, Secret, std::less<>> keys_;
};

}  // namespace lkm::auth
