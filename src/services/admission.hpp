#pragma once
// Admission: the waiting room of a hosted room. A guest who must wait gets a ticket; its long poll
// waits for the host's decision (woken by AdmissionSignals, looking at the store at least every
// second because another instance may decide); the host sees the queue and admits or denies. An
// admitted ticket is used once: its token is handed out to exactly one poll.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/admission_signals.hpp"
#include "services/hosted_rooms.hpp"

namespace lkm::services {

class Admission {
 public:
  Admission(const HostedRooms& rooms, std::shared_ptr<AdmissionSignals> signals);

  // A new place in the queue of `room` for a guest, keeping its identity's postfix. Returns the
  // ticket.
  [[nodiscard]] Call<std::string> enqueue(std::string room, std::string participant_name,
                                          std::string postfix) const;

  struct Outcome {
    enum class Kind { waiting, admitted };
    Kind kind = Kind::waiting;
    store::WaitingTicket ticket;  // admitted: whose token to mint (now used)
  };
  // Waits up to `wait` for the host's decision. denied, ticket_used, room_locked (the ticket stays
  // admitted), not_found, or conflict when a newer poll of the same ticket took over.
  [[nodiscard]] Call<Outcome> await_decision(std::string room, std::string ticket,
                                             std::chrono::seconds wait) const;

  // The guests still waiting (the host's view).
  [[nodiscard]] Call<std::vector<store::WaitingTicket>> waiting(
      std::string room, std::optional<std::string> host_hash) const;
  // Admits (`decision` admitted) or denies a waiting guest; wakes its poll.
  [[nodiscard]] Call<Done> decide(std::string room, std::optional<std::string> host_hash,
                                  std::string ticket, store::TicketStatus decision) const;
  [[nodiscard]] AdmissionSignals& signals() const noexcept { return *signals_; }

  static constexpr std::chrono::seconds kMaxWait{25};
  static constexpr std::chrono::milliseconds kRecheck{1000};

 private:
  [[nodiscard]] Call<Outcome> admitted(store::WaitingTicket ticket) const;

  const HostedRooms* rooms_;
  std::shared_ptr<AdmissionSignals> signals_;
};

}  // namespace lkm::services
