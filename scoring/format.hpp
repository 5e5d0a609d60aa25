#pragma once
// Plain-text formatting shared by the postmortem and the scorecard: wall-clock timestamps,
// offsets, durations, counts, money and percentages. Locale-independent and deterministic.

#include <cstdint>
#include <string>

#include "sim/engine/sim_time.hpp"

namespace firedrill::scoring {

// "2026-11-27 18:40:15 UTC": the run's start plus `at`, truncated to the second.
std::string format_utc(std::int64_t start_unix_s, engine::SimTime at);
// "2026-11-27": the UTC date of the run's start plus `at`.
std::string format_utc_date(std::int64_t start_unix_s, engine::SimTime at);
// "14:40" in IANA time zone `time_zone` at the run's start plus `at`.
// Throws std::runtime_error when the zone is unknown (the scenario loader rejects those).
std::string format_local_time(std::int64_t start_unix_s, engine::SimTime at,
                              const std::string& time_zone);
// "T+07:05" (minutes may exceed 59: "T+125:00"), "T-00:30" before the reference point.
std::string format_offset(engine::SimTime since);
// "45 s", "3 min 12 s", "5 min", "1 h 02 min", "4 h"; under a minute to 0.1 s ("0.5 s"); from
// an hour on, to the minute.
std::string format_duration(double seconds);
// Rounded to a whole number with thousands separators: "12,346".
std::string format_count(double n);
// Whole units of `currency` (an ISO 4217 code) with thousands separators: "1,235 EUR".
std::string format_money(double x, const std::string& currency);
// A fraction as a percentage with at most one decimal: 0.345 → "34.5 %", 0.2 → "20 %",
// below 0.05 % but above 0 → "< 0.1 %"; infinite → "∞ %".
std::string format_percent(double fraction);
// An objective (an SLO's target) as a percentage with every decimal it has, up to four:
// 0.999 → "99.9 %", 0.9995 → "99.95 %", 0.99999 → "99.999 %", 1 → "100 %": never rounded up to
// a target it is not.
std::string format_objective(double fraction);

}  // namespace firedrill::scoring
