#include "auth/json_numbers.hpp"

#include <cmath>
#include <vector>

namespace lkm::auth {

bool numbers_finite(const boost::json::value& value) {
  // A stack of its own: nesting is bounded by the parser's depth limit, but not by recursion.
  std::vector<const boost::json::value*> pending{&value};
  while (!pending.empty()) {
    const boost::json::value* next = pending.back();
    pending.pop_back();
    if (next->is_double() && !std::isfinite(next->get_double())) return false;
    if (next->is_array()) {
      for (const auto& item : next->get_array()) pending.push_back(&item);
    } else if (next->is_object()) {
      for (const auto& member : next->get_object()) pending.push_back(&member.value());
    }
  }
  return true;
}

}  // namespace lkm::auth
