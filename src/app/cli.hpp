#pragma once
// The command line: `livekit-meet serve`, `livekit-meet token create|verify`, `hash-password`,
// `--version` (and `version`).
// Returns the process exit code: 0 success, 1 failure (invalid token, cannot start), 2 usage error.

namespace lkm::cli {

[[nodiscard]] int run(int argc, char** argv);

}  // namespace lkm::cli
