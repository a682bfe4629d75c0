#include "livekit/egress_client.hpp"

#include "livekit_api/egress.hpp"
#include "sdk/api_client.hpp"
#include "sdk/convert.hpp"
#include "sdk/sync_call.hpp"

namespace livekit {
namespace {

Result<EgressInfo> convert(const lkm::Result<lkm::livekit::Egress, lkm::livekit::TwirpError>& in) {
  if (!in) return sdk::to_error(in.error());
  return sdk::from_internal(*in);
}

}  // namespace

struct EgressClient::Impl {
  std::unique_ptr<lkm::livekit::TwirpClient> twirp;
  lkm::livekit::EgressService service;
};

EgressClient::EgressClient(std::string_view url, std::string api_key, std::string api_secret,
                           const ClientOptions& options) {
  auto twirp = sdk::make_twirp_client(url, std::move(api_key), std::move(api_secret), options);
  const auto& client = *twirp;
  impl_ = std::make_unique<Impl>(Impl{std::move(twirp), lkm::livekit::EgressService(client)});
}
EgressClient::EgressClient(EgressClient&& other) noexcept = default;
EgressClient& EgressClient::operator=(EgressClient&& other) noexcept = default;
EgressClient::~EgressClient() = default;

Result<EgressInfo> EgressClient::try_start_room_composite_egress(
    const RoomCompositeEgressRequest& request) const {
  if (request.room_name.empty()) return sdk::invalid_argument("a recording needs a room name");
  const auto& s3 = request.s3;
  return convert(
      sdk::run_sync(impl_->service.start_room_composite_egress({.room_name = request.room_name,
                                                                .layout = request.layout,
                                                                .filepath = request.filepath,
                                                                .s3 = {.access_key = s3.access_key,
                                                                       .secret = s3.secret,
                                                                       .region = s3.region,
                                                                       .endpoint = s3.endpoint,
                                                                       .bucket = s3.bucket}})));
}
EgressInfo EgressClient::start_room_composite_egress(
    const RoomCompositeEgressRequest& request) const {
  return try_start_room_composite_egress(request).value();
}

Result<std::vector<EgressInfo>> EgressClient::try_list_egress(const std::string& room_name,
                                                              bool active_only) const {
  auto in = sdk::run_sync(impl_->service.list_egress(room_name, active_only));
  if (!in) return sdk::to_error(in.error());
  std::vector<EgressInfo> out;
  out.reserve(in->size());
  for (const auto& egress : *in) out.push_back(sdk::from_internal(egress));
  return out;
}
std::vector<EgressInfo> EgressClient::list_egress(const std::string& room_name,
                                                  bool active_only) const {
  return try_list_egress(room_name, active_only).value();
}

Result<EgressInfo> EgressClient::try_stop_egress(const std::string& egress_id) const {
  return convert(sdk::run_sync(impl_->service.stop_egress(egress_id)));
}
EgressInfo EgressClient::stop_egress(const std::string& egress_id) const {
  return try_stop_egress(egress_id).value();
}

}  // namespace livekit
