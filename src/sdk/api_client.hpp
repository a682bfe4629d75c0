#pragma once
// The Twirp client behind RoomServiceClient and EgressClient, made from the SDK's options.
#include <memory>
#include <string>
#include <string_view>

#include "livekit/client_options.hpp"
#include "livekit/error.hpp"
#include "livekit_api/twirp.hpp"

namespace livekit::sdk {

// Throws Exception (invalid_argument) on a URL that is not ws, wss, http or https.
[[nodiscard]] std::unique_ptr<lkm::livekit::TwirpClient> make_twirp_client(
    std::string_view url, std::string api_key, std::string api_secret,
    const ClientOptions& options);

}  // namespace livekit::sdk
