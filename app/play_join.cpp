// The joining seat: Boost.Asio on this thread for the socket, a second thread for the blocking
// reads of `in` (a line read there is handed to the socket's thread).

#include "app/play_join.hpp"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without <utility>.
// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on

#include <atomic>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/cli.hpp"
#include "app/seat_view.hpp"

namespace firedrill::app {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Runs `io` until `done` holds or `timeout` passes; returns whether `done` held.
template <typename Done>
bool run_until(asio::io_context& io, std::chrono::seconds timeout, const Done& done) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  io.restart();
  while (!done() && std::chrono::steady_clock::now() < deadline) io.run_one_until(deadline);
  return done();
}

}  // namespace

int join_drill(const std::string& address, const std::string& seat, std::istream& in,
               std::ostream& out) {
  const auto colon = address.rfind(':');
  std::string host = colon == std::string::npos ? "" : address.substr(0, colon);
  const std::string port = colon == std::string::npos ? "" : address.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty() || port.empty() || port.find_first_not_of("0123456789") != std::string::npos ||
      port.size() > 5 || std::stoi(port) < 1 || std::stoi(port) > 65535)
    throw UsageError("firedrill play: --join: HOST:PORT with a port in 1-65535, got \"" + address +
                     "\"");

  // The io_context and socket outlive this call in the reading thread's hands.
  struct Link {
    asio::io_context io;
    tcp::socket socket{io};
    std::atomic<bool> input_ended{false};
  };
  const auto link = std::make_shared<Link>();
  tcp::resolver resolver(link->io);
  boost::system::error_code error;
  bool connected = false;
  resolver.async_resolve(
      host, port,
      [&](const boost::system::error_code& ec, const tcp::resolver::results_type& endpoints) {
        if (ec) {
          error = ec;
          connected = true;
          return;
        }
        asio::async_connect(link->socket, endpoints,
                            [&](const boost::system::error_code& e, const tcp::endpoint&) {
                              error = e;
                              connected = true;
                            });
      });
  const std::string where = "firedrill play: cannot join " + address + ": ";
  if (!run_until(link->io, kJoinTimeout, [&] { return connected; }))
    throw BadInput(where + "no connection within " + std::to_string(kJoinTimeout.count()) + " s");
  if (error) throw BadInput(where + error.message());

  asio::write(link->socket, asio::buffer(nlohmann::json{{"join", seat}}.dump() + "\n"), error);
  asio::streambuf buffer(kMaxSeatLineBytes + 1);
  // Reads the host's next line into `line`; false at the end of the connection.
  std::string line;
  bool got = false;
  bool open = true;
  const std::function<void()> read = [&] {
    got = false;
    asio::async_read_until(
        link->socket, buffer, '\n', [&](const boost::system::error_code& ec, std::size_t n) {
          got = true;
          if (ec) {
            open = false;
            return;
          }
          line.assign(asio::buffers_begin(buffer.data()),
                      asio::buffers_begin(buffer.data()) + static_cast<std::ptrdiff_t>(n) - 1);
          buffer.consume(n);
        });
  };
  // The answer to the join: the briefing, or why the seat is refused.
  read();
  if (!run_until(link->io, kJoinTimeout, [&] { return got; }))
    throw BadInput(where + "no answer from the host within " +
                   std::to_string(kJoinTimeout.count()) + " s");
  if (!open) throw BadInput(where + "the host closed the connection");
  const auto first = nlohmann::json::parse(line, nullptr, false);
  if (first.is_object() && first.value("type", "") == "error")
    throw BadInput(where + first.value("message", "refused"));
  out << line << '\n' << std::flush;

  // The seat's lines go to the host as they come; the end of input leaves the seat.
  std::thread([link, &in] {
    std::string mine;
    while (std::getline(in, mine))
      asio::post(link->io, [link, mine] {
        boost::system::error_code ignored;
        asio::write(link->socket, asio::buffer(mine + "\n"), ignored);
      });
    link->input_ended = true;
    asio::post(link->io, [link] {
      boost::system::error_code ignored;
      link->socket.shutdown(tcp::socket::shutdown_send, ignored);
    });
  }).detach();

  bool ended = false;
  for (;;) {
    read();
    link->io.restart();
    while (!got && link->io.run_one() > 0) {
    }
    if (!open) break;
    out << line << '\n' << std::flush;
    const auto message = nlohmann::json::parse(line, nullptr, false);
    ended = ended || (message.is_object() && message.value("type", "") == "end");
  }
  if (ended || link->input_ended) return kExitOk;
  throw std::runtime_error("firedrill play: the host closed the connection");
}

}  // namespace firedrill::app
