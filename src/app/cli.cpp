#include "app/cli.hpp"

#include <algorithm>
#include <iostream>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "app/version.hpp"
#include "config/settings.hpp"

namespace lkm::cli {
namespace {

constexpr const char* kCredentialsHelp =
    "Credentials come from the environment: LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET\n"
    "(or --api-secret-file). Secrets are never accepted as flags. With none set, the\n"
    "livekit-server --dev defaults are used (ws://localhost:7880, devkey/secret).";

constexpr const char* kSettingsHelp =
    "Credentials come from the environment: LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET\n"
    "(or --api-secret-file). Secrets are never accepted as flags. With none set, the\n"
    "livekit-server --dev defaults are used (ws://localhost:7880, devkey/secret).\n"
    "Every setting may also be given in the --config file under its flag's name without the\n"
    "dashes (livekit-api-key, livekit-api-secret, organizer-password-hash and s3-* too).\n"
    "Precedence: flag > environment > config file > default.";

// Every setting with a flag, declared from the one settings table; values are checked when the
// configuration is loaded, so a flag, a variable and the config file get the same messages.
void add_settings_options(CLI::App& command, SettingsArgs& args) {
  command.add_option_function<std::string>(
      std::string(config::kConfigFlag), [&args](const std::string& v) { args.config_file = v; },
      "Read settings from this TOML file (env MEET_CONFIG); flags and the environment win over it");
  for (const auto& spec : config::serve_settings()) {
    if (!spec.flag) continue;
    std::string help(spec.help);
    if (!spec.env.empty()) help += " [env " + std::string(spec.env) + "]";
    auto* option = command.add_option_function<std::string>(
        "--" + std::string(spec.key),
        [&args, key = std::string(spec.key)](const std::string& v) { args.flags[key] = v; }, help);
    if (spec.value_optional) option->expected(0, 1)->type_name("[VALUE]");
  }
}

void add_serve(CLI::App& app, SettingsArgs& args) {
  auto* serve = app.add_subcommand("serve", "Serve LiveKit Meet: the web app and its API");
  serve->footer(kSettingsHelp);
  add_settings_options(*serve, args);
}

void add_config(CLI::App& app, SettingsArgs& args) {
  auto* config = app.add_subcommand("config", "Work with the configuration");
  config->require_subcommand(1);
  auto* check = config->add_subcommand(
      "check",
      "Validate the configuration `serve` would run with (the same flags, environment and config "
      "file) and print it, secrets masked");
  check->footer(kSettingsHelp);
  add_settings_options(*check, args);
}

// Logs and metrics: how the running server can be watched (config/observability.hpp).
void add_token(CLI::App& app, TokenCreateFlags& create_flags, std::string& verify_token,
               std::optional<std::string>& verify_secret_file) {
  auto* token = app.add_subcommand("token", "Create or verify LiveKit access tokens");
  token->require_subcommand(1);
  token->footer(kCredentialsHelp);

  auto* create = token->add_subcommand("create", "Print a signed access token");
  auto& f = create_flags;
  const auto opt = [create](const char* name, std::optional<std::string>& target,
                            const char* help) {
    create->add_option_function<std::string>(
        name, [&target](const std::string& v) { target = v; }, help);
  };
  opt("--room", f.room, "Room name (video.room)");
  opt("--identity", f.identity, "Participant identity (sub)");
  opt("--name", f.name, "Participant display name");
  opt("--metadata", f.metadata, "Participant metadata");
  opt("--ttl", f.ttl, "Lifetime: seconds or a duration such as 10m, 5h, 2d (default 6h)");
  opt("--grant", f.grant_json,
      R"(Video grant as JSON, e.g. '{"roomJoin":true,"canPublish":false}')");
  opt("--api-secret-file", f.api_secret_file, "Read the API secret from this file");
  create->add_flag("--join", f.join, "Grant roomJoin (the default when --room is given)");
  create->add_flag("--list", f.list, "Grant roomList");
  create->add_flag("--admin", f.admin, "Grant roomAdmin for --room");
  create->add_flag("--record", f.record, "Grant roomRecord");
  create->add_flag("--create", f.create, "Grant roomCreate");
  create->footer(kCredentialsHelp);

  auto* verify = token->add_subcommand(
      "verify", "Check a token with the configured key and print its claims as JSON");
  verify->add_option("token", verify_token, "The token, or - to read it from standard input")
      ->required();
  verify->add_option_function<std::string>(
      "--api-secret-file", [&verify_secret_file](const std::string& v) { verify_secret_file = v; },
      "Read the API secret from this file");
  verify->footer(kCredentialsHelp);
}

// Arguments nobody expected may be a secret given as a flag's value: the message names the
// options, never a value, and says where a secret setting is read from instead.
std::string extras_message(std::string_view what, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg(argv[i]);
    if (!arg.starts_with("--")) continue;
    arg.remove_prefix(2);
    arg = arg.substr(0, arg.find('='));
    if (const auto* spec = config::find_setting(arg); spec != nullptr && !spec->flag) {
      return "--" + std::string(arg) + " is not an option: " +
             (spec->secret ? "secrets are read from the environment (" + std::string(spec->env) +
                                 ") or a file, never from the command line"
                           : "set " + std::string(spec->env) + " or " + std::string(spec->key) +
                                 " in the config file");
    }
  }
  std::string out(what.substr(0, what.find(':') + 1));
  const auto listed = what.find(':') == std::string_view::npos ? what.size() : what.find(':') + 1;
  std::string_view rest = what.substr(listed);
  while (!rest.empty()) {
    const auto start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto end = std::min(rest.find(' '), rest.size());
    const auto token = rest.substr(0, end);
    out += ' ';
    const auto name = token.substr(0, token.find('='));
    const bool option = name.starts_with("-") &&
                        name.find_first_not_of(
                            "-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                            std::string_view::npos;
    out += option ? std::string(name) : "<value>";
    rest.remove_prefix(end);
  }
  return out;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"livekit-meet: a self-hosted LiveKit Meet server", "livekit-meet"};
  const std::string version_line = "livekit-meet " + std::string(version());
  app.set_version_flag("--version", version_line);
  app.require_subcommand(1);

  SettingsArgs settings_args;
  TokenCreateFlags create_flags;
  std::string verify_token;
  std::optional<std::string> verify_secret_file;
  add_serve(app, settings_args);
  add_config(app, settings_args);
  add_token(app, create_flags, verify_token, verify_secret_file);
  app.add_subcommand("hash-password",
                     "Read a password from standard input and print its hash, for "
                     "MEET_ORGANIZER_PASSWORD_HASH");
  app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ExtrasError& e) {
    std::cerr << "livekit-meet: " << extras_message(e.what(), argc, argv)
              << "\nRun with --help for usage.\n";
    return 2;
  } catch (const CLI::ParseError& e) {
    std::cerr << "livekit-meet: " << e.what() << "\nRun with --help for usage.\n";
    return 2;
  }

  if (app.got_subcommand("version")) {
    std::cout << version_line << "\n";
    return 0;
  }
  if (app.got_subcommand("serve")) return serve(settings_args);
  if (app.got_subcommand("config")) return config_check(settings_args);
  if (app.got_subcommand("hash-password")) return hash_password();
  auto* token = app.get_subcommand("token");
  if (token->got_subcommand("create")) return token_create(create_flags);
  return token_verify(verify_token, verify_secret_file);
}

}  // namespace lkm::cli
