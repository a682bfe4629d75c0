#include "livekit/webhook_receiver.hpp"

#include "auth/key_provider.hpp"
#include "livekit_api/webhook.hpp"
#include "sdk/convert.hpp"

namespace livekit {

struct WebhookReceiver::Impl {
  lkm::auth::KeyProvider keys;
};

WebhookReceiver::WebhookReceiver(std::string api_key, std::string api_secret)
    : impl_(std::make_unique<Impl>()) {
  if (!api_key.empty() && !api_secret.empty()) {
    impl_->keys.add(std::move(api_key), lkm::Secret(std::move(api_secret)));
  }
}
WebhookReceiver::WebhookReceiver(WebhookReceiver&& other) noexcept = default;
WebhookReceiver& WebhookReceiver::operator=(WebhookReceiver&& other) noexcept = default;
WebhookReceiver::~WebhookReceiver() = default;

WebhookEvent WebhookReceiver::receive(std::string_view body, std::string_view authorization) const {
  return try_receive(body, authorization).value();
}

Result<WebhookEvent> WebhookReceiver::try_receive(std::string_view body,
                                                  std::string_view authorization) const {
  return try_receive(body, authorization, std::chrono::system_clock::now());
}

Result<WebhookEvent> WebhookReceiver::try_receive(std::string_view body,
                                                  std::string_view authorization,
                                                  std::chrono::system_clock::time_point now) const {
  const lkm::livekit::WebhookReceiver receiver(impl_->keys);
  auto received = receiver.receive(body, authorization, sdk::unix_seconds(now));
  if (!received) {
    return Error{.code = ErrorCode::invalid_webhook,
                 .message = received.error().message,
                 .reason = std::string(lkm::livekit::to_string(received.error().code)),
                 .status = 0};
  }
  const auto& event = *received;
  WebhookEvent out;
  out.event = event.event;
  out.id = event.id;
  out.created_at = event.created_at;
  if (event.room) out.room = sdk::from_internal(*event.room);
  if (event.participant) out.participant = sdk::from_internal(*event.participant);
  if (event.egress_info) out.egress_info = sdk::from_internal(*event.egress_info);
  out.body = std::string(body);
  return out;
}

}  // namespace livekit
