#pragma once
// The version this binary was built as: the CMake project version, plus `git describe --always
// --dirty` of the source tree at configure time when it is a git checkout ("0.1.0+4eb3639-dirty");
// the project version alone otherwise (a source tarball).

#include <string_view>

namespace lkm {

[[nodiscard]] std::string_view version() noexcept;

}  // namespace lkm
