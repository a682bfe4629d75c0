#pragma once
// Runs one of the API client's coroutines to completion on a private event loop: how the SDK's
// synchronous clients make their calls.
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace livekit::sdk {

template <class T>
boost::asio::awaitable<void> keep_result(boost::asio::awaitable<T> call, std::optional<T>& out) {
  out.emplace(co_await std::move(call));
}

template <class T>
T run_sync(boost::asio::awaitable<T> call) {
  boost::asio::io_context loop(1);
  std::optional<T> out;
  std::exception_ptr failure;
  boost::asio::co_spawn(loop, keep_result(std::move(call), out),
                        [&failure](std::exception_ptr error) { failure = std::move(error); });
  loop.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*out);
}

}  // namespace livekit::sdk
