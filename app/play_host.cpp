// The host of a drill with several seats: one thread, one Boost.Asio io_context. The world is
// advanced only in the handlers, so seats' lines apply one at a time at the simulated time
// they arrive; the drill is then a function of the commands recorded with their times, however
// the network interleaved them.

#include "app/play_host.hpp"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without <utility>.
// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on

#include <algorithm>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/cli.hpp"
#include "app/seat_view.hpp"
#include "sim/engine/check.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/seat_action.hpp"

namespace firedrill::app {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using model::SimTime;

class Host;

// One TCP connection: lines in (at most kMaxSeatLineBytes each), lines out in order.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Host& host)
      : socket_(std::move(socket)),
        in_(kMaxSeatLineBytes + 1),
        handshake_(socket_.get_executor()),
        host_(host) {}

  // Reads lines; the first must come within `join_timeout`, else the connection is refused.
  void start(std::chrono::seconds join_timeout);
  // The connection joined a seat: no more deadline for its first line.
  void joined() { handshake_.cancel(); }
  void send(const std::string& line);
  // Closes once what was sent is written.
  void close();
  // Tells the other end why in an error line, then closes.
  void refuse(const std::string& message) {
    send(nlohmann::ordered_json{{"type", "error"}, {"message", message}}.dump());
    close();
  }

  std::optional<std::size_t> slot;  // the seat it plays, once it joined

 private:
  void read_line();
  void write_next();
  void shut();

  tcp::socket socket_;
  asio::streambuf in_;
  asio::steady_timer handshake_;
  std::deque<std::string> out_;
  bool writing_ = false;
  bool closing_ = false;
  Host& host_;
};

class Host {
 public:
  Host(const model::Scenario& scenario, std::uint64_t seed, const std::vector<model::Seat>& seats,
       const std::vector<std::string>& names, const HostOptions& options, std::ostream& log,
       const std::function<void(const std::vector<model::DrillCommand>&)>& on_commands)
      : sc_(scenario),
        seats_(seats),
        options_(options),
        log_(log),
        on_commands_(on_commands),
        run_(scenario, seed, &sink_),
        acceptor_(io_),
        start_timer_(io_),
        empty_timer_(io_),
        frame_timer_(io_) {
    for (std::size_t s = 0; s < seats.size(); ++s) {
      FIREDRILL_CHECK(!run_.take_seat(seats[s]), "host_drill: two seats are equal");
      slots_.push_back(Slot{names[s], nullptr, std::nullopt, std::nullopt, false, false, 0,
                            std::make_unique<asio::steady_timer>(io_)});
    }
  }

  // Listens; returns the port.
  unsigned short listen() {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(options_.bind, ec);
    if (ec) throw BadInput("firedrill play: --bind: not an IP address: " + options_.bind);
    const tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      throw BadInput("firedrill play: cannot listen on " + options_.bind + ":" +
                     std::to_string(options_.port) + ": " + ec.message());
    return acceptor_.local_endpoint().port();
  }

