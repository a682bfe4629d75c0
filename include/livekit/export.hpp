#pragma once
/// @file
/// LIVEKIT_API marks what the shared libraries export; everything else in them is hidden.

#if defined(__GNUC__) || defined(__clang__)
#define LIVEKIT_API __attribute__((visibility("default")))
#else
#define LIVEKIT_API
#endif
