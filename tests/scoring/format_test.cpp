#include "scoring/format.hpp"

#include <catch2/catch.hpp>
#include <limits>

#include "fixtures.hpp"

namespace firedrill::scoring {
namespace {

using testing::seconds;

TEST_CASE("format_utc: the run's start plus the event time, to the second", "[scoring]") {
  const std::int64_t start = testing::drill_start_unix_s();
  CHECK(format_utc(start, seconds(0)) == "2026-11-27 18:00:00 UTC");
  CHECK(format_utc(start, seconds(40 * 60 + 15.999)) == "2026-11-27 18:40:15 UTC");
  CHECK(format_utc(start, seconds(6 * 3600)) == "2026-11-28 00:00:00 UTC");
  CHECK(format_utc_date(start, seconds(6 * 3600)) == "2026-11-28");
}

TEST_CASE("format_local_time: the wall clock in the person's time zone", "[scoring]") {
  const std::int64_t start = testing::drill_start_unix_s();
  CHECK(format_local_time(start, seconds(0), "UTC") == "18:00");
  CHECK(format_local_time(start, seconds(0), "Asia/Tokyo") == "03:00");        // UTC+9
  CHECK(format_local_time(start, seconds(0), "America/New_York") == "13:00");  // EST, UTC−5
}

TEST_CASE("format_offset: T+mm:ss with unbounded minutes and a sign", "[scoring]") {
  CHECK(format_offset(seconds(0)) == "T+00:00");
  CHECK(format_offset(seconds(425)) == "T+07:05");
  CHECK(format_offset(seconds(125 * 60)) == "T+125:00");
  CHECK(format_offset(seconds(-30)) == "T-00:30");
}

TEST_CASE("format_duration: seconds, minutes and hours in words", "[scoring]") {
  CHECK(format_duration(0.5) == "0.5 s");
  CHECK(format_duration(45) == "45 s");
  CHECK(format_duration(192) == "3 min 12 s");
  CHECK(format_duration(300) == "5 min");
  CHECK(format_duration(3720) == "1 h 02 min");
  CHECK(format_duration(4 * 3600) == "4 h");
  CHECK(format_duration(3 * 3600 + 59 * 60 + 40) == "4 h");
}

TEST_CASE("format_count, format_money, format_percent: grouped and rounded", "[scoring]") {
  CHECK(format_count(12345.6) == "12,346");
  CHECK(format_count(999) == "999");
  CHECK(format_count(1234567) == "1,234,567");
  CHECK(format_money(1234.5, "EUR") == "1,235 EUR");  // whole units, half away from zero
  CHECK(format_money(8401566.6, "USD") == "8,401,567 USD");
  CHECK(format_money(-0.001, "JPY") == "0 JPY");
  // Beyond a long long: the double's own digits (2^70), not a wrapped llround.
  CHECK(format_count(1180591620717411303424.0) == "1,180,591,620,717,411,303,424");
  CHECK(format_money(-1180591620717411303424.0, "USD") == "-1,180,591,620,717,411,303,424 USD");
  CHECK(format_percent(0.345) == "34.5 %");
  CHECK(format_percent(0.2) == "20 %");
  CHECK(format_percent(0.0) == "0 %");
  CHECK(format_percent(0.0001) == "< 0.1 %");
  CHECK(format_percent(std::numeric_limits<double>::infinity()) == "∞ %");
}

TEST_CASE("format_objective: an SLO with every decimal it has, never rounded up to 100 %",
          "[scoring]") {
  CHECK(format_objective(0.999) == "99.9 %");
  CHECK(format_objective(0.9995) == "99.95 %");
  CHECK(format_objective(0.9999) == "99.99 %");
  CHECK(format_objective(0.99999) == "99.999 %");
  CHECK(format_objective(0.95) == "95 %");
  CHECK(format_objective(1.0) == "100 %");
  // Beyond four decimals the objective is cut, not rounded: it reads below 100 %.
  CHECK(format_objective(0.9999999) == "99.9999 %");
}

}  // namespace
}  // namespace firedrill::scoring
