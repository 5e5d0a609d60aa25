#pragma once
// `firedrill play --host`: one drill, the only world, with several seats played from other
// machines over TCP (Boost.Asio, newline-delimited JSON: docs/seat-protocol.md, "Several
// seats"). Each seat gets its own view (SeatView); simulated time passes while every connected
// seat waits; a seat whose connection drops is played by the policy until it joins again.

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/model/facilitator.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"

namespace firedrill::app {

// What a facilitator's window on the host answers each frame (HostOptions::on_frame).
struct HostFrame {
  std::vector<model::DrillAction> actions;  // the facilitator's, to apply now in order
  bool closed = false;                      // the window is closed: no more frames
};

// Where the host listens and how long it waits for people, in real time.
struct HostOptions {
  std::string bind = "0.0.0.0";  // an IPv4 or IPv6 address
  unsigned short port = 0;       // 0: any free port (printed)
  // A connection's first line ({"join": SEAT}) must come within this.
  std::chrono::seconds join_timeout{10};
  // The drill starts once every seat has joined, or after this: the seats missing then start
  // under the policy and may join later.
  std::chrono::seconds start_timeout{300};
  // A seat the clock has waited on (it neither acts nor waits) this long is dropped: the policy
  // plays it until it joins again.
  std::chrono::seconds idle_timeout{600};
  // With no seat connected the clock stands still this long for one to come back, then the
  // drill runs on to its end under the policy.
  std::chrono::seconds rejoin_timeout{60};
  // A facilitator's window on the host (play --host --window), called every `frame_interval`
  // of real time from the start until the drill ends or it answers `closed`, with the simulated
  // now and the commands so far. The actions it returns (the facilitator's: InjectFault,
  // EndFault, Bookmark) apply to the drill at once, at that now, in order, recorded as the
  // facilitator's commands (no seat). While it is set, the clock gives way to it at least every
  // frame_interval.
  std::function<HostFrame(model::SimTime now, const std::vector<model::DrillCommand>& commands)>
      on_frame;
  std::chrono::milliseconds frame_interval{16};
};

// Hosts the drill of `scenario` with `seed` and `seats` (no two equal; `names[i]` is seat i's
// text, as a joining seat gives it) until the drill ends, and returns its commands (each seat's
// actions, its leaving and rejoining), which replay it exactly (model::simulate_drill with
// `seats`). Writes {"type": "listening", "port": N, "seats": [...]} on `out` once it listens,
// and who joins and leaves on `log`. Calls `on_commands` with the commands so far after each.
// Throws BadInput when it cannot listen on the address.
std::vector<model::DrillCommand> host_drill(
    const model::Scenario& scenario, std::uint64_t seed, const std::vector<model::Seat>& seats,
    const std::vector<std::string>& names, const HostOptions& options, std::ostream& out,
    std::ostream& log,
    const std::function<void(const std::vector<model::DrillCommand>&)>& on_commands);

}  // namespace firedrill::app
