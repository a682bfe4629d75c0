#include "cli.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "config/tls.hpp"

namespace lkm::cli {
namespace {

constexpr const char* kCredentialsHelp =
    "Credentials come from the environment: LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET\n"
    "(or --api-secret-file). Secrets are never accepted as flags. With none set, the\n"
    "livekit-server --dev defaults are used (ws://localhost:7880, devkey/secret).";

void add_serve(CLI::App& app, config::ServeFlags& flags) {
  auto* serve = app.add_subcommand("serve", "Serve LiveKit Meet: the web app and its API");
  serve->footer(kCredentialsHelp);
  serve->add_option_function<std::string>(
      "--host", [&flags](const std::string& v) { flags.host = v; },
      "Address to listen on (default 0.0.0.0)");
  serve
      ->add_option_function<int>(
          "--port", [&flags](const int& v) { flags.port = static_cast<std::uint16_t>(v); },
          "TCP port (default 8080; 0 picks a free port)")
      ->check(CLI::Range(0, 65535));
  serve->add_option_function<std::string>(
      "--livekit-url", [&flags](const std::string& v) { flags.livekit_url = v; },
      "LiveKit server URL given to clients (overrides LIVEKIT_URL)");
  serve->add_option_function<std::string>(
      "--web-root", [&flags](const std::string& v) { flags.web_root = v; },
      "Directory of the built web app (default: the one installed with the binary)");
  serve->add_option_function<std::string>(
      "--base-path", [&flags](const std::string& v) { flags.base_path = v; },
      "Serve everything under this path prefix, e.g. /meet");
  serve
      ->add_option_function<int>(
          "--threads", [&flags](const int& v) { flags.threads = static_cast<unsigned>(v); },
          "Worker threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  serve->add_option_function<std::string>(
      "--api-secret-file", [&flags](const std::string& v) { flags.api_secret_file = v; },
      "Read the API secret from this file instead of LIVEKIT_API_SECRET");
  serve->add_option_function<std::string>(
      "--data-dir", [&flags](const std::string& v) { flags.data_dir = v; },
      "Directory of the meeting history database (default ./data, env MEET_DATA_DIR)");
  serve->add_option_function<std::string>(
      "--database", [&flags](const std::string& v) { flags.database = v; },
      "Keep the meeting history in PostgreSQL instead, shared by several instances: a "
      "postgres:// URL without its password (env MEET_DATABASE_URL, which may hold one)");
  serve->add_option_function<std::string>(
      "--room-creation", [&flags](const std::string& v) { flags.room_creation = v; },
      "open (anyone may create a room with a host) or organizers (only those who sign in with "
      "the password whose hash is MEET_ORGANIZER_PASSWORD_HASH; env MEET_ROOM_CREATION)");
  serve->add_option_function<std::string>(
      "--trusted-proxies", [&flags](const std::string& v) { flags.trusted_proxies = v; },
      "Reverse proxies whose X-Forwarded-For/-Proto are believed: addresses and CIDR networks, "
      "comma-separated (env MEET_TRUSTED_PROXIES; default none)");
  serve
      ->add_option_function<int>(
          "--token-rate-limit",
          [&flags](const int& v) { flags.token_rate_limit = static_cast<unsigned>(v); },
          "Token requests per minute per client before 429 (default 300; 0: no limit)")
      ->check(CLI::Range(0, 1'000'000));
  serve
      ->add_option_function<int>(
          "--webhook-rate-limit",
          [&flags](const int& v) { flags.webhook_rate_limit = static_cast<unsigned>(v); },
          "Webhook deliveries per minute per client before 429 (default 6000; 0: no limit)")
      ->check(CLI::Range(0, 1'000'000));
}

void add_tls_options(CLI::App& serve, config::TlsFlags& flags) {
  serve.add_option_function<std::string>(
      "--tls-cert", [&flags](const std::string& v) { flags.cert = v; },
      "Serve HTTPS with this PEM certificate, its chain after it (env MEET_TLS_CERT; needs "
      "--tls-key). SIGHUP reloads it");
  serve.add_option_function<std::string>(
      "--tls-key", [&flags](const std::string& v) { flags.key = v; },
      "The certificate's PEM private key, without passphrase (env MEET_TLS_KEY)");
  serve
      .add_option_function<std::string>(
          "--tls-self-signed", [&flags](const std::string& v) { flags.self_signed = v; },
          "Serve HTTPS with a self-signed certificate kept in the data directory, for trying "
          "on a LAN: for these comma-separated host names and IP addresses, plus localhost, "
          "127.0.0.1 and ::1 (env MEET_TLS_SELF_SIGNED: the names, or true)")
      ->expected(0, 1)
      ->type_name("[NAMES]");
  serve
      .add_option_function<int>(
          "--http-redirect-port",
          [&flags](const int& v) { flags.http_redirect_port = static_cast<std::uint16_t>(v); },
          "With HTTPS, also listen for plain HTTP on this port and redirect it to HTTPS (env "
          "MEET_HTTP_REDIRECT_PORT)")
      ->check(CLI::Range(0, 65535));
}

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

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"livekit-meet: a self-hosted LiveKit Meet server", "livekit-meet"};
  app.set_version_flag("--version", std::string("livekit-meet ") + LKM_VERSION);
  app.require_subcommand(1);

  config::ServeFlags serve_flags;
  config::TlsFlags tls_flags;
  TokenCreateFlags create_flags;
  std::string verify_token;
  std::optional<std::string> verify_secret_file;
  add_serve(app, serve_flags);
  add_tls_options(*app.get_subcommand("serve"), tls_flags);
  add_token(app, create_flags, verify_token, verify_secret_file);
  app.add_subcommand("hash-password",
                     "Read a password from standard input and print its hash, for "
                     "MEET_ORGANIZER_PASSWORD_HASH");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "livekit-meet: " << e.what() << "\nRun with --help for usage.\n";
    return 2;
  }

  if (app.got_subcommand("serve")) return serve(serve_flags, tls_flags);
  if (app.got_subcommand("hash-password")) return hash_password();
  auto* token = app.get_subcommand("token");
  if (token->got_subcommand("create")) return token_create(create_flags);
  return token_verify(verify_token, verify_secret_file);
}

}  // namespace lkm::cli
