#include "auth/organizer_rule.hpp"

#include <algorithm>
#include <cctype>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

namespace lkm::auth {
namespace {

constexpr std::size_t kMaxRuleBytes = 1024;
constexpr std::string_view kEmailDomain = "email-domain:";
constexpr std::string_view kClaim = "claim:";

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A DNS name as email addresses carry it: labels of letters, digits and inner hyphens, at least
// two of them, none longer than 63, the whole at most 253.
bool is_domain(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t labels = 0;
  while (true) {
    const std::size_t dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    const bool plain = std::ranges::all_of(
        label, [](unsigned char c) { return (std::isalnum(c) != 0) || c == '-'; });
    if (!plain) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return labels >= 2;
}

// A claim name: printable ASCII without "=" or spaces (namespaced claims are URLs).
bool is_claim_name(std::string_view name) {
  return !name.empty() && name.size() <= 256 && std::ranges::all_of(name, [](unsigned char c) {
    return c > 0x20 && c < 0x7f && c != '=';
  });
}

bool has_control(std::string_view text) {
  return std::ranges::any_of(text, [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

Result<OrganizerRule, std::string> parse_domains(std::string_view list) {
  EmailDomains rule;
  while (true) {
    const std::size_t comma = list.find(',');
    std::string domain = lowercase(trim(list.substr(0, comma)));
    if (!domain.empty() && domain.front() == '@') domain.erase(0, 1);
    if (!is_domain(domain)) {
      return fail(std::string("email-domain: \"") + domain +
                  "\" is not a domain name (like example.org)");
    }
    if (std::ranges::find(rule.domains, domain) == rule.domains.end()) {
      rule.domains.push_back(std::move(domain));
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return OrganizerRule(std::move(rule));
}

Result<OrganizerRule, std::string> parse_claim(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    return fail(std::string("claim: needs a name and a value, as claim:groups=meet-organizers"));
  }
  const std::string_view name = trim(text.substr(0, equals));
  const std::string_view value = trim(text.substr(equals + 1));
  if (!is_claim_name(name)) {
    return fail(std::string("claim: \"") + std::string(name) +
                "\" is not a claim name (printable, without spaces or \"=\")");
  }
  if (value.empty() || has_control(value)) {
    return fail(std::string("claim:") + std::string(name) +
                "= needs a value without control characters");
  }
  return OrganizerRule(ClaimEquals{std::string(name), std::string(value)});
}

bool claim_matches(const boost::json::value& claim, std::string_view value) {
  if (const auto* text = claim.if_string()) return *text == value;
  if (const auto* list = claim.if_array()) {
    return std::ranges::any_of(*list, [&](const boost::json::value& item) {
      const auto* text = item.if_string();
      return text != nullptr && *text == value;
    });
  }
  return false;
}

}  // namespace

Result<OrganizerRule, std::string> parse_organizer_rule(std::string_view text) {
  text = trim(text);
  if (text.size() > kMaxRuleBytes) return fail(std::string("the rule is longer than 1024 bytes"));
  if (text == "any") return OrganizerRule(AnyoneSignedIn{});
  if (text.starts_with(kEmailDomain)) return parse_domains(text.substr(kEmailDomain.size()));
  if (text.starts_with(kClaim)) return parse_claim(text.substr(kClaim.size()));
  return fail(
      std::string("must be any, email-domain:<domain>[,<domain>…] or claim:<name>=<value>"));
}

std::string to_string(const OrganizerRule& rule) {
  if (std::holds_alternative<AnyoneSignedIn>(rule)) return "any";
  if (const auto* domains = std::get_if<EmailDomains>(&rule)) {
    std::string out(kEmailDomain);
    for (std::size_t i = 0; i < domains->domains.size(); ++i) {
      if (i > 0) out += ',';
      out += domains->domains[i];
    }
    return out;
  }
  const auto& claim = std::get<ClaimEquals>(rule);
  return std::string(kClaim) + claim.name + "=" + claim.value;
}

bool admits(const OrganizerRule& rule, const IdTokenClaims& claims) {
  if (std::holds_alternative<AnyoneSignedIn>(rule)) return true;
  if (const auto* domains = std::get_if<EmailDomains>(&rule)) {
    // Only an address the provider vouches for: anyone may type any address into a profile.
    if (!claims.email_verified) return false;
    const std::size_t at = claims.email.rfind('@');
    if (at == std::string::npos || at == 0) return false;
    const std::string domain = lowercase(std::string_view(claims.email).substr(at + 1));
    return std::ranges::find(domains->domains, domain) != domains->domains.end();
  }
  const auto& claim = std::get<ClaimEquals>(rule);
  const auto* value = claims.payload.if_contains(claim.name);
  return value != nullptr && claim_matches(*value, claim.value);
}

}  // namespace lkm::auth
