#pragma once
// PgListener: a thread with its own connection that LISTENs on one channel and hands each
// notification's payload to a callback. A lost connection is replaced (after 1 s, then up to
// 30 s between attempts); the destructor stops the thread within about a second.
#include <functional>
#include <string>
#include <thread>

#include "core/secret.hpp"

namespace lkm::store {

class PgListener {
 public:
  using Callback = std::function<void(const std::string& payload)>;
  PgListener(Secret conninfo, std::string channel, Callback callback);
  ~PgListener();
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

 private:
  void run(const std::stop_token& stop);

  Secret conninfo_;
  std::string channel_;
  Callback callback_;
  std::jthread thread_;  // last: started once the members above exist
};

}  // namespace lkm::store
