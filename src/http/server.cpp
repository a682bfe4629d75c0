#include "http/server.hpp"

#include <algorithm>
#include <csignal>
#include <exception>
#include <system_error>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

#include "core/log.hpp"
#include "http/server_impl.hpp"

namespace lkm::http {
namespace {

using server_detail::kToken;
using server_detail::PlainConnection;
using server_detail::TlsConnection;

constexpr std::chrono::milliseconds kAcceptRetry{100};

}  // namespace

tcp::endpoint Server::Impl::bind(tcp::acceptor& listener, std::uint16_t port) {
  const std::string where = options.host + ":" + std::to_string(port);
  error_code ec;
  tcp::endpoint endpoint(net::ip::make_address(options.host, ec), port);
  if (ec) {
    tcp::resolver resolver(*control_loop.front());
    const auto results =
        resolver.resolve(options.host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || results.empty()) throw std::system_error(ec, "cannot resolve " + where);
    endpoint = results.begin()->endpoint();
  }
  if (listener.is_open()) listener.close(ec);
  listener.open(endpoint.protocol(), ec);
  if (!ec) listener.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) listener.bind(endpoint, ec);
  if (!ec) listener.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error_code ignored;
    listener.close(ignored);
    throw std::system_error(ec, "cannot listen on " + where);
  }
  tcp::endpoint bound = listener.local_endpoint(ec);
  if (ec) throw std::system_error(ec, "cannot listen on " + where);
  return bound;
}

tcp::endpoint Server::Impl::listen() {
  tcp::endpoint bound = bind(acceptor, options.port);
  https_port = bound.port();
  if (options.tls && options.redirect_port) {
    try {
      redirect_bound = bind(redirect_acceptor, *options.redirect_port);
    } catch (const std::system_error&) {
      error_code ignored;
      acceptor.close(ignored);
      throw;
    }
  }
  return bound;
}

void Server::Impl::run(bool handle_signals) {
  // sendfile(2) has no MSG_NOSIGNAL: a peer gone mid-file must be an EPIPE, not the end of us.
  std::signal(SIGPIPE, SIG_IGN);
  if (!acceptor.is_open() && !stopping.load()) listen();
  if (handle_signals) {
    signals.emplace(control, SIGINT, SIGTERM);
    signals->async_wait([this](const error_code& ec, int /*signal*/) {
      if (!ec) stop();
    });
    if (options.tls && options.reload_tls) {
      hangups.emplace(control, SIGHUP);
      wait_for_hangup();
    }
  }
  // An accept loop that fails ends the server (a service manager restarts it) rather than leave
  // it running without accepting.
  const auto log_failure = [this](const std::exception_ptr& error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      log::error(std::string("accept loop failed: ") + e.what());
    } catch (...) {
      log::error("accept loop failed");
    }
    stop();
  };
  net::co_spawn(control, accept_loop(acceptor, retry_timer, Role::serve), log_failure);
  if (redirect_acceptor.is_open()) {
    net::co_spawn(control, accept_loop(redirect_acceptor, redirect_retry_timer, Role::redirect),
                  log_failure);
  }
  keep_running.clear();
  for (const auto& loop : loops) keep_running.push_back(net::make_work_guard(*loop));
  keep_running.push_back(net::make_work_guard(*control_loop.front()));
  std::vector<std::thread> pool;
  pool.reserve(loops.size());
  for (const auto& loop : loops) pool.emplace_back([loop = loop.get()] { loop->run(); });
  control_loop.front()->run();
  for (std::thread& thread : pool) thread.join();
}

void Server::Impl::wait_for_hangup() {
  hangups->async_wait([this](const error_code& ec, int /*signal*/) {
    if (ec) return;
    reload_tls_now();
    wait_for_hangup();
  });
}

void Server::Impl::reload_tls_now() {
  if (!options.tls || !options.reload_tls || stopping.load()) return;
  if (auto next = options.reload_tls()) set_tls_context(std::move(next));
}

void Server::Impl::set_tls_context(std::shared_ptr<TlsContext> context) {
  const std::lock_guard lock(tls_mutex);
  tls_context = std::move(context);
}

std::shared_ptr<TlsContext> Server::Impl::current_tls_context() {
  const std::lock_guard lock(tls_mutex);
  return tls_context;
}

