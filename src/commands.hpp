#pragma once
// The programs behind each subcommand, once the command line is parsed.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/tls.hpp"

namespace lkm::cli {

[[nodiscard]] int serve(const config::ServeFlags& flags, const config::TlsFlags& tls_flags);

struct TokenCreateFlags {
  std::optional<std::string> room;
  std::optional<std::string> identity;
  std::optional<std::string> name;
  std::optional<std::string> metadata;
  std::optional<std::string> ttl;
  std::optional<std::string> grant_json;
  std::optional<std::string> api_secret_file;
  bool join = false;
  bool list = false;
  bool admin = false;
  bool record = false;
  bool create = false;
};
[[nodiscard]] int token_create(const TokenCreateFlags& flags);

// `token` is the JWT, or "-" to read it from standard input.
[[nodiscard]] int token_verify(const std::string& token,
                               const std::optional<std::string>& api_secret_file);

// Reads a password (the first line of standard input) and prints its PBKDF2 hash.
[[nodiscard]] int hash_password();

}  // namespace lkm::cli
