#pragma once
/// @file
/// LIVEKIT_API marks what the shared libraries export; everything else in them is hidden.
/// LIVEKIT_LOCAL keeps a member of an exported class inside the library.

#if defined(__GNUC__) || defined(__clang__)
#define LIVEKIT_API __attribute__((visibility("default")))
#define LIVEKIT_LOCAL __attribute__((visibility("hidden")))
#else
#define LIVEKIT_API
#define LIVEKIT_LOCAL
#endif