void Server::Impl::stop() {
  if (stopping.exchange(true)) return;
  if (options.on_stop) options.on_stop();
  net::post(control, [this] {
    log::info("shutting down");
    error_code ignored;
    acceptor.close(ignored);
    redirect_acceptor.close(ignored);
    retry_timer.cancel();
    redirect_retry_timer.cancel();
    refusal_timer.cancel();
    if (signals) signals->cancel(ignored);
    if (hangups) hangups->cancel(ignored);
    grace_timer.expires_after(options.shutdown_grace);
    // Done when the last connection finishes (cancelled), or when the grace period elapses.
    grace_timer.async_wait([this](const error_code& ec) {
      for (auto& guard : keep_running) guard.reset();
      if (ec) return;
      log::warn("shutdown grace period elapsed; dropping remaining connections");
      for (const auto& loop : loops) loop->stop();
      control_loop.front()->stop();
    });
    if (active.load() == 0) grace_timer.cancel();
  });
  std::vector<std::shared_ptr<Connection>> snapshot;
  {
    const std::lock_guard lock(mutex);
    snapshot.reserve(connections.size());
    for (const auto& entry : connections) snapshot.push_back(entry.second);
  }
  for (const auto& connection : snapshot) {
    net::post(connection->tcp->get_executor(), [connection] {
      if (connection->idle) connection->tcp->cancel();
    });
  }
}

void Server::Impl::connection_finished(Connection* connection) {
  {
    const std::lock_guard lock(mutex);
    connections.erase(connection);
  }
  if (connection->counted_client) per_client.remove(*connection->counted_client);
  reporter.connection_closed();
  if (active.fetch_sub(1) == 1 && stopping.load() && !destroying.load()) {
    net::post(control, [this] { grace_timer.cancel(); });
  }
}

net::awaitable<void> Server::Impl::accept_loop(tcp::acceptor& listener, net::steady_timer& retry,
                                               Role role) {
  bool error_logged = false;
  while (!stopping.load() && listener.is_open()) {
    auto& loop = *loops[next_loop++ % loops.size()];
    tcp::endpoint peer;
    auto [ec, socket] = co_await listener.async_accept(loop.get_executor(), peer, kToken);
    if (stopping.load() || ec == net::error::operation_aborted) break;
    if (ec) {
      // EMFILE, ENFILE, ENOBUFS...: log once per burst and back off instead of spinning.
      if (!error_logged) log::warn("accept failed: " + ec.message() + "; retrying");
      error_logged = true;
      retry.expires_after(kAcceptRetry);
      co_await retry.async_wait(kToken);
      continue;
    }
    error_logged = false;
    std::optional<net::ip::address> counted_client;
    if (!admit(peer, counted_client)) {
      error_code ignored;
      socket.close(ignored);
      continue;
    }
    active.fetch_add(1);
    reporter.connection_opened();
    const auto start = [&](auto connection) {
      connection->counted_client = counted_client;
      spawn_session(std::move(connection), role);
    };
    if (role == Role::serve && options.tls) {
      start(std::make_shared<TlsConnection>(tcp::socket(std::move(socket)), current_tls_context()));
    } else {
      start(std::make_shared<PlainConnection>(tcp::socket(std::move(socket))));
    }
  }
}

bool Server::Impl::admit(const tcp::endpoint& peer,
                         std::optional<net::ip::address>& counted_client) {
  const net::ip::address client = unmapped(peer.address());
  if (active.load() >= options.max_connections) {
    refused(metrics::Refusal::max_connections, client);
    return false;
  }
  // A reverse proxy carries everyone's connections: it is not one client.
  if (per_client.limit() == 0 || options.trusted_proxies.contains(client)) return true;
  if (!per_client.try_add(client)) {
    refused(metrics::Refusal::per_client, client);
    return false;
  }
  counted_client = client;
  return true;
}

void Server::Impl::refused(metrics::Refusal reason, const net::ip::address& client) {
  reporter.connection_refused(reason);
  refusals.add(reason, reason == metrics::Refusal::per_client ? client.to_string() : "");
  if (refusal_line_waiting) return;
  if (SteadyClock::now() >= refusals.next_line_at()) {
    write_refusals();
    return;
  }
  // Within the interval of the last line: the next one sums up what comes until it is due.
  refusal_line_waiting = true;
  refusal_timer.expires_at(refusals.next_line_at());
  refusal_timer.async_wait(
      [this](const error_code& /*ec: cancelled on stop, written all the same*/) {
        refusal_line_waiting = false;
        write_refusals();
      });
}

void Server::Impl::write_refusals() {
  if (auto line = refusals.take(SteadyClock::now())) log::warn(*line);
}

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() = default;

boost::asio::ip::tcp::endpoint Server::listen() {
  return impl_->listen();
}

std::optional<boost::asio::ip::tcp::endpoint> Server::redirect_endpoint() const {
  return impl_->redirect_bound;
}

void Server::run(bool handle_signals) {
  impl_->run(handle_signals);
}

void Server::stop() {
  impl_->stop();
}

void Server::set_tls_context(std::shared_ptr<TlsContext> context) {
  impl_->set_tls_context(std::move(context));
}

void Server::reload_tls() {
  net::post(impl_->control, [impl = impl_.get()] { impl->reload_tls_now(); });
}

}  // namespace lkm::http
