#include "api/meet_app.hpp"

#include "api/web_config.hpp"

namespace lkm::api {
namespace {

// The brand files are two of at most 1 MiB each (config/branding.cpp).
constexpr std::size_t kBrandCacheBytes = std::size_t{2} * 1024 * 1024;

}  // namespace

// Raises and lowers of one participant's own hand: 20 at once, then one every 3 s.
constexpr unsigned kHandChangesPerMinute = 20;
// Sign-in requests (each start and each return from the provider): 20 at once, then one every
// 3 s per client. Each may cost a call to the identity provider and a row in the store.
constexpr unsigned kSignInsPerMinute = 20;
// A co-host's browser asking for its credential: 10 at once, then one every 6 s.
constexpr unsigned kCohostClaimsPerMinute = 10;

MeetApp::MeetApp(MeetParts parts, MeetSettings settings)
    : parts_(std::move(parts)),
      keys_(services::AccessKeys::derive(settings.credentials.api_secret,
                                         settings.organizer_password_hash)),
      livekit_keys_(settings.credentials.api_key, settings.credentials.api_secret),
      blocking_(*parts_.workers, settings.store_deadline),
      admissions_(std::make_shared<services::AdmissionSignals>()),
      rooms_({blocking_, parts_.access, parts_.store, parts_.rooms, parts_.clock, parts_.random,
              &keys_},
             {settings.room_creation, settings.room_retention_seconds,
              per_hour_limiter(settings.room_rate_limit)}),
      admission_(rooms_, admissions_),
      moderation_(rooms_, admissions_),
      sessions_({blocking_, parts_.access, parts_.clock, parts_.random, &keys_,
                 settings.organizer_password_hash}),
      history_({blocking_, parts_.store, parts_.webhooks, parts_.rooms, &rooms_, &sessions_,
                parts_.clock, parts_.metrics},
               settings.lobby),
      recordings_({parts_.egress, settings.recording_storage, &rooms_, &sessions_},
                  settings.recording),
      hands_(rooms_, *parts_.clock, per_minute_limiter(kHandChangesPerMinute)),
      cohosts_(rooms_, *parts_.clock, per_minute_limiter(kCohostClaimsPerMinute)),
      sign_in_({blocking_, parts_.access, parts_.clock, parts_.random, &keys_,
                parts_.identity_provider, settings.organizers,
                settings.public_url + settings.base_path + "/", settings.require_sign_in}),
      cookies_(keys_, sessions_, settings.base_path, &sign_in_) {
  // Another instance's decisions (PostgreSQL LISTEN/NOTIFY) wake this one's long polls; the
  // listener shares the signals, so it may outlive the application.
  if (parts_.access != nullptr) {
    parts_.access->watch_decisions(
        [admissions = admissions_](const std::string& ticket) { admissions->notify(ticket); });
  }
  context_.rooms = &rooms_;
  context_.admission = &admission_;
  context_.moderation = &moderation_;
  context_.sessions = &sessions_;
  context_.history = &history_;
  context_.recordings = &recordings_;
  context_.hands = &hands_;
  context_.cohosts = &cohosts_;
  context_.livekit_keys = &livekit_keys_;
  context_.cookies = &cookies_;
  context_.sign_in = &sign_in_;
  context_.sign_in_pages = {per_minute_limiter(kSignInsPerMinute), parts_.clock,
                            settings.public_url.starts_with("https://"), settings.base_path,
                            settings.brand.product_name};
  context_.joins = {std::move(settings.credentials), parts_.random, parts_.clock,
                    per_minute_limiter(settings.token_rate_limit), parts_.metrics};
  context_.webhooks = {per_minute_limiter(settings.webhook_rate_limit), parts_.clock,
                       parts_.metrics};
  context_.same_site.public_authority = std::move(settings.public_authority);
  if (settings.brand_dir) {
    // Exactly the two named files: no precompressed sibling stands in for them.
    context_.brand.files.emplace(
        *settings.brand_dir, http::ContentFilter{},
        http::StaticFilesOptions{.cache_bytes = kBrandCacheBytes, .precompressed_variants = false});
    context_.brand.logo = settings.brand.logo;
    context_.brand.favicon = settings.brand.favicon;
  }
  if (settings.web_root) {
    const WebConfig web{settings.base_path, settings.alone_timeout_seconds,
                        settings.default_language, settings.brand};
    context_.web.files.emplace(
        *settings.web_root, [web](std::string_view html) { return inject_web_config(html, web); });
  }
  context_.metrics = parts_.metrics;
  context_.metrics_access = std::move(settings.metrics_access);
}

void MeetApp::stop() const {
  admissions_->shutdown();
}

}  // namespace lkm::api
