#include "service/http_server.h"

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "service/errors.h"
#include "service/http_request.h"

namespace rubric::service {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// One client connection: requests read and answered in turn (keep-alive), each read under
// one deadline. A connection over the limit gets a 503 and is closed.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Service& service, bool refuse)
      : stream_(std::move(socket)), service_(service), refuse_(refuse) {}
  ~Connection() {
    if (!refuse_) service_.metrics().ConnectionClosed();
  }

  void Start() {
    if (refuse_) {
      SendError(503, "too_many_connections",
                "the server has its limit of open connections (--max-connections)");
      return;
    }
    Read();
  }

 private:
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  Service& service_;
  const bool refuse_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
  std::array<char, 8192> drain_{};
  std::size_t drained_ = 0;

  void Read() {
    const Limits& limits = service_.limits();
    parser_.emplace();
    ConfigureParser(*parser_, limits);
    // One deadline for the whole request, headers and body: a client that trickles bytes
    // (or keeps an idle connection) is cut off when it passes.
    stream_.expires_after(Millis(limits.request_timeout_seconds));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
  }

  // A client that asks `Expect: 100-continue` (curl does for large bodies) is told to go on,
  // once the headers are within the limits; then the body is read, under the same deadline.
  void OnHeader(beast::error_code ec, std::size_t bytes) {
    if (ec || parser_->is_done()) return OnRead(ec, bytes);
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      http::async_write(stream_, *go_on,
                        [self = shared_from_this(), go_on](beast::error_code error, std::size_t) {
                          if (error) return;
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Connection::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return Shutdown();
    if (ec == beast::error::timeout) {
      service_.metrics().RequestTimedOut();
      return;  // the stream is closed already
    }
    if (ec) {
      // A request past a limit, or not HTTP, is answered; a connection that failed is not
      // (the client went away: its work is dropped with the connection).
      std::optional<Response> error = ReadErrorResponse(ec, service_.limits());
      if (!error) return;
      service_.metrics().Request(error->route, error->status, 0);
      return Send(std::move(*error), false);
    }
    const bool keep_alive = parser_->get().keep_alive();
    Send(service_.Handle(ToRequest(*parser_)), keep_alive);
  }

  void SendError(int status, const std::string& code, const std::string& message) {
    Response response = ErrorResponse(status, code, message);
    response.route = "http";
    service_.metrics().Request(response.route, status, 0);
    Send(std::move(response), false);
  }

  void Send(Response response, bool keep_alive) {
    auto out = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), 11);
    out->set(http::field::server, "rubric");
    out->set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) out->set(name, value);
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    response_ = out;
    stream_.expires_after(Millis(service_.limits().request_timeout_seconds));
    http::async_write(
        stream_, *out,
        beast::bind_front_handler(&Connection::OnWrite, shared_from_this(), out->need_eof()));
  }

  void OnWrite(bool close, beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) return;
    if (close) return Shutdown();
    Read();
  }

  // Half-closes, then reads what the client still sends (a body past the limit, at most
  // 1 MiB, for at most a second) so that it sees the response rather than a reset.
  void Shutdown() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(1));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(net::buffer(drain_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (!ec && self->drained_ < (1u << 20)) self->Drain();
                            });
  }
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& context, Service& service)
      : context_(context),
        acceptor_(net::make_strand(context)),
        retry_(acceptor_.get_executor()),
        service_(service) {}

  bool Open(const tcp::endpoint& endpoint, std::string* error) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
      *error = "cannot listen on " + endpoint.address().to_string() + ":" +
               std::to_string(endpoint.port()) + ": " + ec.message();
    return !ec;
  }
  tcp::endpoint local() const { return acceptor_.local_endpoint(); }
  void Accept() {
    acceptor_.async_accept(net::make_strand(context_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }
  // On the acceptor's strand, as its accept handler runs: a signal handled on another
  // thread of the pool must not close the acceptor while a handler uses it.
  void Close() {
    net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  net::io_context& context_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  Service& service_;

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {  // out of file descriptors, say: try again shortly
      retry_.expires_after(std::chrono::milliseconds(50));
      retry_.async_wait([self = shared_from_this()](beast::error_code) { self->Accept(); });
      return;
    }
    // Responses go out at once: no waiting to coalesce small writes (Nagle's algorithm).
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    Metrics& metrics = service_.metrics();
    const bool refuse =
        metrics.connections() >= static_cast<std::int64_t>(service_.limits().max_connections);
    if (refuse) {
      metrics.ConnectionRefused();
    } else {
      metrics.ConnectionOpened();
    }
    std::make_shared<Connection>(std::move(socket), service_, refuse)->Start();
    Accept();
  }
};

}  // namespace

bool IsLoopback(const std::string& host) {
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

bool ParseListenAddress(const std::string& text, ListenAddress* out, std::string* error) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    *error = "--listen takes HOST:PORT, not '" + text + "'";
    return false;
  }
  std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host == "localhost") host = "127.0.0.1";
  beast::error_code ec;
  net::ip::make_address(host, ec);
  if (ec) {
    *error = "--listen: '" + host + "' is not a numeric address";
    return false;
  }
  unsigned long value = 0;
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (value = std::stoul(port)) > 65535) {
    *error = "--listen: the port must be a number from 0 to 65535, not '" + port + "'";
    return false;
  }
  out->host = host;
  out->port = static_cast<unsigned short>(value);
  return true;
}

bool RunHttpServer(Service& service, const ListenAddress& address,
                   const std::function<void(const std::string&)>& on_listening,
                   const std::function<void(const LoadOutcome&)>& on_reload, std::string* error) {
  const unsigned threads = service.limits().threads > 0
                               ? service.limits().threads
                               : std::max(1u, std::thread::hardware_concurrency());
  net::io_context context(static_cast<int>(threads));
  auto listener = std::make_shared<Listener>(context, service);
  const tcp::endpoint endpoint(net::ip::make_address(address.host), address.port);
  if (!listener->Open(endpoint, error)) return false;

  net::signal_set signals(context, SIGINT, SIGTERM, SIGHUP);
  std::function<void(beast::error_code, int)> on_signal = [&](beast::error_code ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP) {
      on_reload(service.Reload());
      signals.async_wait(on_signal);
      return;
    }
    listener->Close();
    context.stop();
  };
  signals.async_wait(on_signal);

  // Idle sessions are dropped every second.
  net::steady_timer sweep(context);
  std::function<void(beast::error_code)> on_sweep = [&](beast::error_code ec) {
    if (ec) return;
    service.Sweep();
    sweep.expires_after(std::chrono::seconds(1));
    sweep.async_wait(on_sweep);
  };
  sweep.expires_after(std::chrono::seconds(1));
  sweep.async_wait(on_sweep);

  listener->Accept();
  const tcp::endpoint bound = listener->local();
  const std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                   : bound.address().to_string();
  on_listening(host + ":" + std::to_string(bound.port()));

  // A handler that throws (out of memory in the network code, say) is reported and the
  // thread goes on serving: the server does not end on one request.
  auto run = [&context] {
    for (;;) {
      try {
        context.run();
        return;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "rubric serve: error in a connection: %s\n", e.what());
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < threads; ++k) pool.emplace_back(run);
  run();
  for (std::thread& thread : pool) thread.join();
  return true;
}

}  // namespace rubric::service
