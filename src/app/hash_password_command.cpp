#include <iostream>
#include <string>

#include "app/commands.hpp"
#include "auth/password_hash.hpp"
#include "core/text.hpp"
#include "services/random.hpp"

namespace lkm::cli {

int hash_password() {
  constexpr std::size_t kMaxPasswordBytes = 1024;
  std::string password;
  password.resize(kMaxPasswordBytes + 2);
  std::cin.read(password.data(), static_cast<std::streamsize>(password.size()));
  password.resize(static_cast<std::size_t>(std::cin.gcount()));
  // The first line; a trailing "\n" or "\r\n" is not part of the password.
  if (const auto newline = password.find('\n'); newline != std::string::npos) {
    password.resize(newline);
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() > kMaxPasswordBytes) {
    std::cerr << "livekit-meet: the password is longer than 1024 bytes\n";
    return 1;
  }
  if (password.size() < 8 || !is_valid_utf8(password) || has_control_chars(password)) {
    std::cerr << "livekit-meet: give a password of at least 8 characters, without control "
                 "characters, on standard input\n";
    return 1;
  }
  std::cout << auth::hash_password(password, services::random_lower_alnum(22)) << "\n";
  return 0;
}

}  // namespace lkm::cli