  std::vector<model::DrillCommand> run() {
    accept();
    start_timer_.expires_after(options_.start_timeout);
    start_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !started_) start();
    });
    if (options_.on_frame) frame();
    io_.run();
    return commands_;
  }

  void on_line(const std::shared_ptr<Connection>& conn, const std::string& line) {
    if (conn->slot) return seat_line(*conn->slot, line);
    join(conn, line);
  }

  // The connection is gone (closed by the seat, dropped, or by us).
  void on_closed(const std::shared_ptr<Connection>& conn) {
    if (!conn->slot || slots_[*conn->slot].conn != conn) return;
    const std::size_t s = *conn->slot;
    Slot& slot = slots_[s];
    slot.conn.reset();
    slot.view.reset();
    slot.waiting.reset();
    slot.woken = false;
    slot.idle->cancel();
    if (!started_ || finished_) return;
    log_ << "firedrill play: " << slot.name << " left at T+" << seconds(run_.now())
         << " s: the policy plays the seat until it joins again\n";
    apply(model::LeaveSeat{}, s);
    pump();
  }

 private:
  // A seat and who plays it now: its connection and view (while connected), until when it
  // waits (nullopt: the clock waits for it), and whether something that needs it was shown
  // since its last `ready` (its next wait then ends at once: it was sent before the seat saw it).
  struct Slot {
    std::string name;
    std::shared_ptr<Connection> conn;
    std::optional<SeatView> view;
    std::optional<SimTime> waiting;
    bool woken = false;
    bool joined = false;  // once joined: a later join is a rejoin
    std::size_t lines = 0;
    std::unique_ptr<asio::steady_timer> idle;
  };

  static double seconds(SimTime t) { return engine::to_seconds(t); }

  // The facilitator's window draws a frame at the host's now; what the facilitator did there
  // applies here at the same simulated time (the window's view is at this now and this world
  // by determinism, so the world accepts it as the view did).
  void frame() {
    frame_due_ = std::chrono::steady_clock::now() + options_.frame_interval;
    HostFrame answer = options_.on_frame(run_.now(), commands_);
    for (model::DrillAction& action : answer.actions) {
      FIREDRILL_CHECK(!std::holds_alternative<model::SeatAction>(action) &&
                          !std::holds_alternative<model::LeaveSeat>(action) &&
                          !std::holds_alternative<model::RejoinSeat>(action),
                      "host_drill: the facilitator's window sent a seat's command");
      auto applied = model::apply_now(run_, std::move(action));
      const auto* command = std::get_if<model::DrillCommand>(&applied);
      FIREDRILL_CHECK(command, "host_drill: the world refused the facilitator's command");
      log_ << "firedrill play: the facilitator " << facilitator_verb(command->action) << " at T+"
           << seconds(run_.now()) << " s\n";
      record(*command);
      run_.run_until(run_.now());  // as the window's view and a replay do: its events at once
    }
    if (!answer.actions.empty()) observe();  // a seat may see the fault's effect now
    if (answer.closed) {
      frame_closed_ = true;
      log_ << "firedrill play: the facilitator's window is closed: the drill goes on for the "
              "seats\n";
      return;
    }
    if (finished_) return;
    frame_timer_.expires_at(frame_due_);
    frame_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !finished_) frame();
    });
  }

  static std::string facilitator_verb(const model::DrillAction& action) {
    if (const auto* inject = std::get_if<model::InjectFault>(&action))
      return "injected fault " + inject->fault.id;
    if (const auto* end = std::get_if<model::EndFault>(&action))
      return "ended fault " + end->fault_id;
    return "bookmarked";
  }

  void accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec) return;  // closed at the drill's end
      std::make_shared<Connection>(std::move(socket), *this)->start(options_.join_timeout);
      accept();
    });
  }

  std::string seat_list() const {
    std::string list;
    for (const Slot& slot : slots_) list += (list.empty() ? "" : ", ") + slot.name;
    return list;
  }

  // The connection's first line: {"join": SEAT}.
  void join(const std::shared_ptr<Connection>& conn, const std::string& line) {
    const auto doc = nlohmann::json::parse(line, nullptr, false);
    if (!doc.is_object() || doc.size() != 1 || !doc.contains("join") || !doc["join"].is_string())
      return conn->refuse("the first line must be {\"join\": SEAT}, SEAT one of: " + seat_list());
    const std::string name = doc["join"].get<std::string>();
    std::optional<std::size_t> s;
    try {
      const model::Seat seat = scenario::parse_seat(name, sc_);
      const auto it = std::find(seats_.begin(), seats_.end(), seat);
      if (it != seats_.end()) s = static_cast<std::size_t>(it - seats_.begin());
    } catch (const std::invalid_argument&) {  // not a seat of the scenario: not one of ours
    }
    if (!s)
      return conn->refuse("no seat \"" + name + "\" in this drill: its seats are " + seat_list());
    Slot& slot = slots_[*s];
    if (slot.conn) return conn->refuse("seat " + slot.name + " is taken: someone plays it now");
    if (finished_) return conn->refuse("the drill has ended");
    // Back after leaving (or after a start without it): the seat is played from outside again.
    if (started_) {
      auto applied = model::apply_now(run_, model::RejoinSeat{}, *s);
      if (const auto* refused = std::get_if<model::Refusal>(&applied))
        return conn->refuse("seat " + slot.name + " cannot rejoin: " + refused->reason);
      record(std::get<model::DrillCommand>(applied));
    }
    conn->slot = s;
    conn->joined();
    slot.conn = conn;
    const std::size_t index = *s;
    slot.view.emplace(sc_, run_, sink_.recorder, index,
                      [conn](const std::string& out) { conn->send(out); });
    slot.lines = 0;
    log_ << "firedrill play: " << slot.name << (slot.joined ? " rejoined" : " joined") << " at T+"
         << seconds(run_.now()) << " s\n";
    slot.joined = true;
    slot.view->briefing(slot.name);
    // As at the start of play --stdio: the drill runs until something needs the seat. A
    // rejoining seat is shown its findings and the pages ringing for it now.
    if (started_ && slot.view->observe({}))
      end_wait(index);
    else
      slot.waiting = sc_.run.duration;
    empty_timer_.cancel();
    if (!started_ &&
        std::all_of(slots_.begin(), slots_.end(), [](const Slot& x) { return x.conn != nullptr; }))
      start();
    pump();
  }

  // The drill starts: seats not joined are played by the policy until they join.
  void start() {
    started_ = true;
    start_timer_.cancel();
    for (std::size_t s = 0; s < slots_.size(); ++s)
      if (!slots_[s].conn) apply(model::LeaveSeat{}, s);
    log_ << "firedrill play: the drill starts\n";
    pump();
  }

  void seat_line(std::size_t s, const std::string& line) {
    Slot& slot = slots_[s];
    slot.idle->cancel();
    slot.waiting.reset();  // a line ends a wait: the seat is here
    const SeatRequest request = slot.view->read(line, ++slot.lines);
    if (const auto* w = std::get_if<SeatWait>(&request)) {
      if (slot.woken) return end_wait(s);
      slot.waiting = w->until;
      pump();
      return;
    }
    if (const auto* action = std::get_if<model::SeatAction>(&request)) {
      if (finished_) {
        slot.view->acted(*action, model::Refusal{"the drill has ended"});
      } else {
        auto applied = model::apply_now(run_, *action, s);
        if (const auto* refused = std::get_if<model::Refusal>(&applied)) {
          slot.view->acted(*action, *refused);
        } else {
          record(std::get<model::DrillCommand>(applied));
          slot.view->acted(*action, std::nullopt);
          observe();  // another seat may be paged by it
        }
      }
    }
    if (slot.conn && !slot.waiting) end_wait(s);
  }

  void apply(model::DrillAction action, std::size_t s) {
    auto applied = model::apply_now(run_, std::move(action), s);
    record(std::get<model::DrillCommand>(applied));
  }

  void record(model::DrillCommand command) {
    commands_.push_back(std::move(command));
    if (on_commands_) on_commands_(commands_);
  }

  // Seat `s`'s wait is over: it is asked for its next line, and the clock waits for it (at most
  // idle_timeout).
  void end_wait(std::size_t s) {
    Slot& slot = slots_[s];
    slot.waiting.reset();
    slot.woken = false;
    slot.view->ready();
    slot.idle->expires_after(options_.idle_timeout);
    slot.idle->async_wait([this, s](const boost::system::error_code& ec) {
      if (ec || !slots_[s].conn || slots_[s].waiting) return;
      const auto conn = slots_[s].conn;
      conn->refuse("no line for " + std::to_string(options_.idle_timeout.count()) +
                   " s while the drill waited for you: the policy plays your seat");
      on_closed(conn);
    });
  }

  // Every connected seat sees what is new; a seat waiting that it needs stops waiting.
  void observe() {
    for (std::size_t s = 0; s < slots_.size(); ++s) {
      Slot& slot = slots_[s];
      if (!slot.view || !slot.view->observe(sink_.fresh)) continue;
      if (slot.waiting)
        end_wait(s);
      else
        slot.woken = true;
    }
    sink_.fresh.clear();
  }

  // Runs the clock while every connected seat waits: to the nearest end of a wait, a second at
  // a time, stopping when something needs a seat. With no seat connected, it stands still for
  // rejoin_timeout, then runs on to the end.
  void pump() {
    if (!started_ || finished_) return;
    while (!run_.finished()) {
      std::optional<SimTime> until;
      bool connected = false;
      for (const Slot& slot : slots_) {
        if (!slot.conn) continue;
        connected = true;
        if (!slot.waiting) return;  // the clock waits for this seat
        until = std::min(until.value_or(*slot.waiting), *slot.waiting);
      }
      if (!connected) return wait_for_rejoin();
      if (run_.now() < *until) {
        run_.run_until(std::min(*until, run_.now() + kSeatTick));
        observe();
      }
      for (std::size_t s = 0; s < slots_.size(); ++s)
        if (slots_[s].conn && slots_[s].waiting && *slots_[s].waiting <= run_.now()) end_wait(s);
      // The facilitator's window draws in between: the rest of the pump after its frame.
      if (options_.on_frame && !frame_closed_ && std::chrono::steady_clock::now() >= frame_due_) {
        asio::post(io_, [this] { pump(); });
        return;
      }
    }
    finish();
  }

  void wait_for_rejoin() {
    log_ << "firedrill play: no seat is connected: the drill goes on to its end in "
         << options_.rejoin_timeout.count() << " s unless one joins\n";
    empty_timer_.expires_after(options_.rejoin_timeout);
    empty_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || finished_) return;
      run_.run_to_end();
      sink_.fresh.clear();
      finish();
    });
  }

  void finish() {
    finished_ = true;
    for (Slot& slot : slots_) {
      slot.idle->cancel();
      if (!slot.conn) continue;
      slot.view->end();
      slot.conn->close();
    }
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    start_timer_.cancel();
    empty_timer_.cancel();
    frame_timer_.cancel();
    log_ << "firedrill play: the drill has ended\n";
  }

  const model::Scenario& sc_;
  const std::vector<model::Seat>& seats_;
  const HostOptions& options_;
  std::ostream& log_;
  const std::function<void(const std::vector<model::DrillCommand>&)>& on_commands_;
  DrillSink sink_;
  model::Run run_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  asio::steady_timer start_timer_;
  asio::steady_timer empty_timer_;
  asio::steady_timer frame_timer_;                     // HostOptions::on_frame
  std::chrono::steady_clock::time_point frame_due_{};  // the window's next frame
  bool frame_closed_ = false;                          // the window answered closed
  std::vector<Slot> slots_;
  std::vector<model::DrillCommand> commands_;
  bool started_ = false;
  bool finished_ = false;
};

