#pragma once
// `firedrill play --join HOST:PORT --as SEAT`: a seat of a drill hosted elsewhere (play_host.hpp),
// played over JSON lines: the host's observations out, the seat's lines in, as with --stdio
// (docs/seat-protocol.md).

#include <chrono>
#include <istream>
#include <ostream>
#include <string>

namespace firedrill::app {

// How long the client waits for the host, in real time: to connect, and for the answer to its
// join (the briefing, or why it is refused).
inline constexpr std::chrono::seconds kJoinTimeout{10};

// Connects to `address` ("HOST:PORT"; an IPv6 host in brackets: "[::1]:7000"), joins as `seat`,
// then relays: the host's lines to `out`, lines of `in` to the host, until the host ends the
// drill or closes. The end of `in` leaves the seat (the policy plays it). Returns the exit
// status: 0 when the drill ended or the seat left. Throws UsageError for a malformed address,
// BadInput when the host cannot be reached or answers no join within kJoinTimeout, or refuses
// the seat (its message), and std::runtime_error when the host drops the connection mid-drill.
int join_drill(const std::string& address, const std::string& seat, std::istream& in,
               std::ostream& out);

}  // namespace firedrill::app
