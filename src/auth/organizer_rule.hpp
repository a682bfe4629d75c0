#pragma once
// Who, among the people an OpenID Connect provider signs in, may organise (create rooms with a
// host): `--oidc-organizers`.
//   any                               everyone who signs in
//   email-domain:example.org[,…]      a verified email address at one of these domains (exactly
//                                     the domain, case aside: not its subdomains)
//   claim:<name>=<value>              the ID token's claim <name> is <value>, or an array holding
//                                     it (groups=meet-organizers)
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "auth/id_token.hpp"
#include "core/result.hpp"

namespace lkm::auth {

struct AnyoneSignedIn {};

struct EmailDomains {
  std::vector<std::string> domains;  // lowercase, without "@"
};

struct ClaimEquals {
  std::string name;
  std::string value;
};

using OrganizerRule = std::variant<AnyoneSignedIn, EmailDomains, ClaimEquals>;

// The rule a setting's text states, or why it states none (for people, naming the text's fault).
[[nodiscard]] Result<OrganizerRule, std::string> parse_organizer_rule(std::string_view text);

// The rule as `config check` prints it, which parse_organizer_rule reads back to the same rule.
[[nodiscard]] std::string to_string(const OrganizerRule& rule);

// Whether the person these validated claims describe may organise.
[[nodiscard]] bool admits(const OrganizerRule& rule, const IdTokenClaims& claims);

}  // namespace lkm::auth
