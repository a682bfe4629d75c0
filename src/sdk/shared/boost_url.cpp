// Boost.URL compiled into the shared library, hidden like the rest of it (see boost_json.cpp).
#include <boost/url/src.hpp>  // IWYU pragma: keep
