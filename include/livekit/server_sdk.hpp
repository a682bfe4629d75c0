#pragma once
/// @file
/// The LiveKit server SDK for C++ (library LiveKit::server_sdk): tokens, their verification,
/// webhooks and the server API.

#include "livekit/access_token.hpp"         // IWYU pragma: export
#include "livekit/egress_client.hpp"        // IWYU pragma: export
#include "livekit/error.hpp"                // IWYU pragma: export
#include "livekit/grants.hpp"               // IWYU pragma: export
#include "livekit/models.hpp"               // IWYU pragma: export
#include "livekit/room_service_client.hpp"  // IWYU pragma: export
#include "livekit/token_verifier.hpp"       // IWYU pragma: export
#include "livekit/version.hpp"              // IWYU pragma: export
#include "livekit/webhook_receiver.hpp"     // IWYU pragma: export
