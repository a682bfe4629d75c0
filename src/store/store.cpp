#include "store/store.hpp"

namespace lkm::store {

const char* to_string(StoreError::Code code) noexcept {
  switch (code) {
    case StoreError::Code::unavailable: return "unavailable";
    case StoreError::Code::corrupt: return "corrupt";
    case StoreError::Code::full: return "full";
    case StoreError::Code::invalid: return "invalid";
  }
  return "unknown";
}

}  // namespace lkm::store
