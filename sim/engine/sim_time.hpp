#pragma once
// Simulation time: integer milliseconds since the run's start, so ties compare exactly.

#include <chrono>
#include <cstdint>

namespace firedrill::engine {

// A point or span of simulated time, in milliseconds since the run's start.
using SimTime = std::chrono::duration<std::int64_t, std::milli>;

// Returns `t` in seconds as a double (for reports and rates).
constexpr double to_seconds(SimTime t) { return static_cast<double>(t.count()) / 1000.0; }

// Returns the SimTime nearest to `seconds`, rounding half away from zero.
constexpr SimTime from_seconds(double seconds) {
  const double ms = seconds * 1000.0;
  return SimTime{static_cast<std::int64_t>(ms < 0 ? ms - 0.5 : ms + 0.5)};
}

constexpr SimTime from_minutes(double minutes) { return from_seconds(minutes * 60.0); }

}  // namespace firedrill::engine
