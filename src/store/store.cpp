#include "store/store.hpp"

#include "store/access.hpp"

namespace lkm::store {

const char* to_string(StoreError::Code code) noexcept {
  switch (code) {
    case StoreError::Code::unavailable: return "unavailable";
    case StoreError::Code::corrupt: return "corrupt";
    case StoreError::Code::full: return "full";
    case StoreError::Code::invalid: return "invalid";
  }
  return "unknown";
}

const char* to_string(TicketStatus status) noexcept {
  switch (status) {
    case TicketStatus::waiting: return "waiting";
    case TicketStatus::admitted: return "admitted";
    case TicketStatus::denied: return "denied";
    case TicketStatus::used: return "used";
  }
  return "waiting";
}

std::optional<TicketStatus> ticket_status_from(std::string_view text) noexcept {
  for (const auto status :
       {TicketStatus::waiting, TicketStatus::admitted, TicketStatus::denied, TicketStatus::used}) {
    if (text == to_string(status)) return status;
  }
  return std::nullopt;
}

}  // namespace lkm::store
