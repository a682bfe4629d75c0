#include "http/connection_limits.hpp"

#include <functional>
#include <string_view>

namespace lkm::http {

namespace ip = boost::asio::ip;

ip::address unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

ConnectionsPerClient::Key ConnectionsPerClient::key_of(const ip::address& client) {
  if (client.is_v4()) return ip::make_address_v6(ip::v4_mapped, client.to_v4()).to_bytes();
  return client.to_v6().to_bytes();
}

std::size_t ConnectionsPerClient::KeyHash::operator()(const Key& key) const noexcept {
  return std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
}

bool ConnectionsPerClient::try_add(const ip::address& client) {
  if (limit_ == 0) return true;
  const Key key = key_of(client);
  const std::lock_guard lock(mutex_);
  std::size_t& count = counts_[key];
  if (count >= limit_) return false;
  ++count;
  return true;
}

void ConnectionsPerClient::remove(const ip::address& client) {
  if (limit_ == 0) return;
  const Key key = key_of(client);
  const std::lock_guard lock(mutex_);
  const auto found = counts_.find(key);
  if (found == counts_.end()) return;
  if (--found->second == 0) counts_.erase(found);
}

std::size_t ConnectionsPerClient::count(const ip::address& client) const {
  const Key key = key_of(client);
  const std::lock_guard lock(mutex_);
  const auto found = counts_.find(key);
  return found == counts_.end() ? 0 : found->second;
}

std::size_t ConnectionsPerClient::clients() const {
  const std::lock_guard lock(mutex_);
  return counts_.size();
}

void RefusalLog::add(metrics::Refusal reason, std::string_view client) {
  if (reason == metrics::Refusal::per_client) {
    ++over_client_;
    latest_client_.assign(client);
  } else {
    ++over_total_;
  }
}

std::optional<std::string> RefusalLog::take(Clock::time_point now) {
  if (!pending()) return std::nullopt;
  const std::uint64_t total = over_total_ + over_client_;
  std::string line =
      "refused " + std::to_string(total) + (total == 1 ? " connection" : " connections") +
      " since the last such line (at most one per " +
      std::to_string(std::chrono::ceil<std::chrono::seconds>(interval_).count()) + "s):";
  if (over_client_ != 0) {
    line += " " + std::to_string(over_client_) + " over --max-connections-per-client " +
            std::to_string(max_per_client_) + " (the latest from " + latest_client_ + ")";
  }
  if (over_total_ != 0) {
    if (over_client_ != 0) line += ",";
    line += " " + std::to_string(over_total_) + " over --max-connections " +
            std::to_string(max_connections_);
  }
  over_total_ = 0;
  over_client_ = 0;
  latest_client_.clear();
  next_ = now + interval_;
  return line;
}

}  // namespace lkm::http
