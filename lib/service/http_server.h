// The network side of `rubric serve`: an HTTP/1.1 server on Boost.Beast that reads each
// request under the limits (header and body size, one deadline for the whole request so a
// slow client is cut off, a cap on open connections), hands it to Service::Handle on a
// fixed pool of threads, and writes the response. SIGHUP reloads the standards; SIGINT
// and SIGTERM stop the server.
#ifndef RUBRIC_SERVICE_HTTP_SERVER_H_
#define RUBRIC_SERVICE_HTTP_SERVER_H_

#include <functional>
#include <string>

#include "service/service.h"

namespace rubric::service {

struct ListenAddress {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
};

// "HOST:PORT", "[V6]:PORT" or ":PORT" (loopback). HOST is a numeric address or
// "localhost". False with `*error` on anything else.
bool ParseListenAddress(const std::string& text, ListenAddress* out, std::string* error);

// Whether `host` is a loopback address (127.0.0.0/8, ::1).
bool IsLoopback(const std::string& host);

// Serves until SIGINT or SIGTERM. `on_listening` gets the bound address ("127.0.0.1:41234",
// the port chosen by the system when 0 was asked) once the server accepts connections;
// `on_reload` gets each SIGHUP reload's outcome. Returns false with `*error` when it
// cannot listen.
bool RunHttpServer(Service& service, const ListenAddress& address,
                   const std::function<void(const std::string&)>& on_listening,
                   const std::function<void(const LoadOutcome&)>& on_reload, std::string* error);

}  // namespace rubric::service

#endif  // RUBRIC_SERVICE_HTTP_SERVER_H_
