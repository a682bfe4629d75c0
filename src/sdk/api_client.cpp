#include "sdk/api_client.hpp"

#include <algorithm>
#include <stdexcept>

#include "sdk/convert.hpp"

namespace livekit::sdk {

std::unique_ptr<lkm::livekit::TwirpClient> make_twirp_client(std::string_view url,
                                                             std::string api_key,
                                                             std::string api_secret,
                                                             const ClientOptions& options) {
  lkm::livekit::TwirpOptions twirp;
  twirp.timeout = options.timeout;
  twirp.max_attempts = std::max(options.max_attempts, 1);
  twirp.http.extra_ca_file = options.ca_file;
  try {
    return std::make_unique<lkm::livekit::TwirpClient>(url, std::move(api_key),
                                                       lkm::Secret(std::move(api_secret)), twirp);
  } catch (const std::invalid_argument& e) {
    throw Exception(invalid_argument(e.what()));
  } catch (const std::exception& e) {
    // A ca_file that cannot be read, or a TLS context that cannot be made.
    throw Exception(invalid_argument(std::string("ClientOptions: ") + e.what()));
  }
}

}  // namespace livekit::sdk