void Connection::send(const std::string& line) {
  if (closing_) return;
  out_.push_back(line + '\n');
  if (!writing_) write_next();
}

void Connection::close() {
  closing_ = true;
  if (!writing_) shut();
}

void Connection::start(std::chrono::seconds join_timeout) {
  handshake_.expires_after(join_timeout);
  handshake_.async_wait([self = shared_from_this(),
                         join_timeout](const boost::system::error_code& ec) {
    if (ec || self->slot) return;
    self->refuse("no {\"join\": SEAT} line within " + std::to_string(join_timeout.count()) + " s");
  });
  read_line();
}

void Connection::shut() {
  handshake_.cancel();
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void Connection::write_next() {
  if (out_.empty()) {
    writing_ = false;
    if (closing_) shut();
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(out_.front()),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      self->out_.pop_front();
                      if (ec) {
                        self->out_.clear();
                        self->writing_ = false;
                        self->closing_ = true;
                        self->shut();
                        return;
                      }
                      self->write_next();
                    });
}

void Connection::read_line() {
  asio::async_read_until(
      socket_, in_, '\n',
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
        if (ec) {
          if (ec == asio::error::not_found)  // the buffer's limit
            self->refuse("a line longer than " + std::to_string(kMaxSeatLineBytes) +
                         " bytes: closing the connection");
          self->close();
          self->host_.on_closed(self);
          return;
        }
        std::string line(asio::buffers_begin(self->in_.data()),
                         asio::buffers_begin(self->in_.data()) + static_cast<std::ptrdiff_t>(n));
        self->in_.consume(n);
        line.pop_back();
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!self->closing_) self->host_.on_line(self, line);
        self->read_line();
      });
}

}  // namespace

std::vector<model::DrillCommand> host_drill(
    const model::Scenario& scenario, std::uint64_t seed, const std::vector<model::Seat>& seats,
    const std::vector<std::string>& names, const HostOptions& options, std::ostream& out,
    std::ostream& log,
    const std::function<void(const std::vector<model::DrillCommand>&)>& on_commands) {
  Host host(scenario, seed, seats, names, options, log, on_commands);
  const unsigned short port = host.listen();
  out << nlohmann::ordered_json{{"type", "listening"}, {"port", port}, {"seats", names}}.dump()
      << '\n'
      << std::flush;
  return host.run();
}

}  // namespace firedrill::app
