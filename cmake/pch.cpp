// The one target that builds cmake/precompiled.hpp; every other target reuses what it built.
