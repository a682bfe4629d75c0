#pragma once
/// @file
/// Errors of the SDK: every call that can fail comes in two forms, one that throws
/// livekit::Exception and a `try_` form that returns a livekit::Result holding a livekit::Error.

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "livekit/export.hpp"

/// The LiveKit server SDK (LiveKit::server_sdk); livekit::meet is the Meet server.
namespace livekit {

/// What kind of failure an Error is.
enum class ErrorCode {
  invalid_argument,   ///< a value the call cannot use: an empty key, a malformed TTL, ...
  invalid_token,      ///< TokenVerifier refused the token; Error::reason says why
  invalid_webhook,    ///< WebhookReceiver refused the delivery; Error::reason says why
  connection_failed,  ///< the LiveKit server could not be reached (name, connection or TLS)
  timeout,            ///< the call's deadline passed, retries included
  server_error,       ///< the server answered with an error: Error::status and Error::reason
  bad_response,       ///< a successful answer that is not what the API describes
  invalid_config,     ///< meet::App: a setting is wrong; the message names it
  startup_failed,     ///< meet::App: the data directory, the store or the port cannot be used
};

/// The name of a code, e.g. "invalid_token".
[[nodiscard]] LIVEKIT_API std::string_view to_string(ErrorCode code) noexcept;

/// A failure: what kind, a message for people, and a machine-readable reason.
///
/// Messages never contain a token, a secret or a signature.
struct Error {
  /// What kind of failure.
  ErrorCode code = ErrorCode::invalid_argument;
  /// For people, e.g. "the token has expired".
  std::string message{};
  /// For programs: for invalid_token the verifier's reason ("expired", "bad_signature", ...), for
  /// invalid_webhook the receiver's ("body_mismatch", ...), for server_error the Twirp error code
  /// ("not_found", "permission_denied", ...); otherwise empty.
  std::string reason{};
  /// The HTTP status of the server's answer, when there was one (server_error, bad_response).
  unsigned status = 0;
};

/// What the throwing forms throw; what() is the Error's message.
class LIVEKIT_API Exception : public std::runtime_error {
 public:
  /// An exception carrying `error`.
  explicit Exception(Error error);
  ~Exception() override;
  /// Copies the error.
  Exception(const Exception&) = default;
  /// Copies the error.
  Exception& operator=(const Exception&) = default;
  /// The failure.
  [[nodiscard]] const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

/// A value or an Error. value() on an error throws the Exception the throwing form would have.
template <class T>
class [[nodiscard]] Result {
 public:
  /// A success holding `value`.
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  /// A failure.
  Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  /// True when it holds a value.
  [[nodiscard]] bool ok() const noexcept { return data_.index() == 0; }
  /// ok().
  explicit operator bool() const noexcept { return ok(); }

  /// The value; throws Exception when !ok().
  T& value() & {
    check();
    return std::get<0>(data_);
  }
  /// The value; throws Exception when !ok().
  const T& value() const& {
    check();
    return std::get<0>(data_);
  }
  /// The value, moved out (by value: safe on a temporary Result); throws Exception when !ok().
  T value() && {
    check();
    return std::get<0>(std::move(data_));
  }
  /// &value().
  T* operator->() { return &value(); }
  /// &value().
  const T* operator->() const { return &value(); }
  /// value().
  T& operator*() & { return value(); }
  /// value().
  const T& operator*() const& { return value(); }
  /// value(), moved out of a temporary Result.
  T operator*() && { return std::move(*this).value(); }

  /// The error. Only when !ok(): on a success it throws std::bad_variant_access.
  [[nodiscard]] const Error& error() const& { return std::get<1>(data_); }
  /// The error, copied out of a temporary Result; only when !ok().
  [[nodiscard]] Error error() && { return std::get<1>(std::move(data_)); }

 private:
  void check() const {
    if (data_.index() != 0) throw Exception(std::get<1>(data_));
  }
  std::variant<T, Error> data_;
};

/// The result of a call that gives nothing back but may fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  /// A success.
  Result() = default;
  /// A failure.
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  /// True on success.
  [[nodiscard]] bool ok() const noexcept { return !failed_; }
  /// ok().
  explicit operator bool() const noexcept { return ok(); }
  /// Throws the Exception the throwing form would have; does nothing on success.
  void value() const {
    if (failed_) throw Exception(error_);
  }
  /// The error; only when !ok() (on a success: an Error with an empty message).
  [[nodiscard]] const Error& error() const& { return error_; }
  /// The error, copied out of a temporary Result.
  [[nodiscard]] Error error() && { return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace livekit
