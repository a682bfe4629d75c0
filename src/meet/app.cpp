#include "livekit/meet.hpp"

#include <optional>
#include <string_view>
#include <utility>

#include "config/settings.hpp"
#include "livekit/version.hpp"
#include "meet/app_impl.hpp"

namespace livekit::meet {
namespace {

namespace config = lkm::config;

Error startup_failed(std::string message) {
  return {
      .code = ErrorCode::startup_failed, .message = std::move(message), .reason = {}, .status = 0};
}

Error invalid_config(std::string message) {
  return {
      .code = ErrorCode::invalid_config, .message = std::move(message), .reason = {}, .status = 0};
}

}  // namespace

std::filesystem::path exe_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::canonical("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : exe.parent_path();
}

Result<config::Config> load_config(const Config& embedded, const std::filesystem::path& exe_dir) {
  for (const auto& [key, value] : embedded.settings) {
    if (config::find_setting(key) == nullptr) {
      return invalid_config("settings: no setting is called \"" + key + "\"");
    }
  }
  const config::EnvLookup env =
      embedded.use_environment
          ? config::process_env()
          : config::EnvLookup([](std::string_view) { return std::optional<std::string>(); });
  auto settings = config::gather_settings(
      embedded.config_file.empty() ? std::nullopt : std::optional(embedded.config_file), {}, env);
  if (!settings) return invalid_config(std::move(settings).error().message);
  // The embedder's values win over the file's and the environment's, as flags do.
  for (const auto& [key, value] : embedded.settings) {
    settings->set(key, {value, config::Source::kFlag, "settings[\"" + key + "\"]"});
  }
  struct Credential {
    std::string_view key;
    const std::string* value;
    std::string_view field;
  };
  const Credential credentials[] = {{"livekit-url", &embedded.livekit_url, "livekit_url"},
                                    {"livekit-api-key", &embedded.api_key, "api_key"},
                                    {"livekit-api-secret", &embedded.api_secret, "api_secret"}};
  for (const auto& [key, value, field] : credentials) {
    if (!value->empty()) {
      settings->set(key, {*value, config::Source::kFlag, "Config::" + std::string(field)});
    }
  }
  auto loaded = config::load_serve_config(*settings, exe_dir);
  if (!loaded) return invalid_config(std::move(loaded).error().message);
  return std::move(loaded).value();
}

App::App(const Config& config) : App(create(config).value()) {}

Result<App> App::create(const Config& config) {
  try {
    auto loaded = load_config(config, exe_dir());
    if (!loaded) return loaded.error();
    return AppAccess::open(std::move(loaded).value(), std::string(LIVEKIT_SDK_VERSION));
  } catch (const std::exception& e) {
    // Threads, memory: what the checks before cannot foresee.
    return startup_failed(std::string("the server could not be set up: ") + e.what());
  }
}

Result<App> AppAccess::open(lkm::config::Config config, std::string version) {
  auto impl = App::Impl::open(std::move(config), std::move(version));
  if (!impl) return impl.error();
  return App(std::move(impl).value());
}

App::App(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
App::App(App&& other) noexcept = default;
App& App::operator=(App&& other) noexcept = default;
App::~App() = default;

void App::run(const RunOptions& options) {
  try_run(options).value();
}

Result<void> App::try_run(const RunOptions& options) {
  if (!impl_) {
    return Error{.code = ErrorCode::startup_failed,
                 .message = "this App was moved from",
                 .reason = {},
                 .status = 0};
  }
  try {
    return impl_->run(options);
  } catch (const std::exception& e) {
    return startup_failed(std::string("the server could not run: ") + e.what());
  }
}

void App::stop() noexcept {
  if (impl_) impl_->stop();
}

}  // namespace livekit::meet
