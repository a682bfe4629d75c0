// Boost.JSON compiled into the shared library, hidden like the rest of it: a program that loads
// another Boost.JSON (another version, or its own build) into the same process keeps its own.
#include <boost/json/src.hpp>  // IWYU pragma: keep
